package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.CatalogObject;
import org.jooq.Record;

import java.util.ArrayList;
import java.util.List;

/**
 * Event triggers ({@code pg_event_trigger}) with their tag filter and enabled state, after the data and after
 * every other object read here, as pg_dump puts them: created earlier, they would fire on the migration's own DDL.
 */
final class EventTriggerReader implements CatalogReader {

    @Override
    public List<CatalogObject> read(Catalog catalog) {
        List<CatalogObject> out = new ArrayList<>();
        for (Record r : catalog.query("""
                SELECT et.evtname, et.evtevent, et.evtenabled::text AS enabled,
                       ARRAY(SELECT t FROM pg_catalog.unnest(et.evttags) t) AS tags,
                       et.evtfoid::pg_catalog.regproc::text AS function,
                       pg_catalog.pg_get_userbyid(et.evtowner) AS owner,
                       i.type, i.identity, pg_catalog.obj_description(et.oid, 'pg_event_trigger') AS comment
                FROM pg_catalog.pg_event_trigger et
                CROSS JOIN LATERAL pg_catalog.pg_identify_object('pg_catalog.pg_event_trigger'::pg_catalog.regclass,
                                                                 et.oid, 0) i
                WHERE""" + Catalog.notExtensionMember("pg_event_trigger", "et.oid") + """
                ORDER BY et.evtname""")) {
            String name = Sql.id(r.get("evtname", String.class));
            StringBuilder sql = new StringBuilder("CREATE EVENT TRIGGER ").append(name).append(" ON ")
                    .append(Sql.id(r.get("evtevent", String.class)));
            String[] tags = r.get("tags", String[].class);
            if (tags != null && tags.length > 0) {
                List<String> literals = new ArrayList<>();
                for (String tag : tags) {
                    literals.add(Sql.literal(tag));
                }
                sql.append(" WHEN TAG IN (").append(String.join(", ", literals)).append(")");
            }
            sql.append(" EXECUTE FUNCTION ").append(r.get("function", String.class)).append("()");
            List<String> statements = new ArrayList<>(List.of(sql.toString()));
            String state = switch (r.get("enabled", String.class)) {
                case "D" -> "DISABLE";
                case "R" -> "ENABLE REPLICA";
                case "A" -> "ENABLE ALWAYS";
                default -> null;
            };
            if (state != null) {
                statements.add("ALTER EVENT TRIGGER " + name + " " + state);
            }
            String comment = r.get("comment", String.class);
            if (comment != null) {
                statements.add("COMMENT ON EVENT TRIGGER " + name + " IS " + Sql.literal(comment));
            }
            out.add(CatalogObject.builder(r.get("type", String.class), r.get("identity", String.class))
                    .section(CatalogObject.Section.POST_DATA).statements(statements)
                    .owner(r.get("owner", String.class), "EVENT TRIGGER " + name).build());
        }
        return out;
    }
}
