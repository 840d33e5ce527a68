package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.DefaultPrivileges;
import dev.timescalemigrate.model.ObjectPrivileges;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.spi.DdlStatement.Phase;

import org.jooq.Record;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads owners and privileges from the catalogs, and writes the statements that recreate them. */
final class Privileges {

    /** Privilege names as {@code aclexplode} prints them; anything else is refused rather than written as SQL. */
    private static final Pattern PRIVILEGE = Pattern.compile("[A-Z]+( [A-Z]+)?");

    /*
     * The objects of the user's schemas with their owners and ACLs; then the public schema and pg_catalog's
     * objects, as pg_dump has them: only where their ACL differs from initdb's (pg_init_privs, else the built-in
     * default; a column's is empty), with that initial ACL as the baseline and no owner to change.
     */
    private static final String QUERY = """
            WITH objs AS (
              SELECT 'SCHEMA' AS kind, n.nspname::text AS s, NULL::text AS n, NULL::text AS args,
                     n.nspowner AS owner, n.nspacl AS acl, 'n'::"char" AS deftype, n.oid AS oid,
                     'pg_catalog.pg_namespace'::pg_catalog.regclass AS classid, 0 AS subid, false AS follows
              FROM pg_catalog.pg_namespace n
              UNION ALL
              SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED_VIEW'
                                    ELSE 'TABLE' END,
                     n.nspname::text, c.relname::text, NULL, c.relowner, c.relacl,
                     CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END::"char", c.oid,
                     'pg_catalog.pg_class'::pg_catalog.regclass, 0,
                     c.relkind = 'S' AND EXISTS (
                         SELECT 1 FROM pg_catalog.pg_depend d
                         WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
                           AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
                           AND d.deptype IN ('a', 'i'))
              FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
              UNION ALL
              SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, n.nspname::text, p.proname::text,
                     pg_catalog.pg_get_function_identity_arguments(p.oid), p.proowner, p.proacl, 'f', p.oid,
                     'pg_catalog.pg_proc'::pg_catalog.regclass, 0, false
              FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
              WHERE p.prokind IN ('f', 'p', 'w') OR (p.prokind = 'a' AND n.nspname = 'pg_catalog')
              UNION ALL
              SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, n.nspname::text, t.typname::text, NULL,
                     t.typowner, t.typacl, 'T', t.oid, 'pg_catalog.pg_type'::pg_catalog.regclass, 0, false
              FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
              WHERE t.typtype IN ('e', 'd', 'r')
                 OR (t.typtype = 'b' AND NOT (t.typcategory = 'A' AND t.typelem <> 0))
                 OR (t.typtype = 'p' AND NOT t.typisdefined)
                 OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c')
              UNION ALL -- column privileges: only where some were granted (a column's ACL starts empty)
              SELECT 'COLUMN', n.nspname::text, c.relname::text, a.attname::text, c.relowner, a.attacl, 'c', c.oid,
                     'pg_catalog.pg_class'::pg_catalog.regclass, a.attnum, false
              FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              WHERE (a.attacl IS NOT NULL OR n.nspname = 'pg_catalog') AND a.attnum > 0 AND NOT a.attisdropped
                AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
            ), chosen AS (
              SELECT o.kind, o.s, o.n, o.args,
                     CASE WHEN o.follows THEN NULL ELSE pg_catalog.pg_get_userbyid(o.owner)::text END AS owner,
                     pg_catalog.pg_get_userbyid(o.owner)::text AS aclowner, o.acl, NULL::pg_catalog.aclitem[] AS base
              FROM objs o
              WHERE o.s NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND o.s NOT LIKE 'pg\\_temp\\_%'
                AND o.s NOT LIKE 'pg\\_toast\\_temp\\_%'
                AND (o.kind <> 'COLUMN' OR o.acl IS NOT NULL)
              UNION ALL
              SELECT o.kind, o.s, o.n, o.args, NULL, pg_catalog.pg_get_userbyid(o.owner)::text,
                     coalesce(o.acl, pg_catalog.acldefault(o.deftype, o.owner)), b.base
              FROM objs o LEFT JOIN pg_catalog.pg_init_privs i
                ON i.objoid = o.oid AND i.classoid = o.classid AND i.objsubid = o.subid
              CROSS JOIN LATERAL (SELECT coalesce(i.initprivs, pg_catalog.acldefault(o.deftype, o.owner)) AS base) b
              WHERE (o.s = 'pg_catalog' OR (o.kind = 'SCHEMA' AND o.s IN ('public', 'pg_catalog')))
                AND coalesce(o.acl, pg_catalog.acldefault(o.deftype, o.owner)) IS DISTINCT FROM b.base
            )
            SELECT o.kind, o.s, o.n, o.args, o.owner, o.acl IS NULL AS defaults, o.aclowner, o.base IS NOT NULL,
                   e.list, CASE WHEN e.grantee = 0 THEN NULL ELSE pg_catalog.pg_get_userbyid(e.grantee)::text END,
                   e.privilege_type::text, e.is_grantable, pg_catalog.pg_get_userbyid(e.grantor)::text
            FROM chosen o
            LEFT JOIN LATERAL (
              SELECT 'g' AS list, g.* FROM pg_catalog.aclexplode(o.acl) WITH ORDINALITY g
              UNION ALL
              SELECT 'b', b.* FROM pg_catalog.aclexplode(o.base) WITH ORDINALITY b
            ) e ON true
            ORDER BY 1, 2, 3, 4, e.list, e.ordinality""";

