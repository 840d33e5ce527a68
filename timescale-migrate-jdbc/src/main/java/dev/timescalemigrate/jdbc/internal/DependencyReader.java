package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.ObjectRef;
import dev.timescalemigrate.model.QualifiedName;
import org.jooq.Record;
import org.jooq.Result;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Reads the source's dependency records ({@code pg_depend}) as edges between the model's objects: each side of an
 * edge is resolved to the object DDL creates, the way pg_dump does it: a column to its table, a table's row type
 * to the table, an array type to its element type, a view's {@code _RETURN} rule to the view, a multirange to its
 * range, an operator family's member (operator or function of an access method) to the operator class or family
 * that creates it. Column defaults, table constraints and domain constraints stay objects of their own, so that DDL can add
 * them separately when a dependency cycle runs through them.
 *
 * <p>Edges used: normal dependencies, a partition's on its parent, and the automatic ones of operator classes,
 * families and their members (on the family, the access method, and the operators and functions a loose member
 * uses). Automatic and internal ones are left out:
 * they tie a part to the object it belongs to (a constraint to its table, a sequence to the column owning it),
 * which DDL expresses by creating the part with or after the object.
 */
final class DependencyReader {

    /**
     * Every object of the user schemas (and, after them, any other object of the database) as
     * {@code (classid, objid, kind, nsp, name, sub)}; {@code kind} is an {@link ObjectRef.Kind} name,
     * {@code sub} the argument list of a routine or the name of a column default's column or of a constraint.
     */
    private static final String OBJECTS = """
            , rel AS (
              SELECT c.oid, s.nspname, c.relname,
                     CASE WHEN c.relkind IN ('r', 'p') THEN 'TABLE' WHEN c.relkind IN ('v', 'm') THEN 'VIEW'
                          WHEN c.relkind = 'S' THEN 'SEQUENCE' WHEN c.relkind = 'c' THEN 'TYPE' END AS kind
              FROM pg_catalog.pg_class c JOIN s ON s.oid = c.relnamespace
              WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'c')
            ), typ AS (
              SELECT t.oid, s.nspname, t.typname, t.typrelid, t.typelem, t.typtype, t.typcategory
              FROM pg_catalog.pg_type t JOIN s ON s.oid = t.typnamespace
            ), o AS (
              SELECT 'pg_catalog.pg_class'::pg_catalog.regclass AS classid, r.oid AS objid, r.kind,
                     r.nspname AS nsp, r.relname::text AS name, NULL::text AS sub
              FROM rel r
              UNION ALL
              SELECT 'pg_catalog.pg_type'::pg_catalog.regclass, t.oid,
                     CASE WHEN r.oid IS NOT NULL THEN r.kind ELSE 'TYPE' END,
                     COALESCE(r.nspname, t.nspname), COALESCE(r.relname, t.typname)::text, NULL
              FROM typ t LEFT JOIN rel r ON r.oid = t.typrelid
              WHERE t.typtype <> 'm' AND NOT (t.typcategory = 'A' AND t.typelem <> 0)
              UNION ALL -- an array type is created with its element type
              SELECT 'pg_catalog.pg_type'::pg_catalog.regclass, a.oid,
                     CASE WHEN r.oid IS NOT NULL THEN r.kind ELSE 'TYPE' END,
                     COALESCE(r.nspname, e.nspname), COALESCE(r.relname, e.typname)::text, NULL
              FROM typ a JOIN typ e ON e.oid = a.typelem LEFT JOIN rel r ON r.oid = e.typrelid
              WHERE a.typcategory = 'A' AND a.typelem <> 0
              UNION ALL -- a multirange type is created with its range type
              SELECT 'pg_catalog.pg_type'::pg_catalog.regclass, m.oid, 'TYPE', rt.nspname, rt.typname::text, NULL
              FROM typ m JOIN pg_catalog.pg_range rg ON rg.rngmultitypid = m.oid JOIN typ rt ON rt.oid = rg.rngtypid
              UNION ALL
              SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass, p.oid, 'ROUTINE', s.nspname, p.proname::text,
                     pg_catalog.pg_get_function_identity_arguments(p.oid)
              FROM pg_catalog.pg_proc p JOIN s ON s.oid = p.pronamespace
              WHERE p.prokind IN ('f', 'p', 'w')
              UNION ALL
              SELECT 'pg_catalog.pg_attrdef'::pg_catalog.regclass, ad.oid, 'COLUMN_DEFAULT', r.nspname,
                     r.relname::text, a.attname::text
              FROM pg_catalog.pg_attrdef ad JOIN rel r ON r.oid = ad.adrelid
              JOIN pg_catalog.pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
              UNION ALL
              SELECT 'pg_catalog.pg_constraint'::pg_catalog.regclass, con.oid,
                     CASE WHEN con.contypid <> 0 THEN 'DOMAIN_CONSTRAINT' ELSE 'TABLE_CONSTRAINT' END,
                     COALESCE(t.nspname, r.nspname), COALESCE(t.typname, r.relname)::text, con.conname::text
              FROM pg_catalog.pg_constraint con LEFT JOIN typ t ON t.oid = con.contypid
              LEFT JOIN rel r ON r.oid = con.conrelid
              WHERE t.oid IS NOT NULL OR r.oid IS NOT NULL
              UNION ALL -- a foreign table's column defaults and constraints are created with it
              SELECT x.classid, x.objid, 'CATALOG_OBJECT', 'foreign table', i.identity, NULL
              FROM (SELECT 'pg_catalog.pg_attrdef'::pg_catalog.regclass AS classid, ad.oid AS objid, ad.adrelid AS relid
                    FROM pg_catalog.pg_attrdef ad
                    UNION ALL
                    SELECT 'pg_catalog.pg_constraint'::pg_catalog.regclass, con.oid, con.conrelid
                    FROM pg_catalog.pg_constraint con WHERE con.conrelid <> 0) x
              JOIN pg_catalog.pg_class c ON c.oid = x.relid AND c.relkind = 'f'
              JOIN s ON s.oid = c.relnamespace
              CROSS JOIN LATERAL pg_catalog.pg_identify_object('pg_catalog.pg_class'::pg_catalog.regclass, c.oid, 0) i
              UNION ALL -- a view's rule is the view
              SELECT 'pg_catalog.pg_rewrite'::pg_catalog.regclass, rw.oid, r.kind, r.nspname, r.relname::text, NULL
              FROM pg_catalog.pg_rewrite rw JOIN rel r ON r.oid = rw.ev_class
              WHERE rw.rulename = '_RETURN' AND r.kind = 'VIEW'
              UNION ALL -- an operator family's member is created by its operator class or its family's ALTER ... ADD
              SELECT m.classid, m.objid, 'CATALOG_OBJECT', i.type, i.identity, NULL
              FROM (SELECT 'pg_catalog.pg_amop'::pg_catalog.regclass AS classid, ao.oid AS objid, ao.amopfamily AS fam
                    FROM pg_catalog.pg_amop ao WHERE ao.oid >= 16384
                    UNION ALL
                    SELECT 'pg_catalog.pg_amproc'::pg_catalog.regclass, ap.oid, ap.amprocfamily
                    FROM pg_catalog.pg_amproc ap WHERE ap.oid >= 16384) m
              LEFT JOIN pg_catalog.pg_depend c ON c.classid = m.classid AND c.objid = m.objid
                   AND c.refclassid = 'pg_catalog.pg_opclass'::pg_catalog.regclass
              CROSS JOIN LATERAL pg_catalog.pg_identify_object(
                  CASE WHEN c.refobjid IS NULL THEN 'pg_catalog.pg_opfamily'::pg_catalog.regclass
                       ELSE 'pg_catalog.pg_opclass'::pg_catalog.regclass END, COALESCE(c.refobjid, m.fam), 0) i
              UNION ALL
              SELECT 'pg_catalog.pg_namespace'::pg_catalog.regclass, s.oid, 'SCHEMA', NULL, s.nspname::text, NULL
              FROM s
              UNION ALL
              SELECT 'pg_catalog.pg_extension'::pg_catalog.regclass, e.oid, 'EXTENSION', NULL, e.extname::text, NULL
              FROM pg_catalog.pg_extension e
            ), edge AS (
              SELECT DISTINCT d.classid, d.objid, d.refclassid, d.refobjid
              FROM pg_catalog.pg_depend d
              WHERE d.objid >= 16384 AND d.refobjid >= 16384 -- FirstNormalObjectId: system objects are there
                AND (d.deptype = 'n'
                     -- an operator class on its family, either on its access method, a loose member on what it uses
                     OR (d.deptype = 'a' AND d.classid IN ('pg_catalog.pg_opclass'::pg_catalog.regclass,
                                                           'pg_catalog.pg_opfamily'::pg_catalog.regclass,
                                                           'pg_catalog.pg_amop'::pg_catalog.regclass,
                                                           'pg_catalog.pg_amproc'::pg_catalog.regclass))
                     OR (d.deptype = 'a' AND d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                         AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
                         AND d.objsubid = 0 AND d.refobjsubid = 0
                         AND EXISTS (SELECT 1 FROM pg_catalog.pg_class pc
                                     WHERE pc.oid = d.objid AND pc.relispartition)))
            ), side AS (
              SELECT e.classid, e.objid FROM edge e UNION SELECT e.refclassid, e.refobjid FROM edge e
            ), member AS ( -- an extension's objects are created by CREATE EXTENSION
              SELECT m.classid, m.objid, 'EXTENSION' AS kind, NULL::name AS nsp, x.extname::text AS name,
                     NULL::text AS sub
              FROM pg_catalog.pg_depend m JOIN pg_catalog.pg_extension x ON x.oid = m.refobjid
              WHERE m.deptype = 'e' AND m.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
            ), resolved AS (
              SELECT * FROM member
              UNION ALL
              SELECT o.* FROM o
              WHERE NOT EXISTS (SELECT 1 FROM member m WHERE m.classid = o.classid AND m.objid = o.objid)
              UNION ALL -- any other object: PostgreSQL's own identity, as CatalogObject uses it
              SELECT x.classid, x.objid, 'CATALOG_OBJECT', i.type, i.identity, NULL
              FROM side x CROSS JOIN LATERAL pg_catalog.pg_identify_object(x.classid, x.objid, 0) i
              WHERE NOT EXISTS (SELECT 1 FROM o WHERE o.classid = x.classid AND o.objid = x.objid)
                AND NOT EXISTS (SELECT 1 FROM member m WHERE m.classid = x.classid AND m.objid = x.objid)
                AND i.identity IS NOT NULL
                AND NOT (x.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND i.type IN ('index', 'toast table'))
            )
            SELECT a.kind AS a_kind, a.nsp AS a_nsp, a.name AS a_name, a.sub AS a_sub,
                   b.kind AS b_kind, b.nsp AS b_nsp, b.name AS b_name, b.sub AS b_sub
            FROM edge e
            JOIN resolved a ON a.classid = e.classid AND a.objid = e.objid
            JOIN resolved b ON b.classid = e.refclassid AND b.objid = e.refobjid
            """;

