package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.CatalogObject;
import org.jooq.Record;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Operator families and operator classes ({@code pg_opfamily}, {@code pg_opclass}), families first. A member
 * ({@code pg_amop}, {@code pg_amproc}) belongs to the object its dependency record ties it to, as pg_dump has it: an
 * operator class's members are listed in its {@code CREATE OPERATOR CLASS}, a family's loose members in an
 * {@code ALTER OPERATOR FAMILY ... ADD} after its {@code CREATE OPERATOR FAMILY}. Every class names its family, which
 * is read as an object of its own even where {@code CREATE OPERATOR CLASS} made it implicitly.
 */
final class OperatorClassReader implements CatalogReader {

    private static final String FAMILIES = """
            SELECT f.oid::bigint AS oid, i.type, i.identity, s.nspname, f.opfname AS name, am.amname,
                   pg_catalog.obj_description(f.oid, 'pg_opfamily') AS comment,
                   pg_catalog.pg_get_userbyid(f.opfowner)::text AS owner
            FROM pg_catalog.pg_opfamily f JOIN s ON s.oid = f.opfnamespace
            JOIN pg_catalog.pg_am am ON am.oid = f.opfmethod
            CROSS JOIN LATERAL pg_catalog.pg_identify_object('pg_catalog.pg_opfamily'::pg_catalog.regclass, f.oid, 0) i
            WHERE""" + CatalogReader.Catalog.notExtensionMember("pg_opfamily", "f.oid") + """
            ORDER BY s.nspname, f.opfname, am.amname""";

    private static final String CLASSES = """
            SELECT c.oid::bigint AS oid, i.type, i.identity, s.nspname, c.opcname AS name, am.amname,
                   c.opcintype::pg_catalog.regtype::text AS intype,
                   CASE WHEN c.opckeytype <> 0 THEN c.opckeytype::pg_catalog.regtype::text END AS keytype,
                   c.opcdefault, fn.nspname AS family_schema, f.opfname AS family_name,
                   pg_catalog.obj_description(c.oid, 'pg_opclass') AS comment,
                   pg_catalog.pg_get_userbyid(c.opcowner)::text AS owner
            FROM pg_catalog.pg_opclass c JOIN s ON s.oid = c.opcnamespace
            JOIN pg_catalog.pg_am am ON am.oid = c.opcmethod
            JOIN pg_catalog.pg_opfamily f ON f.oid = c.opcfamily
            JOIN pg_catalog.pg_namespace fn ON fn.oid = f.opfnamespace
            CROSS JOIN LATERAL pg_catalog.pg_identify_object('pg_catalog.pg_opclass'::pg_catalog.regclass, c.oid, 0) i
            WHERE""" + CatalogReader.Catalog.notExtensionMember("pg_opclass", "c.oid") + """
            ORDER BY s.nspname, c.opcname, am.amname""";

    /**
     * The members of user-defined classes and families: {@code owner_class} is {@code pg_opclass} or
     * {@code pg_opfamily}, {@code owner} the object the member's dependency record ties it to; operators first, each
     * kind in strategy or support number order, then creation order.
     */
    private static final String MEMBERS = """
            SELECT d.refclassid::pg_catalog.regclass::text AS owner_class, d.refobjid::bigint AS owner, 0 AS kind,
                   ao.amopstrategy AS number, ao.amopopr::pg_catalog.regoperator::text AS member,
                   NULL::text AS lefttype, NULL::text AS righttype,
                   CASE WHEN ao.amoppurpose = 'o' THEN sfn.nspname END AS sort_schema,
                   CASE WHEN ao.amoppurpose = 'o' THEN sf.opfname END AS sort_family, ao.oid::bigint AS member_oid
            FROM pg_catalog.pg_amop ao
            JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_amop'::pg_catalog.regclass AND d.objid = ao.oid
            LEFT JOIN pg_catalog.pg_opfamily sf ON sf.oid = ao.amopsortfamily
            LEFT JOIN pg_catalog.pg_namespace sfn ON sfn.oid = sf.opfnamespace
            WHERE ao.oid >= 16384 -- FirstNormalObjectId: user-defined members only
              AND ((d.refclassid = 'pg_catalog.pg_opfamily'::pg_catalog.regclass AND d.refobjid = ao.amopfamily)
               OR (d.refclassid = 'pg_catalog.pg_opclass'::pg_catalog.regclass
                   AND d.refobjid IN (SELECT c.oid FROM pg_catalog.pg_opclass c WHERE c.opcfamily = ao.amopfamily)))
            UNION ALL
            SELECT d.refclassid::pg_catalog.regclass::text, d.refobjid::bigint, 1, ap.amprocnum,
                   ap.amproc::pg_catalog.regprocedure::text, ap.amproclefttype::pg_catalog.regtype::text,
                   ap.amprocrighttype::pg_catalog.regtype::text, NULL, NULL, ap.oid::bigint
            FROM pg_catalog.pg_amproc ap
            JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_amproc'::pg_catalog.regclass AND d.objid = ap.oid
            WHERE ap.oid >= 16384 AND d.refclassid IN ('pg_catalog.pg_opfamily'::pg_catalog.regclass,
                                   'pg_catalog.pg_opclass'::pg_catalog.regclass)
            ORDER BY 1, 2, 3, 4, 10""";