    private Privileges() {
    }

    static List<ObjectPrivileges> read(Connection c) throws SQLException {
        record Key(String kind, String schema, String name, String args, boolean initial) {
        }
        Map<Key, ObjectPrivileges> objects = new LinkedHashMap<>();
        Map<Key, List<ObjectPrivileges.Grant>> grants = new HashMap<>();
        Map<Key, List<ObjectPrivileges.Grant>> baselines = new HashMap<>();
        for (Record r : Sql.fetch(c, QUERY)) {
            Key key = new Key(r.get(0, String.class), r.get(1, String.class), r.get(2, String.class),
                    r.get(3, String.class), Sql.boolOf(r, 7));
            ObjectPrivileges.Kind kind = ObjectPrivileges.Kind.valueOf(key.kind());
            QualifiedName name = QualifiedName.of(key.schema(), key.name() == null ? key.schema() : key.name());
            String owner = r.get(4, String.class);
            boolean defaults = Sql.boolOf(r, 5);
            String aclOwner = r.get(6, String.class);
            if (Sql.boolOf(r, 7)) {
                baselines.computeIfAbsent(key, k -> new ArrayList<>());
            }
            objects.putIfAbsent(key, new ObjectPrivileges(kind, name, key.args(), owner, defaults, List.of(),
                    aclOwner, null));
            String privilege = r.get(10, String.class);
            if (privilege != null) {
                (r.get(8, String.class).equals("b") ? baselines : grants).computeIfAbsent(key, k -> new ArrayList<>())
                        .add(new ObjectPrivileges.Grant(r.get(9, String.class), privilege, Sql.boolOf(r, 11),
                                r.get(12, String.class)));
            }
        }
        List<ObjectPrivileges> result = new ArrayList<>();
        objects.forEach((key, o) -> result.add(new ObjectPrivileges(o.kind(), o.name(), o.arguments(), o.owner(),
                o.defaults(), grants.getOrDefault(key, List.of()), o.aclOwner(), baselines.get(key))));
        return result;
    }

    private static final String DEFAULTS = """
            SELECT pg_catalog.pg_get_userbyid(d.defaclrole)::text AS role, n.nspname::text AS schema,
                   d.defaclobjtype::text AS objtype,
                   CASE WHEN e.grantee = 0 THEN NULL ELSE pg_catalog.pg_get_userbyid(e.grantee)::text END AS grantee,
                   e.privilege_type::text AS privilege, e.is_grantable
            FROM pg_catalog.pg_default_acl d
            LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace
            LEFT JOIN LATERAL pg_catalog.aclexplode(d.defaclacl) WITH ORDINALITY e ON true
            ORDER BY d.oid, e.ordinality""";

    /** The source's default privileges, each entry's grants in the order of its ACL. */
    static List<DefaultPrivileges> readDefaults(Connection c) throws SQLException {
        record Key(String role, String schema, String type) {
        }
        Map<Key, List<ObjectPrivileges.Grant>> entries = new LinkedHashMap<>();
        for (Record r : Sql.fetch(c, DEFAULTS)) {
            Key key = new Key(r.get("role", String.class), r.get("schema", String.class),
                    r.get("objtype", String.class));
            List<ObjectPrivileges.Grant> grants = entries.computeIfAbsent(key, k -> new ArrayList<>());
            String privilege = r.get("privilege", String.class);
            if (privilege != null) {
                grants.add(new ObjectPrivileges.Grant(r.get("grantee", String.class), privilege,
                        Sql.boolOf(r, "is_grantable")));
            }
        }
        List<DefaultPrivileges> result = new ArrayList<>();
        entries.forEach((k, grants) -> result.add(new DefaultPrivileges(k.role(), k.schema(), switch (k.type()) {
            case "r" -> DefaultPrivileges.ObjectType.TABLES;
            case "S" -> DefaultPrivileges.ObjectType.SEQUENCES;
            case "f" -> DefaultPrivileges.ObjectType.FUNCTIONS;
            case "T" -> DefaultPrivileges.ObjectType.TYPES;
            case "n" -> DefaultPrivileges.ObjectType.SCHEMAS;
            default -> throw new IllegalStateException("unexpected default ACL object type " + k.type());
        }, grants)));
        return result;
    }

