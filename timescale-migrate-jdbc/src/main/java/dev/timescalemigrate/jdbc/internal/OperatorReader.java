package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.CatalogObject;
import org.jooq.Record;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Operators ({@code pg_operator}) other than shell operators (which {@code CREATE OPERATOR} makes of a
 * {@code COMMUTATOR} or {@code NEGATOR} not yet defined, as it will again on the target). A commutator or negator is
 * named whether it exists yet or not: PostgreSQL creates a shell, which the later {@code CREATE OPERATOR} fills in.
 */
final class OperatorReader implements CatalogReader {

    /** The characters PostgreSQL allows in an operator's name, which SQL cannot quote. */
    private static final Pattern OPERATOR_NAME = Pattern.compile("[+\\-*/<>=~!@#%^&|`?]+");

    private static final String QUERY = """
            SELECT i.type, i.identity, s.nspname, o.oprname, o.oprkind::text AS kind,
                   o.oprcode::pg_catalog.regproc::text AS function,
                   CASE WHEN o.oprleft <> 0 THEN o.oprleft::pg_catalog.regtype::text END AS leftarg,
                   CASE WHEN o.oprright <> 0 THEN o.oprright::pg_catalog.regtype::text END AS rightarg,
                   cn.nspname AS com_schema, c.oprname AS com_name, nn.nspname AS neg_schema, n.oprname AS neg_name,
                   o.oprrest::pg_catalog.regproc::text AS restrict, o.oprjoin::pg_catalog.regproc::text AS join,
                   o.oprcanmerge, o.oprcanhash,
                   pg_catalog.obj_description(o.oid, 'pg_operator') AS comment,
                   pg_catalog.pg_get_userbyid(o.oprowner)::text AS owner
            FROM pg_catalog.pg_operator o JOIN s ON s.oid = o.oprnamespace
            LEFT JOIN pg_catalog.pg_operator c ON c.oid = o.oprcom
            LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = c.oprnamespace
            LEFT JOIN pg_catalog.pg_operator n ON n.oid = o.oprnegate
            LEFT JOIN pg_catalog.pg_namespace nn ON nn.oid = n.oprnamespace
            CROSS JOIN LATERAL pg_catalog.pg_identify_object('pg_catalog.pg_operator'::pg_catalog.regclass, o.oid, 0) i
            WHERE o.oprcode <> 0 AND""" + CatalogReader.Catalog.notExtensionMember("pg_operator", "o.oid") + """
            ORDER BY s.nspname, o.oprname, 7 NULLS FIRST, 8""";

    @Override
    public List<CatalogObject> read(Catalog catalog) {
        return catalog.query(QUERY).map(OperatorReader::operator);
    }

    private static CatalogObject operator(Record r) {
        String schema = r.get("nspname", String.class);
        String name = qualified(schema, r.get("oprname", String.class));
        String left = r.get("leftarg", String.class);
        String right = r.get("rightarg", String.class);
        List<String> o = new ArrayList<>();
        o.add("FUNCTION = " + r.get("function", String.class));
        if (left != null) {
            o.add("LEFTARG = " + left);
        }
        if (right != null) {
            o.add("RIGHTARG = " + right);
        }
        if (r.get("com_name", String.class) != null) {
            o.add("COMMUTATOR = " + reference(r.get("com_schema", String.class), r.get("com_name", String.class)));
        }
        if (r.get("neg_name", String.class) != null) {
            o.add("NEGATOR = " + reference(r.get("neg_schema", String.class), r.get("neg_name", String.class)));
        }
        if (Sql.boolOf(r, "oprcanmerge")) {
            o.add("MERGES");
        }
        if (Sql.boolOf(r, "oprcanhash")) {
            o.add("HASHES");
        }
        if (!"-".equals(r.get("restrict", String.class))) {
            o.add("RESTRICT = " + r.get("restrict", String.class));
        }
        if (!"-".equals(r.get("join", String.class))) {
            o.add("JOIN = " + r.get("join", String.class));
        }
        String signature = name + " (" + (left == null ? "NONE" : left) + ", " + right + ")";
        List<String> statements = new ArrayList<>();
        statements.add("CREATE OPERATOR " + name + " (\n    " + String.join(",\n    ", o) + "\n)");
        String comment = r.get("comment", String.class);
        if (comment != null) {
            statements.add("COMMENT ON OPERATOR " + signature + " IS " + Sql.literal(comment));
        }
        return CatalogObject.builder(r.get("type", String.class), r.get("identity", String.class)).schema(schema)
                .statements(statements).owner(r.get("owner", String.class), "OPERATOR " + signature).build();
    }

    /** An operator's name in its schema, {@code "schema".+}. */
    static String qualified(String schema, String operator) {
        if (!OPERATOR_NAME.matcher(operator).matches()) {
            throw new IllegalStateException("unexpected operator name " + operator);
        }
        return Sql.id(schema) + "." + operator;
    }

    /** An operator named where an option expects one: {@code OPERATOR("schema".+)}. */
    static String reference(String schema, String operator) {
        return "OPERATOR(" + qualified(schema, operator) + ")";
    }
}
