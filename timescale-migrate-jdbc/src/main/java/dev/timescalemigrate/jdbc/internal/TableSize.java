package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Extension;
import dev.timescalemigrate.model.Table;

import org.jooq.Record;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A source table's size estimate.
 *
 * <p>Bytes: {@code pg_table_size} (heap and TOAST) of an ordinary table or partition; for a hypertable, the
 * {@code table_bytes + toast_bytes} of TimescaleDB's {@code hypertable_detailed_size}, which sums every chunk,
 * compressed ones included. Rows: the planner's estimate for {@code SELECT 1 FROM table} (the first line of
 * {@code EXPLAIN}), which scales {@code pg_class.reltuples} to the current size, sums the chunks of a hypertable
 * and still gives a size-based guess for a table that was never analysed (where {@code reltuples} is -1 and
 * TimescaleDB's {@code approximate_row_count} answers 0).
 *
 * @param bytes the estimated bytes
 * @param rows  the estimated rows
 * @param pages the heap pages of an ordinary table; 0 for a hypertable
 */
record TableSize(long bytes, long rows, long pages) {

    private static final Pattern EXPLAIN_ROWS = Pattern.compile("rows=(\\d+)");

    /** Estimates a table of the source whose model is {@code source}. */
    static TableSize of(Connection c, Table table, DatabaseModel source) throws SQLException {
        String regclass = table.name().quoted();
        long bytes;
        long pages = 0;
        if (source.timescale().hypertable(table.name()).isPresent()) {
            String timescaleSchema = source.extension("timescaledb").map(Extension::schema).orElse("public");
            Long detailed = Sql.value(c, Long.class, "SELECT COALESCE(table_bytes, 0) + COALESCE(toast_bytes, 0) "
                    + "FROM " + Sql.id(timescaleSchema) + ".hypertable_detailed_size(?::pg_catalog.regclass)",
                    regclass);
            bytes = detailed == null ? 0 : detailed;
        } else {
            Record r = Sql.first(c, "SELECT pg_catalog.pg_table_size(r), "
                    + "pg_catalog.pg_relation_size(r, 'main') / pg_catalog.current_setting('block_size')::int8 "
                    + "FROM (SELECT ?::pg_catalog.regclass AS r) x", regclass).orElseThrow();
            bytes = Sql.longOf(r, 0);
            pages = Sql.longOf(r, 1);
        }
        String plan = Sql.value(c, String.class, "EXPLAIN SELECT 1 FROM " // a parent's own rows
                + Inheritance.relation(table.name(), source));
        long rows = plan == null ? 0 : explainedRows(plan);
        return new TableSize(bytes, rows, pages);
    }

    /** The row estimate of an {@code EXPLAIN} line ({@code ... rows=N ...}), 0 without one. */
    static long explainedRows(String planLine) {
        Matcher m = EXPLAIN_ROWS.matcher(planLine);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
