package dev.timescalemigrate.adapter;

import java.util.List;
import java.util.Objects;
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
     * <p>Built with {@link #builder(String, String)}; {@link #toBuilder()} copies one to change it. Immutable; equal to
     * other statistics with equal fields.
     */
    public static final class ColumnStatistics {

        private final String name;
        private final String baseType;
        private final boolean notNull;
        private final int indexRank;
        private final Double nDistinct;
        private final Double nullFraction;
        private final Long min;
        private final Long max;

        private ColumnStatistics(Builder builder) {
            this.name = builder.name;
            this.baseType = builder.baseType;
            this.notNull = builder.notNull;
            this.indexRank = builder.indexRank;
            this.nDistinct = builder.nDistinct;
            this.nullFraction = builder.nullFraction;
            this.min = builder.min;
            this.max = builder.max;
        }

        /**
         * A builder for the column {@code name} of type {@code baseType}: nullable, in no index, without statistics or
         * bounds until set.
         */
        public static Builder builder(String name, String baseType) {
            return new Builder(name, baseType);
        }

        /** A builder holding these statistics, to change some of them. */
        public Builder toBuilder() {
            return builder(name, baseType).notNull(notNull).indexRank(indexRank).nDistinct(nDistinct)
                    .nullFraction(nullFraction).min(min).max(max);
        }

        /** The column name. */
        public String name() {
            return name;
        }

        /** Its type, domains resolved, as PostgreSQL prints it. */
        public String baseType() {
            return baseType;
        }

        /** Whether it is NOT NULL. */
        public boolean notNull() {
            return notNull;
        }

        /** 0 when it leads the primary key, 1 a unique index, 2 another btree index, -1 none. */
        public int indexRank() {
            return indexRank;
        }

        /**
         * {@code pg_stats.n_distinct} (positive: distinct values; negative: minus the fraction of rows), or
         * {@code null} without statistics.
         */
        public Double nDistinct() {
            return nDistinct;
        }

        /** {@code pg_stats.null_frac}, or {@code null} without statistics. */
        public Double nullFraction() {
            return nullFraction;
        }

        /**
         * Least finite value of a NOT NULL time column (microseconds since 1970-01-01 UTC for timestamps and dates, the
         * value for integers), or {@code null} when not read or the table is empty.
         */
        public Long min() {
            return min;
        }

        /** Greatest finite value, like {@code min}. */
        public Long max() {
            return max;
        }

    /** Distinct values estimated for {@code rows} rows, or -1 without statistics. */
    public long distinct(long rows) {
        if (nDistinct == null) {
            return -1;
        }
        return nDistinct >= 0 ? Math.round(nDistinct) : Math.round(-nDistinct * rows);
    }

        @Override
        public boolean equals(Object other) {
            return this == other || other instanceof ColumnStatistics that
                    && Objects.equals(name, that.name) && Objects.equals(baseType, that.baseType)
                    && notNull == that.notNull && indexRank == that.indexRank
                    && Objects.equals(nDistinct, that.nDistinct) && Objects.equals(nullFraction, that.nullFraction)
                    && Objects.equals(min, that.min) && Objects.equals(max, that.max);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, baseType, notNull, indexRank, nDistinct, nullFraction, min, max);
        }

        @Override
        public String toString() {
            return "ColumnStatistics[name=" + name + ", baseType=" + baseType + ", notNull=" + notNull
                    + ", indexRank=" + indexRank + ", nDistinct=" + nDistinct + ", nullFraction=" + nullFraction
                    + ", min=" + min + ", max=" + max + "]";
        }

        /** Builds a {@link ColumnStatistics}. Not thread-safe. */
        public static final class Builder {
            private String name;
            private String baseType;
            private boolean notNull;
            private int indexRank = -1;
            private Double nDistinct;
            private Double nullFraction;
            private Long min;
            private Long max;

            private Builder(String name, String baseType) {
                this.name = Objects.requireNonNull(name, "name");
                this.baseType = Objects.requireNonNull(baseType, "baseType");
            }

            /** The column name. Required. */
            public Builder name(String name) {
                this.name = Objects.requireNonNull(name, "name");
                return this;
            }

            /** Its type, domains resolved, as PostgreSQL prints it. Required. */
            public Builder baseType(String baseType) {
                this.baseType = Objects.requireNonNull(baseType, "baseType");
                return this;
            }

            /** Whether it is NOT NULL. Default: false. */
            public Builder notNull(boolean notNull) {
                this.notNull = notNull;
                return this;
            }

            /**
             * 0 when it leads the primary key, 1 a unique index, 2 another btree index, -1 none. Default: -1 (no
             * index).
             */
            public Builder indexRank(int indexRank) {
                this.indexRank = indexRank;
                return this;
            }

            /**
             * {@code pg_stats.n_distinct} (positive: distinct values; negative: minus the fraction of rows), or
             * {@code null} without statistics. Default: {@code null}.
             */
            public Builder nDistinct(Double nDistinct) {
                this.nDistinct = nDistinct;
                return this;
            }

            /** {@code pg_stats.null_frac}, or {@code null} without statistics. Default: {@code null}. */
            public Builder nullFraction(Double nullFraction) {
                this.nullFraction = nullFraction;
                return this;
            }

            /**
             * Least finite value of a NOT NULL time column (microseconds since 1970-01-01 UTC for timestamps and dates,
             * the value for integers), or {@code null} when not read or the table is empty. Default: {@code null}.
             */
            public Builder min(Long min) {
                this.min = min;
                return this;
            }

            /** Greatest finite value, like {@code min}. Default: {@code null}. */
            public Builder max(Long max) {
                this.max = max;
                return this;
            }

            /** The column's statistics. */
            public ColumnStatistics build() {
                return new ColumnStatistics(this);
            }
        }
    }
}
