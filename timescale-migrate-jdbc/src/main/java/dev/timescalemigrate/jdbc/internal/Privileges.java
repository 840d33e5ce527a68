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

    private static final String QUERY = """
            WITH objs AS (
              SELECT 'SCHEMA' AS kind, n.nspname::text AS s, NULL::text AS n, NULL::text AS args,
                     pg_catalog.pg_get_userbyid(n.nspowner)::text AS owner, n.nspacl AS acl
              FROM pg_catalog.pg_namespace n
              UNION ALL
              SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED_VIEW'
                                    ELSE 'TABLE' END,
                     n.nspname::text, c.relname::text, NULL,
                     CASE WHEN c.relkind = 'S' AND EXISTS (
                              SELECT 1 FROM pg_catalog.pg_depend d
                              WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
                                AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
                                AND d.deptype IN ('a', 'i'))
                          THEN NULL ELSE pg_catalog.pg_get_userbyid(c.relowner)::text END,
                     c.relacl
              FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
              UNION ALL
              SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, n.nspname::text, p.proname::text,
                     pg_catalog.pg_get_function_identity_arguments(p.oid), pg_catalog.pg_get_userbyid(p.proowner)::text,
                     p.proacl
              FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
              WHERE p.prokind IN ('f', 'p', 'w')
              UNION ALL
              SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, n.nspname::text, t.typname::text, NULL,
                     pg_catalog.pg_get_userbyid(t.typowner)::text, t.typacl
              FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
              WHERE t.typtype IN ('e', 'd', 'r')
                 OR (t.typtype = 'b' AND NOT (t.typcategory = 'A' AND t.typelem <> 0))
                 OR (t.typtype = 'p' AND NOT t.typisdefined)
                 OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c')
              UNION ALL -- column privileges: only where some were granted (a column's ACL starts empty)
              SELECT 'COLUMN', n.nspname::text, c.relname::text, a.attname::text, NULL, a.attacl
              FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped
                AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
            )
            SELECT o.kind, o.s, o.n, o.args, o.owner, o.acl IS NULL AS defaults,
                   CASE WHEN e.grantee = 0 THEN NULL ELSE pg_catalog.pg_get_userbyid(e.grantee)::text END AS grantee,
                   e.privilege_type::text AS privilege, e.is_grantable
            FROM objs o LEFT JOIN LATERAL pg_catalog.aclexplode(o.acl) e ON true
            WHERE o.s NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND o.s NOT LIKE 'pg\\_temp\\_%'
              AND o.s NOT LIKE 'pg\\_toast\\_temp\\_%'
            ORDER BY 1, 2, 3, 4, 7, 8""";

    private Privileges() {
    }

    static List<ObjectPrivileges> read(Connection c) throws SQLException {
        record Key(String kind, String schema, String name, String args) {
        }
        Map<Key, ObjectPrivileges> objects = new LinkedHashMap<>();
        Map<Key, List<ObjectPrivileges.Grant>> grants = new HashMap<>();
        for (Record r : Sql.fetch(c, QUERY)) {
            Key key = new Key(r.get(0, String.class), r.get(1, String.class), r.get(2, String.class),
                    r.get(3, String.class));
            ObjectPrivileges.Kind kind = ObjectPrivileges.Kind.valueOf(key.kind());
            QualifiedName name = QualifiedName.of(key.schema(), key.name() == null ? key.schema() : key.name());
            String owner = r.get(4, String.class);
            boolean defaults = Sql.boolOf(r, 5);
            objects.putIfAbsent(key, new ObjectPrivileges(kind, name, key.args(), owner, defaults, List.of()));
            String privilege = r.get(7, String.class);
            if (privilege != null) {
                grants.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(new ObjectPrivileges.Grant(r.get(6, String.class), privilege, Sql.boolOf(r, 8)));
            }
        }
        List<ObjectPrivileges> result = new ArrayList<>();
        objects.forEach((key, o) -> result.add(new ObjectPrivileges(o.kind(), o.name(), o.arguments(), o.owner(),
                o.defaults(), grants.getOrDefault(key, List.of()))));
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
            Map<String, List<ObjectPrivileges.Grant>> byGrantee = new LinkedHashMap<>();
            for (ObjectPrivileges.Grant g : d.grants()) {
                if (!PRIVILEGE.matcher(g.privilege()).matches()) {
                    throw new IllegalArgumentException("unexpected privilege " + g.privilege() + " in " + object);
                }
                byGrantee.computeIfAbsent((g.grantee() == null ? "PUBLIC" : Sql.id(g.grantee()))
                        + (g.grantable() ? " WITH GRANT OPTION" : ""), k -> new ArrayList<>()).add(g);
            }
            byGrantee.forEach((grantee, list) -> out.add(statement(null, object, prefix + " GRANT "
                    + list.stream().map(ObjectPrivileges.Grant::privilege).collect(Collectors.joining(", "))
                    + on + " TO " + grantee)));
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
     * Per object: where the source changed the default privileges, {@code REVOKE ALL} from PUBLIC and from the
     * current user (the object's owner on the target so far), then a {@code GRANT} per role of exactly what the
     * source grants; then {@code ALTER ... OWNER TO}, which hands the current user's remaining entries to the new
     * owner. Grants come first, while the current user still owns the object.
     */
    static List<DdlStatement> ddl(List<ObjectPrivileges> objects) {
        List<DdlStatement> out = new ArrayList<>();
        for (ObjectPrivileges o : objects) {
            String target = target(o);
            String object = o.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " " + target;
            QualifiedName table = switch (o.kind()) {
                case TABLE, VIEW, MATERIALIZED_VIEW, SEQUENCE, COLUMN -> o.name();
                default -> null;
            };
            if (o.kind() == ObjectPrivileges.Kind.COLUMN) {
                columnGrants(o, table, object, out);
                continue;
            }
            if (!o.defaults()) {
                String on = grantKeyword(o.kind()) + " " + target;
                out.add(statement(table, object, "REVOKE ALL ON " + on + " FROM PUBLIC"));
                out.add(statement(table, object, "REVOKE ALL ON " + on + " FROM CURRENT_USER"));
                Map<String, List<ObjectPrivileges.Grant>> byGrantee = new LinkedHashMap<>();
                for (ObjectPrivileges.Grant g : o.grants()) {
                    if (!PRIVILEGE.matcher(g.privilege()).matches()) {
                        throw new IllegalArgumentException("unexpected privilege " + g.privilege() + " on " + target);
                    }
                    byGrantee.computeIfAbsent((g.grantee() == null ? "PUBLIC" : Sql.id(g.grantee()))
                            + (g.grantable() ? " WITH GRANT OPTION" : ""), k -> new ArrayList<>()).add(g);
                }
                byGrantee.forEach((grantee, list) -> out.add(statement(table, object, "GRANT "
                        + list.stream().map(ObjectPrivileges.Grant::privilege).collect(Collectors.joining(", "))
                        + " ON " + on + " TO " + grantee)));
            }
            if (o.owner() != null) {
                out.add(statement(table, object, "ALTER " + alterKeyword(o.kind()) + " " + target + " OWNER TO "
                        + Sql.id(o.owner())));
            }
        }
        return out;
    }

    /** A column's grants: {@code GRANT SELECT ("c") ON TABLE t TO role}, one statement per grantee. */
    private static void columnGrants(ObjectPrivileges o, QualifiedName table, String object, List<DdlStatement> out) {
        Map<String, List<ObjectPrivileges.Grant>> byGrantee = new LinkedHashMap<>();
        for (ObjectPrivileges.Grant g : o.grants()) {
            if (!PRIVILEGE.matcher(g.privilege()).matches()) {
                throw new IllegalArgumentException("unexpected privilege " + g.privilege() + " on " + object);
            }
            byGrantee.computeIfAbsent((g.grantee() == null ? "PUBLIC" : Sql.id(g.grantee()))
                    + (g.grantable() ? " WITH GRANT OPTION" : ""), k -> new ArrayList<>()).add(g);
        }
        String column = " (" + Sql.id(o.arguments()) + ")";
        byGrantee.forEach((grantee, list) -> out.add(statement(table, object, "GRANT "
                + list.stream().map(g -> g.privilege() + column).collect(Collectors.joining(", "))
                + " ON TABLE " + o.name().quoted() + " TO " + grantee)));
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
