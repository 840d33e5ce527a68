package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.CatalogObject;
import dev.timescalemigrate.model.QualifiedName;
import org.jooq.Record;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrite rules of tables and views ({@code pg_rewrite}), other than a view's {@code _RETURN} rule (the view
 * itself): {@code pg_get_ruledef} as PostgreSQL prints it, the rule's enabled state, its comment. Created after
 * the data, as pg_dump does: a {@code DO INSTEAD} rule on a table would otherwise rewrite what is written into it.
 */
final class RuleReader implements CatalogReader {

    @Override
    public List<CatalogObject> read(Catalog catalog) {
        List<CatalogObject> out = new ArrayList<>();
        for (Record r : catalog.query("""
                SELECT s.nspname, c.relname, rw.rulename, rw.ev_enabled::text AS enabled,
                       pg_catalog.pg_get_ruledef(rw.oid) AS def,
                       i.type, i.identity, pg_catalog.obj_description(rw.oid, 'pg_rewrite') AS comment
                FROM pg_catalog.pg_rewrite rw
                JOIN pg_catalog.pg_class c ON c.oid = rw.ev_class
                JOIN s ON s.oid = c.relnamespace
                CROSS JOIN LATERAL pg_catalog.pg_identify_object('pg_catalog.pg_rewrite'::pg_catalog.regclass,
                                                                 rw.oid, 0) i
                WHERE NOT (rw.rulename = '_RETURN' AND c.relkind IN ('v', 'm'))
                  AND rw.oid >= 16384
                  AND""" + Catalog.notExtensionMember("pg_rewrite", "rw.oid") + """
                  AND""" + Catalog.notExtensionMember("pg_class", "c.oid") + """
                ORDER BY s.nspname, c.relname, rw.rulename""")) {
            QualifiedName table = QualifiedName.of(r.get("nspname", String.class), r.get("relname", String.class));
            String rule = Sql.id(r.get("rulename", String.class));
            List<String> statements = new ArrayList<>();
            statements.add(PostgresIntrospector.stripSemicolon(r.get("def", String.class)));
            String state = switch (r.get("enabled", String.class)) {
                case "D" -> "DISABLE RULE ";
                case "R" -> "ENABLE REPLICA RULE ";
                case "A" -> "ENABLE ALWAYS RULE ";
                default -> null; // 'O', the state CREATE RULE leaves
            };
            if (state != null) {
                statements.add("ALTER TABLE " + table.quoted() + " " + state + rule);
            }
            String comment = r.get("comment", String.class);
            if (comment != null) {
                statements.add("COMMENT ON RULE " + rule + " ON " + table.quoted() + " IS " + Sql.literal(comment));
            }
            out.add(CatalogObject.builder(r.get("type", String.class), r.get("identity", String.class))
                    .schema(table.schema()).table(table).section(CatalogObject.Section.POST_DATA)
                    .statements(statements).build());
        }
        return out;
    }
}
