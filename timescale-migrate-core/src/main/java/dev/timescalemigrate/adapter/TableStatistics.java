package dev.timescalemigrate.adapter;

import java.util.List;
import java.util.Optional;

/**
 * What the source's statistics say about one table, read without writing anything (no {@code ANALYZE}): the
 * input of the streaming strategy's inference of time column, chunk interval and segmentby.
 *
 * @param rows     estimated rows
 * @param bytes    estimated bytes (heap and TOAST)
 * @param analyzed whether the planner's statistics ({@code pg_stats}) have rows for the table
 * @param columns  the table's columns in order
 */
public record TableStatistics(long rows, long bytes, boolean analyzed, List<ColumnStatistics> columns) {

    public TableStatistics {
        columns = List.copyOf(columns);
    }

    /** No statistics (an adapter that cannot tell). */
    public static TableStatistics unknown() {
        return new TableStatistics(0, 0, false, List.of());
    }

    /** The statistics of a column, if known. */
    public Optional<ColumnStatistics> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * One column.
     *
     * @param name         the column name
     * @param baseType     its type, domains resolved, as PostgreSQL prints it
     * @param notNull      whether it is NOT NULL
     * @param indexRank    0 when it leads the primary key, 1 a unique index, 2 another btree index, -1 none
     * @param nDistinct    {@code pg_stats.n_distinct} (positive: distinct values; negative: minus the fraction of
     *                     rows), or {@code null} without statistics
     * @param nullFraction {@code pg_stats.null_frac}, or {@code null} without statistics
     * @param min          least finite value of a NOT NULL time column (microseconds since 1970-01-01 UTC for
     *                     timestamps and dates, the value for integers), or {@code null} when not read or the
     *                     table is empty
     * @param max          greatest finite value, like {@code min}
     */
    public record ColumnStatistics(String name, String baseType, boolean notNull, int indexRank, Double nDistinct,
                                   Double nullFraction, Long min, Long max) {

        /** Distinct values estimated for {@code rows} rows, or -1 without statistics. */
        public long distinct(long rows) {
            if (nDistinct == null) {
                return -1;
            }
            return nDistinct >= 0 ? Math.round(nDistinct) : Math.round(-nDistinct * rows);
        }
    }
}