    private DependencyReader() {
    }

    /**
     * What each of the model's objects depends on among the model's objects.
     *
     * @param query   runs a query that continues the introspector's user-schema {@code WITH s AS (...)} clause
     * @param objects the objects (and parts) of the model
     */
    static Map<ObjectRef, Set<ObjectRef>> read(BiFunction<String, Object[], Result<Record>> query,
                                               Set<ObjectRef> objects) {
        Map<ObjectRef, Set<ObjectRef>> graph = new LinkedHashMap<>();
        for (Record r : query.apply(OBJECTS, new Object[0])) {
            ObjectRef from = ref(r, "a_");
            ObjectRef to = ref(r, "b_");
            if (from != null && to != null && !from.equals(to) && objects.contains(from) && objects.contains(to)) {
                graph.computeIfAbsent(from, k -> new LinkedHashSet<>()).add(to);
            }
        }
        return graph;
    }

    private static ObjectRef ref(Record r, String side) {
        String kind = r.get(side + "kind", String.class);
        String nsp = r.get(side + "nsp", String.class);
        String name = r.get(side + "name", String.class);
        String sub = r.get(side + "sub", String.class);
        if (kind == null || name == null) {
            return null;
        }
        return switch (ObjectRef.Kind.valueOf(kind)) {
            case EXTENSION -> ObjectRef.extension(name);
            case SCHEMA -> ObjectRef.schema(name);
            case TYPE -> ObjectRef.type(QualifiedName.of(nsp, name));
            case DOMAIN_CONSTRAINT -> ObjectRef.domainConstraint(QualifiedName.of(nsp, name), sub);
            case ROUTINE -> ObjectRef.routine(QualifiedName.of(nsp, name).quoted() + "(" + sub + ")");
            case SEQUENCE -> ObjectRef.sequence(QualifiedName.of(nsp, name));
            case TABLE -> ObjectRef.table(QualifiedName.of(nsp, name));
            case COLUMN_DEFAULT -> ObjectRef.columnDefault(QualifiedName.of(nsp, name), sub);
            case TABLE_CONSTRAINT -> ObjectRef.tableConstraint(QualifiedName.of(nsp, name), sub);
            case VIEW -> ObjectRef.view(QualifiedName.of(nsp, name));
            case CATALOG_OBJECT -> ObjectRef.catalog(nsp, name); // nsp holds the type here
        };
    }
}
