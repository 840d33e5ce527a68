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
 * time column, the chunk interval, segmentby and orderby); other strategies use only the first four fields.
 *
 * @param table               the table (in the source; the target table has the same name)
 * @param timeColumn          the partitioning column: timestamptz, timestamp, date, or an integer; {@code null}
 *                            only with the streaming strategy, which then infers it
 * @param chunkInterval       chunk interval for a date/time column
 * @param integerChunkInterval chunk interval for an integer column, or {@code null}
 * @param segmentBy           compression segmentby columns, or {@code null} when not stated (then inferred)
 * @param orderBy             compression orderby entries such as {@code ts DESC}, or {@code null} when not stated
 *                            (then the time column, descending)
 * @param compressAfter       age after which a compression (columnstore) policy compresses new chunks, or
 *                            {@code null} for no policy
 * @param chunkIntervalInferred whether no chunk interval was given: the streaming strategy then infers one from
 *                            the table's size and time span; other strategies use {@code chunkInterval}
 */
public record HypertableRule(QualifiedName table, String timeColumn, Duration chunkInterval,
                             Long integerChunkInterval, List<String> segmentBy, List<String> orderBy,
                             Duration compressAfter, boolean chunkIntervalInferred) {

    /** TimescaleDB's default chunk interval: 7 days. */
    public static final Duration DEFAULT_CHUNK_INTERVAL = Duration.ofDays(7);

    public HypertableRule {
        Objects.requireNonNull(table, "table");
        segmentBy = segmentBy == null ? null : List.copyOf(segmentBy);
        orderBy = orderBy == null ? null : List.copyOf(orderBy);
    }

    /**
     * A rule with a time column and a chunk interval, no compression settings.
     *
     * @param table                the table
     * @param timeColumn           the partitioning column
     * @param chunkInterval        chunk interval for a date/time column
     * @param integerChunkInterval chunk interval for an integer column, or {@code null}
     */
    public HypertableRule(QualifiedName table, String timeColumn, Duration chunkInterval, Long integerChunkInterval) {
        this(table, timeColumn, chunkInterval, integerChunkInterval, null, null, null, false);
    }

    /** Configures a {@link HypertableRule}; used by {@link Migration.Builder#hypertable}. */
    public static final class Builder {
        private String timeColumn;
        private Duration chunkInterval = DEFAULT_CHUNK_INTERVAL;
        private Long integerChunkInterval;
        private boolean intervalGiven;
        private List<String> segmentBy;
        private List<String> orderBy;
        private Duration compressAfter;

        Builder() {
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

        HypertableRule build(QualifiedName table) {
            return new HypertableRule(table, timeColumn, chunkInterval, integerChunkInterval, segmentBy, orderBy,
                    compressAfter, !intervalGiven);
        }
    }
}