    /**
     * {@code ALTER DEFAULT PRIVILEGES} per entry: for a role's defaults anywhere, which replace the built-in ones,
     * everything is revoked from PUBLIC and the role first, then each grant given; for a schema, whose entries add
     * to the role's defaults, the grants only.
     */
    static List<DdlStatement> defaultsDdl(List<DefaultPrivileges> entries) {
        List<DdlStatement> out = new ArrayList<>();
        for (DefaultPrivileges d : entries) {
            String prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE " + Sql.id(d.role())
                    + (d.schema() == null ? "" : " IN SCHEMA " + Sql.id(d.schema()));
            String on = " ON " + d.objects().name();
            String object = "default privileges of " + d.role() + (d.schema() == null ? "" : " in " + d.schema())
                    + " on " + d.objects().name().toLowerCase(java.util.Locale.ROOT);
            if (d.schema() == null) {
                out.add(statement(null, object, prefix + " REVOKE ALL" + on + " FROM PUBLIC"));
                out.add(statement(null, object, prefix + " REVOKE ALL" + on + " FROM " + Sql.id(d.role())));
            }
            checkPrivileges(d.grants(), object);
            items(d.grants()).forEach((item, grants) -> grants(prefix + " ", item, grants, d.objects().name(), "",
                    d.role(), null, object, out));
        }
        return out;
    }

    /** The existing roles among {@code roles}, each with whether the current user can make it an owner. */
    static Map<String, Boolean> roles(Connection c, Collection<String> roles) throws SQLException {
        Map<String, Boolean> result = new HashMap<>();
        for (Record r : Sql.fetch(c, """
                SELECT r.rolname::text,
                       (SELECT s.rolsuper FROM pg_catalog.pg_roles s WHERE s.rolname = current_user)
                       OR pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER')
                FROM pg_catalog.pg_roles r WHERE r.rolname = ANY (?::text[])""",
                (Object) roles.toArray(String[]::new))) {
            result.put(r.get(0, String.class), Sql.boolOf(r, 1));
        }
        return result;
    }

    /**
     * As pg_restore does it: first every {@code ALTER ... OWNER TO}, then the ACLs, granted by the owner (the
     * target's user is a superuser or a member of each owner role, so PostgreSQL records the owner as the grantor),
     * which makes the target's ACL arrays the source's, item for item and in order. An object the migration created
     * with changed privileges: {@code REVOKE ALL} from PUBLIC and from the owner leaves its ACL empty, then one
     * {@code GRANT} per ACL item in the source's order (a {@code GRANT} appends an item, or changes the grantee's
     * item in place). A column's ACL starts empty: its grants only. An object the target already has (the
     * {@code public} schema, pg_catalog's objects; see {@link ObjectPrivileges#baseline()}): as pg_dump, only the
     * difference from its initial ACL, an item the source lacks revoked and one it added granted; nothing the
     * target was given outside initdb's ACL is touched. An item granted by a role other than the owner is granted
     * under {@code SET ROLE} to it.
     */
    static List<DdlStatement> ddl(List<ObjectPrivileges> objects) {
        List<DdlStatement> out = new ArrayList<>();
        for (ObjectPrivileges o : objects) {
            if (o.owner() != null && o.baseline() == null && o.kind() != ObjectPrivileges.Kind.COLUMN) {
                out.add(statement(table(o), description(o), "ALTER " + alterKeyword(o.kind()) + " " + target(o)
                        + " OWNER TO " + Sql.id(o.owner())));
            }
        }
        for (ObjectPrivileges o : objects) {
            QualifiedName table = table(o);
            String object = description(o);
            boolean column = o.kind() == ObjectPrivileges.Kind.COLUMN;
            String on = column ? "TABLE " + o.name().quoted() : grantKeyword(o.kind()) + " " + target(o);
            String columnList = column ? " (" + Sql.id(o.arguments()) + ")" : "";
            checkPrivileges(o.grants(), object);
            Map<List<String>, List<ObjectPrivileges.Grant>> current = items(o.grants());
            if (o.baseline() != null) {
                Map<List<String>, List<ObjectPrivileges.Grant>> base = items(o.baseline());
                base.forEach((item, grants) -> {
                    if (!same(grants, current.get(item))) {
                        out.add(statement(table, object, asGrantor(item.get(1), o.aclOwner(), "REVOKE "
                                + privileges(grants, columnList) + " ON " + on + " FROM " + grantee(item.get(0)))));
                    }
                });
                current.forEach((item, grants) -> {
                    if (!same(grants, base.get(item))) {
                        grants("", item, grants, on, columnList, o.aclOwner(), table, object, out);
                    }
                });
                continue;
            }
            if (o.defaults() && !column) {
                continue;
            }
            if (!column) {
                out.add(statement(table, object, "REVOKE ALL ON " + on + " FROM PUBLIC"));
                out.add(statement(table, object, "REVOKE ALL ON " + on + " FROM " + Sql.id(o.aclOwner())));
            }
            current.forEach((item, grants) -> grants("", item, grants, on, columnList, o.aclOwner(), table, object,
                    out));
        }
        return out;
    }

