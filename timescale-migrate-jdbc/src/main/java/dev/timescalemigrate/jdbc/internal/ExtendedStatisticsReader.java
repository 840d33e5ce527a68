package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.CatalogObject;
import dev.timescalemigrate.model.QualifiedName;
import org.jooq.Record;

import java.util.ArrayList;
import java.util.List;

/**
 * Extended statistics objects ({@code CREATE STATISTICS}, {@code pg_statistic_ext}) as
 * {@code pg_get_statisticsobjdef} prints them, with their statistics target when one is set. After the data, as
 * pg_dump does. They belong to the table (or materialized view) they are on.
 */
final class ExtendedStatisticsReader implements CatalogReader {

    @Override
    public List<CatalogObject> read(Catalog catalog) {
        List<CatalogObject> out = new ArrayList<>();
        // stxstattarget: -1 when unset up to PostgreSQL 16, NULL from 17
        for (Record r : catalog.query("""
                SELECT s.nspname, x.stxname, tn.nspname AS table_schema, c.relname AS table_name, c.relkind = 'f' AS on_foreign_table,
                       pg_catalog.pg_get_statisticsobjdef(x.oid) AS def,
                       CASE WHEN x.stxstattarget >= 0 THEN x.stxstattarget::int END AS target,
                       pg_catalog.pg_get_userbyid(x.stxowner) AS owner,
                       i.type, i.identity, pg_catalog.obj_description(x.oid, 'pg_statistic_ext') AS comment
                FROM pg_catalog.pg_statistic_ext x
                JOIN s ON s.oid = x.stxnamespace
                JOIN pg_catalog.pg_class c ON c.oid = x.stxrelid
                JOIN pg_catalog.pg_namespace tn ON tn.oid = c.relnamespace
                CROSS JOIN LATERAL pg_catalog.pg_identify_object(
                    'pg_catalog.pg_statistic_ext'::pg_catalog.regclass, x.oid, 0) i
                WHERE""" + Catalog.notExtensionMember("pg_statistic_ext", "x.oid") + """
                ORDER BY s.nspname, x.stxname""")) {
            String name = Sql.id(r.get("nspname", String.class), r.get("stxname", String.class));
            List<String> statements = new ArrayList<>(List.of(r.get("def", String.class)));
            Integer target = r.get("target", Integer.class);
            if (target != null) {
                statements.add("ALTER STATISTICS " + name + " SET STATISTICS " + target);
            }
            String comment = r.get("comment", String.class);
            if (comment != null) {
                statements.add("COMMENT ON STATISTICS " + name + " IS " + Sql.literal(comment));
            }
            // a foreign table is no table of the model: its statistics go with the database, as it does
            QualifiedName table = Sql.boolOf(r, "on_foreign_table") ? null
                    : QualifiedName.of(r.get("table_schema", String.class), r.get("table_name", String.class));
            out.add(CatalogObject.builder(r.get("type", String.class), r.get("identity", String.class))
                    .schema(r.get("nspname", String.class)).table(table).section(CatalogObject.Section.POST_DATA)
                    .statements(statements).owner(r.get("owner", String.class), "STATISTICS " + name).build());
        }
        return out;
    }
}
