package dev.timescalemigrate.model;

import java.util.Objects;

/**
 * One dimension of a hypertable.
 *
 * <p>Built with {@link #builder(String, String, Kind)}; {@link #toBuilder()} copies one to change it. Immutable; equal
 * to another dimension with equal fields.
 */
public final class Dimension {

    private final String column;
    private final String columnType;
    private final Kind kind;
    private final String timeInterval;
    private final Long integerInterval;
    private final QualifiedName integerNowFunction;
    private final Integer numPartitions;

    private Dimension(Builder builder) {
        this.column = builder.column;
        this.columnType = builder.columnType;
        this.kind = builder.kind;
        this.timeInterval = builder.timeInterval;
        this.integerInterval = builder.integerInterval;
        this.integerNowFunction = builder.integerNowFunction;
        this.numPartitions = builder.numPartitions;
    }

    /**
     * A builder for a dimension on {@code column} (of type {@code columnType}) of that kind, with no interval,
     * integer-now function or partitions until set.
     */
    public static Builder builder(String column, String columnType, Kind kind) {
        return new Builder(column, columnType, kind);
    }

    /** A builder holding this dimension's fields, to change some of them. */
    public Builder toBuilder() {
        return builder(column, columnType, kind).timeInterval(timeInterval).integerInterval(integerInterval)
                .integerNowFunction(integerNowFunction).numPartitions(numPartitions);
    }

    /** The partitioning column. */
    public String column() {
        return column;
    }

    /** Its type as PostgreSQL prints it. */
    public String columnType() {
        return columnType;
    }

    /** Time (range) or space (hash) partitioning. */
    public Kind kind() {
        return kind;
    }

    /**
     * The chunk interval of a time dimension on a date/time column, as PostgreSQL prints an interval ({@code 1 day}),
     * else {@code null}.
     */
    public String timeInterval() {
        return timeInterval;
    }

    /** The chunk interval of a time dimension on an integer column, else {@code null}. */
    public Long integerInterval() {
        return integerInterval;
    }

    /** The integer-now function (qualified) of an integer time dimension, or {@code null}. */
    public QualifiedName integerNowFunction() {
        return integerNowFunction;
    }

    /** The number of partitions of a space dimension, else {@code null}. */
    public Integer numPartitions() {
        return numPartitions;
    }

    /** Dimension kinds. */
    public enum Kind {
        /** Range partitioning on a time or integer column ({@code by_range}). */
        TIME,
        /** Hash partitioning into a fixed number of partitions ({@code by_hash}). */
        SPACE
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof Dimension that
                && Objects.equals(column, that.column) && Objects.equals(columnType, that.columnType)
                && Objects.equals(kind, that.kind) && Objects.equals(timeInterval, that.timeInterval)
                && Objects.equals(integerInterval, that.integerInterval)
                && Objects.equals(integerNowFunction, that.integerNowFunction)
                && Objects.equals(numPartitions, that.numPartitions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(column, columnType, kind, timeInterval, integerInterval, integerNowFunction,
                numPartitions);
    }

    @Override
    public String toString() {
        return "Dimension[column=" + column + ", columnType=" + columnType + ", kind=" + kind
                + ", timeInterval=" + timeInterval + ", integerInterval=" + integerInterval
                + ", integerNowFunction=" + integerNowFunction + ", numPartitions=" + numPartitions + "]";
    }

    /** Builds a {@link Dimension}. Not thread-safe. */
    public static final class Builder {
        private String column;
        private String columnType;
        private Kind kind;
        private String timeInterval;
        private Long integerInterval;
        private QualifiedName integerNowFunction;
        private Integer numPartitions;

        private Builder(String column, String columnType, Kind kind) {
            this.column = Objects.requireNonNull(column, "column");
            this.columnType = Objects.requireNonNull(columnType, "columnType");
            this.kind = Objects.requireNonNull(kind, "kind");
        }

        /** The partitioning column. Required. */
        public Builder column(String column) {
            this.column = Objects.requireNonNull(column, "column");
            return this;
        }

        /** Its type as PostgreSQL prints it. Required. */
        public Builder columnType(String columnType) {
            this.columnType = Objects.requireNonNull(columnType, "columnType");
            return this;
        }

        /** Time (range) or space (hash) partitioning. Required. */
        public Builder kind(Kind kind) {
            this.kind = Objects.requireNonNull(kind, "kind");
            return this;
        }

        /**
         * The chunk interval of a time dimension on a date/time column, as PostgreSQL prints an interval ({@code 1
         * day}), else {@code null}. Default: {@code null}.
         */
        public Builder timeInterval(String timeInterval) {
            this.timeInterval = timeInterval;
            return this;
        }

        /** The chunk interval of a time dimension on an integer column, else {@code null}. Default: {@code null}. */
        public Builder integerInterval(Long integerInterval) {
            this.integerInterval = integerInterval;
            return this;
        }

        /**
         * The integer-now function (qualified) of an integer time dimension, or {@code null}. Default: {@code null}.
         */
        public Builder integerNowFunction(QualifiedName integerNowFunction) {
            this.integerNowFunction = integerNowFunction;
            return this;
        }

        /** The number of partitions of a space dimension, else {@code null}. Default: {@code null}. */
        public Builder numPartitions(Integer numPartitions) {
            this.numPartitions = numPartitions;
            return this;
        }

        /** The dimension. */
        public Dimension build() {
            return new Dimension(this);
        }
    }
}