    /** The grants by ACL item (grantee, grantor), in the ACL's order. */
    private static Map<List<String>, List<ObjectPrivileges.Grant>> items(List<ObjectPrivileges.Grant> grants) {
        Map<List<String>, List<ObjectPrivileges.Grant>> items = new LinkedHashMap<>();
        for (ObjectPrivileges.Grant g : grants) {
            items.computeIfAbsent(java.util.Arrays.asList(g.grantee(), g.grantor()), k -> new ArrayList<>()).add(g);
        }
        return items;
    }

    private static boolean same(List<ObjectPrivileges.Grant> a, List<ObjectPrivileges.Grant> b) {
        return b != null && new java.util.HashSet<>(a).equals(new java.util.HashSet<>(b));
    }

    /** Refuses privilege names that do not look like PostgreSQL's, rather than write them as SQL. */
    private static void checkPrivileges(List<ObjectPrivileges.Grant> grants, String object) {
        for (ObjectPrivileges.Grant g : grants) {
            if (!PRIVILEGE.matcher(g.privilege()).matches()) {
                throw new IllegalArgumentException("unexpected privilege " + g.privilege() + " on " + object);
            }
        }
    }

    /**
     * One ACL item's {@code GRANT}s: those with grant option and those without, in the item's order, each after
     * {@code prefix} ({@code ALTER DEFAULT PRIVILEGES ...} for default privileges, else nothing).
     */
    private static void grants(String prefix, List<String> item, List<ObjectPrivileges.Grant> grants, String on,
                               String columnList, String aclOwner, QualifiedName table, String object,
                               List<DdlStatement> out) {
        Map<Boolean, List<ObjectPrivileges.Grant>> byOption = new LinkedHashMap<>();
        grants.forEach(g -> byOption.computeIfAbsent(g.grantable(), k -> new ArrayList<>()).add(g));
        byOption.forEach((option, list) -> out.add(statement(table, object, asGrantor(item.get(1), aclOwner,
                prefix + "GRANT " + privileges(list, columnList) + " ON " + on + " TO " + grantee(item.get(0))
                        + (option ? " WITH GRANT OPTION" : "")))));
    }

    private static String privileges(List<ObjectPrivileges.Grant> grants, String columnList) {
        return grants.stream().map(g -> g.privilege() + columnList).distinct().collect(Collectors.joining(", "));
    }

    private static String grantee(String role) {
        return role == null ? "PUBLIC" : Sql.id(role);
    }

    /** {@code sql} run as {@code grantor} when it is not the owner (whose grants the target's user makes). */
    private static String asGrantor(String grantor, String aclOwner, String sql) {
        return grantor == null || grantor.equals(aclOwner) ? sql
                : "SET ROLE " + Sql.id(grantor) + "; " + sql + "; RESET ROLE";
    }

    private static QualifiedName table(ObjectPrivileges o) {
        return switch (o.kind()) {
            case TABLE, VIEW, MATERIALIZED_VIEW, SEQUENCE, COLUMN -> o.baseline() == null ? o.name() : null;
            default -> null;
        };
    }

    private static String description(ObjectPrivileges o) {
        return o.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " " + target(o);
    }

    private static DdlStatement statement(QualifiedName table, String object, String sql) {
        return new DdlStatement(Phase.POST_DATA, DdlStatement.Kind.PRIVILEGE, table, object, sql);
    }

    private static String target(ObjectPrivileges o) {
        return switch (o.kind()) {
            case SCHEMA -> Sql.id(o.name().schema());
            case FUNCTION, PROCEDURE -> o.name().quoted() + "(" + (o.arguments() == null ? "" : o.arguments()) + ")";
            case COLUMN -> o.name().quoted() + "." + Sql.id(o.arguments());
            default -> o.name().quoted();
        };
    }

    private static String grantKeyword(ObjectPrivileges.Kind kind) {
        return switch (kind) {
            case TABLE, VIEW, MATERIALIZED_VIEW -> "TABLE";
            default -> kind.name();
        };
    }

    private static String alterKeyword(ObjectPrivileges.Kind kind) {
        return kind == ObjectPrivileges.Kind.MATERIALIZED_VIEW ? "MATERIALIZED VIEW" : kind.name();
    }
}
