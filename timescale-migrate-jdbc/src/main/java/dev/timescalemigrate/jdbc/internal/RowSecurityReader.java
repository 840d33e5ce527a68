package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.CatalogObject;
import dev.timescalemigrate.model.QualifiedName;
import org.jooq.Record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Row-level security: each table's policies ({@code pg_policy}), and its {@code ENABLE} / {@code FORCE ROW LEVEL
 * SECURITY} flags as an object of their own, of type {@value #ROW_SECURITY} (no {@code pg_identify_object} type is
 * named so) with the table's identity. All after the data, as pg_dump does: the copy is then neither filtered nor
 * refused by the policies on either side.
 */
final class RowSecurityReader implements CatalogReader {

    /** The type of a table's row-level security flags. */
    static final String ROW_SECURITY = "row security";

    @Override
    public List<CatalogObject> read(Catalog catalog) {
        List<CatalogObject> out = new ArrayList<>();
        for (Record r : catalog.query("""
                SELECT s.nspname, c.relname, p.polname, p.polpermissive, p.polcmd::text AS cmd,
                       CASE WHEN p.polroles = '{0}' THEN NULL
                            ELSE ARRAY(SELECT ro.rolname::text
                                       FROM pg_catalog.unnest(p.polroles) WITH ORDINALITY u(oid, n)
                                       JOIN pg_catalog.pg_roles ro ON ro.oid = u.oid ORDER BY u.n) END AS roles,
                       pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS qual,
                       pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS withcheck,
                       i.type, i.identity, pg_catalog.obj_description(p.oid, 'pg_policy') AS comment
                FROM pg_catalog.pg_policy p
                JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
                JOIN s ON s.oid = c.relnamespace
                CROSS JOIN LATERAL pg_catalog.pg_identify_object('pg_catalog.pg_policy'::pg_catalog.regclass,
                                                                 p.oid, 0) i
                WHERE""" + Catalog.notExtensionMember("pg_policy", "p.oid") + """
                  AND""" + Catalog.notExtensionMember("pg_class", "c.oid") + """
                ORDER BY s.nspname, c.relname, p.polname""")) {
            QualifiedName table = QualifiedName.of(r.get("nspname", String.class), r.get("relname", String.class));
            String policy = Sql.id(r.get("polname", String.class));
            StringBuilder sql = new StringBuilder("CREATE POLICY ").append(policy).append(" ON ")
                    .append(table.quoted());
            if (!Sql.boolOf(r, "polpermissive")) {
                sql.append(" AS RESTRICTIVE");
            }
            String cmd = switch (r.get("cmd", String.class)) {
                case "r" -> "SELECT";
                case "a" -> "INSERT";
                case "w" -> "UPDATE";
                case "d" -> "DELETE";
                default -> null; // '*': FOR ALL, the default
            };
            if (cmd != null) {
                sql.append(" FOR ").append(cmd);
            }
            String[] roles = r.get("roles", String[].class);
            if (roles != null) {
                sql.append(" TO ").append(Arrays.stream(roles).map(Sql::id).collect(Collectors.joining(", ")));
            }
            String qual = r.get("qual", String.class);
            if (qual != null) {
                sql.append(" USING (").append(qual).append(")");
            }
            String check = r.get("withcheck", String.class);
            if (check != null) {
                sql.append(" WITH CHECK (").append(check).append(")");
            }
            List<String> statements = new ArrayList<>(List.of(sql.toString()));
            String comment = r.get("comment", String.class);
            if (comment != null) {
                statements.add("COMMENT ON POLICY " + policy + " ON " + table.quoted() + " IS "
                        + Sql.literal(comment));
            }
            out.add(CatalogObject.builder(r.get("type", String.class), r.get("identity", String.class))
                    .schema(table.schema()).table(table).section(CatalogObject.Section.POST_DATA)
                    .statements(statements).build());
        }
        for (Record r : catalog.query("""
                SELECT s.nspname, c.relname, c.relrowsecurity, c.relforcerowsecurity, i.identity
                FROM pg_catalog.pg_class c
                JOIN s ON s.oid = c.relnamespace
                CROSS JOIN LATERAL pg_catalog.pg_identify_object('pg_catalog.pg_class'::pg_catalog.regclass,
                                                                 c.oid, 0) i
                WHERE (c.relrowsecurity OR c.relforcerowsecurity) AND c.relkind IN ('r', 'p')
                  AND""" + Catalog.notExtensionMember("pg_class", "c.oid") + """
                ORDER BY s.nspname, c.relname""")) {
            QualifiedName table = QualifiedName.of(r.get("nspname", String.class), r.get("relname", String.class));
            List<String> statements = new ArrayList<>();
            if (Sql.boolOf(r, "relrowsecurity")) {
                statements.add("ALTER TABLE " + table.quoted() + " ENABLE ROW LEVEL SECURITY");
            }
            if (Sql.boolOf(r, "relforcerowsecurity")) {
                statements.add("ALTER TABLE ONLY " + table.quoted() + " FORCE ROW LEVEL SECURITY");
            }
            out.add(CatalogObject.builder(ROW_SECURITY, r.get("identity", String.class)).schema(table.schema())
                    .table(table).section(CatalogObject.Section.POST_DATA).statements(statements).build());
        }
        return out;
    }
}
