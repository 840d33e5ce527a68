package dev.timescalemigrate.spi;

import dev.timescalemigrate.model.QualifiedName;

import java.util.Objects;

/**
 * A piece of one table that is copied, checkpointed and retried on its own: the whole table, or the rows
 * whose split column falls in a range.
 *
 * @param table          the table
 * @param key            stable key, unique within the migration, e.g. {@code "app"."t"#0003}
 * @param range          the rows of this unit, or {@code null} for the whole table
 * @param estimatedRows  estimated rows (from statistics)
 * @param estimatedBytes estimated bytes on the source (from statistics)
 */
public record CopyUnit(QualifiedName table, String key, Range range, long estimatedRows, long estimatedBytes) {

    public CopyUnit {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(key, "key");
    }

    /**
     * A half-open range of a column: {@code lower <= column < upper}.
     *
     * @param column       the column (unquoted), or {@code ctid} for physical row ranges
     * @param columnType   the column's type as PostgreSQL prints it, used to cast the bounds
     * @param lower        inclusive lower bound as text in the type's input format, or {@code null} for unbounded
     * @param upper        exclusive upper bound, or {@code null} for unbounded
     * @param includeNulls whether rows where the column IS NULL belong to this unit
     */
    public record Range(String column, String columnType, String lower, String upper, boolean includeNulls) {
    }

    @Override
    public String toString() {
        if (range == null) {
            return key + " (whole table)";
        }
        return key + " (" + (range.lower() == null ? "" : range.lower() + " <= ") + range.column()
                + (range.upper() == null ? "" : " < " + range.upper()) + (range.includeNulls() ? ", and NULLs" : "")
                + ")";
    }
}