    private record Key(String catalog, long oid) {
    }

    @Override
    public List<CatalogObject> read(Catalog catalog) {
        Map<Key, List<String>> members = new HashMap<>();
        for (Record r : catalog.query(MEMBERS)) {
            String member;
            if (r.get("kind", Integer.class) == 0) {
                member = "OPERATOR " + r.get("number", Integer.class) + " " + r.get("member", String.class);
                if (r.get("sort_family", String.class) != null) {
                    member += " FOR ORDER BY " + Sql.id(r.get("sort_schema", String.class),
                            r.get("sort_family", String.class));
                }
            } else {
                member = "FUNCTION " + r.get("number", Integer.class) + " (" + r.get("lefttype", String.class) + ", "
                        + r.get("righttype", String.class) + ") " + r.get("member", String.class);
            }
            members.computeIfAbsent(new Key(r.get("owner_class", String.class), r.get("owner", Long.class)),
                    k -> new ArrayList<>()).add(member);
        }
        List<CatalogObject> objects = new ArrayList<>();
        for (Record r : catalog.query(FAMILIES)) {
            String using = Sql.id(r.get("nspname", String.class), r.get("name", String.class)) + " USING "
                    + Sql.id(r.get("amname", String.class));
            List<String> statements = new ArrayList<>();
            statements.add("CREATE OPERATOR FAMILY " + using);
            List<String> loose = members.getOrDefault(new Key("pg_opfamily", r.get("oid", Long.class)), List.of());
            if (!loose.isEmpty()) {
                statements.add("ALTER OPERATOR FAMILY " + using + " ADD\n    " + String.join(",\n    ", loose));
            }
            objects.add(object(r, "OPERATOR FAMILY", using, statements));
        }
        for (Record r : catalog.query(CLASSES)) {
            String name = Sql.id(r.get("nspname", String.class), r.get("name", String.class));
            String method = Sql.id(r.get("amname", String.class));
            List<String> items = new ArrayList<>();
            if (r.get("keytype", String.class) != null) {
                items.add("STORAGE " + r.get("keytype", String.class));
            }
            items.addAll(members.getOrDefault(new Key("pg_opclass", r.get("oid", Long.class)), List.of()));
            if (items.isEmpty()) { // AS needs an item: a STORAGE of the indexed type itself changes nothing
                items.add("STORAGE " + r.get("intype", String.class));
            }
            String create = "CREATE OPERATOR CLASS " + name + "\n    " + (Sql.boolOf(r, "opcdefault") ? "DEFAULT " : "")
                    + "FOR TYPE " + r.get("intype", String.class) + " USING " + method + " FAMILY "
                    + Sql.id(r.get("family_schema", String.class), r.get("family_name", String.class)) + " AS\n    "
                    + String.join(",\n    ", items);
            objects.add(object(r, "OPERATOR CLASS", name + " USING " + method, new ArrayList<>(List.of(create))));
        }
        return objects;
    }

    private static CatalogObject object(Record r, String kind, String using, List<String> statements) {
        String comment = r.get("comment", String.class);
        if (comment != null) {
            statements.add("COMMENT ON " + kind + " " + using + " IS " + Sql.literal(comment));
        }
        return CatalogObject.builder(r.get("type", String.class), r.get("identity", String.class))
                .schema(r.get("nspname", String.class)).statements(statements)
                .owner(r.get("owner", String.class), kind + " " + using).build();
    }
}
