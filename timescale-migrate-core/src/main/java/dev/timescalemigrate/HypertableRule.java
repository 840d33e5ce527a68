package dev.timescalemigrate;

import dev.timescalemigrate.model.QualifiedName;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Makes a table a hypertable on the target.
 *
 * <p>The {@code streaming} strategy also reads the compression settings, and infers what a rule leaves out (the
 * time column, the chunk interval, segmentby and orderby); other strategies use only the table, the time column
 * and the chunk intervals.
 *
 * <p>Rules are made by {@link Migration.Builder#hypertable(String, java.util.function.Consumer)}, or by
 * {@link #builder(QualifiedName)}; either way every value passes the {@link Builder}'s checks. Immutable; equal to
 * another rule with equal fields.
 */
public final class HypertableRule {

    /** TimescaleDB's default chunk interval: 7 days. */
    public static final Duration DEFAULT_CHUNK_INTERVAL = Duration.ofDays(7);

    private final QualifiedName table;
    private final String timeColumn;
    private final Duration chunkInterval;
    private final Long integerChunkInterval;
    private final List<String> segmentBy;
    private final List<String> orderBy;
    private final Duration compressAfter;
    private final boolean chunkIntervalInferred;

    private HypertableRule(Builder builder) {
        this.table = builder.table;
        this.timeColumn = builder.timeColumn;
        this.chunkInterval = builder.chunkInterval;
        this.integerChunkInterval = builder.integerChunkInterval;
        this.segmentBy = builder.segmentBy;
        this.orderBy = builder.orderBy;
        this.compressAfter = builder.compressAfter;
        this.chunkIntervalInferred = !builder.intervalGiven;
    }

    /**
     * A builder for the rule of {@code table}: no time column, the default chunk interval (to be inferred by the
     * streaming strategy), no compression settings.
     */
    public static Builder builder(QualifiedName table) {
        return new Builder(table);
    }

    /** A builder holding this rule's settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder(table);
        b.timeColumn = timeColumn;
        b.chunkInterval = chunkInterval;
        b.integerChunkInterval = integerChunkInterval;
        b.intervalGiven = !chunkIntervalInferred;
        b.segmentBy = segmentBy;
        b.orderBy = orderBy;
        b.compressAfter = compressAfter;
        return b;
    }

    /** The table (in the source; the target table has the same name). */
    public QualifiedName table() {
        return table;
    }

    /**
     * The partitioning column: timestamptz, timestamp, date, or an integer; {@code null} only with the streaming
     * strategy, which then infers it.
     */
    public String timeColumn() {
        return timeColumn;
    }

    /** Chunk interval for a date/time column. */
    public Duration chunkInterval() {
        return chunkInterval;
    }

    /** Chunk interval for an integer column, or {@code null}. */
    public Long integerChunkInterval() {
        return integerChunkInterval;
    }

    /** Compression segmentby columns, or {@code null} when not stated (then inferred). */
    public List<String> segmentBy() {
        return segmentBy;
    }

    /**
     * Compression orderby entries such as {@code ts DESC}, or {@code null} when not stated (then the time column,
     * descending).
     */
    public List<String> orderBy() {
        return orderBy;
    }

    /**
     * Age after which a compression (columnstore) policy compresses new chunks, or {@code null} for no policy.
     */
    public Duration compressAfter() {
        return compressAfter;
    }

    /**
     * Whether no chunk interval was given: the streaming strategy then infers one from the table's size and time
     * span; other strategies use {@link #chunkInterval()}.
     */
    public boolean chunkIntervalInferred() {
        return chunkIntervalInferred;
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof HypertableRule that
                && Objects.equals(table, that.table) && Objects.equals(timeColumn, that.timeColumn)
                && Objects.equals(chunkInterval, that.chunkInterval)
                && Objects.equals(integerChunkInterval, that.integerChunkInterval)
                && Objects.equals(segmentBy, that.segmentBy) && Objects.equals(orderBy, that.orderBy)
                && Objects.equals(compressAfter, that.compressAfter)
                && chunkIntervalInferred == that.chunkIntervalInferred;
    }

    @Override
    public int hashCode() {
        return Objects.hash(table, timeColumn, chunkInterval, integerChunkInterval, segmentBy, orderBy, compressAfter,
                chunkIntervalInferred);
    }

    @Override
    public String toString() {
        return "HypertableRule[table=" + table + ", timeColumn=" + timeColumn + ", chunkInterval=" + chunkInterval
                + ", integerChunkInterval=" + integerChunkInterval + ", segmentBy=" + segmentBy + ", orderBy="
                + orderBy + ", compressAfter=" + compressAfter + ", chunkIntervalInferred=" + chunkIntervalInferred
                + "]";
    }

    /**
     * Configures a {@link HypertableRule}; used by {@link Migration.Builder#hypertable}. Each setter checks its
     * value. Not thread-safe.
     */
    public static final class Builder {
        private final QualifiedName table;
        private String timeColumn;
        private Duration chunkInterval = DEFAULT_CHUNK_INTERVAL;
        private Long integerChunkInterval;
        private boolean intervalGiven;
        private List<String> segmentBy;
        private List<String> orderBy;
        private Duration compressAfter;

        private Builder(QualifiedName table) {
            this.table = Objects.requireNonNull(table, "table");
        }

        /** The partitioning column (required, except with the streaming strategy, which infers it). */
        public Builder timeColumn(String column) {
            this.timeColumn = Objects.requireNonNull(column, "column");
            return this;
        }

        /**
         * Chunk interval for a date/time column (default 7 days; inferred by the streaming strategy).
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder chunkInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("chunkInterval must be positive, was " + interval);
            }
            this.chunkInterval = interval;
            this.intervalGiven = true;
            return this;
        }

        /**
         * Chunk interval for an integer time column, in the column's units.
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder integerChunkInterval(long interval) {
            if (interval <= 0) {
                throw new IllegalArgumentException("integerChunkInterval must be positive, was " + interval);
            }
            this.integerChunkInterval = interval;
            this.intervalGiven = true;
            return this;
        }

        /**
         * Compression segmentby columns (streaming strategy); none given means no segmentby. Left out, the
         * streaming strategy infers one from the source's statistics.
         *
         * @throws IllegalArgumentException for a blank column name
         */
        public Builder segmentBy(String... columns) {
            this.segmentBy = names("segmentBy", columns);
            return this;
        }

        /**
         * Compression orderby entries (streaming strategy), each a column optionally followed by {@code ASC} or
         * {@code DESC} and {@code NULLS FIRST} or {@code NULLS LAST}, e.g. {@code "ts DESC"}. Left out: the time
         * column, descending.
         *
         * @throws IllegalArgumentException for a blank entry
         */
        public Builder orderBy(String... entries) {
            this.orderBy = names("orderBy", entries);
            return this;
        }

        /**
         * Adds a compression (columnstore) policy that compresses chunks older than {@code age} after the
         * migration (streaming strategy, date/time columns).
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder compressAfter(Duration age) {
            Objects.requireNonNull(age, "age");
            if (age.isNegative() || age.isZero()) {
                throw new IllegalArgumentException("compressAfter must be positive, was " + age);
            }
            this.compressAfter = age;
            return this;
        }

        private static List<String> names(String what, String... values) {
            for (String v : values) {
                if (v == null || v.isBlank()) {
                    throw new IllegalArgumentException(what + " has a blank entry: " + Arrays.toString(values));
                }
            }
            return List.of(values);
        }

        /** The rule. */
        public HypertableRule build() {
            return new HypertableRule(this);
        }
    }
}
