package dev.timescalemigrate;

import dev.timescalemigrate.model.QualifiedName;

import java.time.Duration;
import java.util.Objects;

/**
 * Makes a table a hypertable on the target.
 *
 * @param table               the table (in the source; the target table has the same name)
 * @param timeColumn          the partitioning column: timestamptz, timestamp, date, or an integer
 * @param chunkInterval       chunk interval for a date/time column
 * @param integerChunkInterval chunk interval for an integer column, or {@code null}
 */
public record HypertableRule(QualifiedName table, String timeColumn, Duration chunkInterval,
                             Long integerChunkInterval) {

    /** TimescaleDB's default chunk interval: 7 days. */
    public static final Duration DEFAULT_CHUNK_INTERVAL = Duration.ofDays(7);

    public HypertableRule {
        Objects.requireNonNull(table, "table");
    }

    /** Configures a {@link HypertableRule}; used by {@link Migration.Builder#hypertable}. */
    public static final class Builder {
        private String timeColumn;
        private Duration chunkInterval = DEFAULT_CHUNK_INTERVAL;
        private Long integerChunkInterval;

        Builder() {
        }

        /** The partitioning column (required). */
        public Builder timeColumn(String column) {
            this.timeColumn = Objects.requireNonNull(column, "column");
            return this;
        }

        /**
         * Chunk interval for a date/time column (default 7 days).
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder chunkInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("chunkInterval must be positive, was " + interval);
            }
            this.chunkInterval = interval;
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
            return this;
        }

        HypertableRule build(QualifiedName table) {
            return new HypertableRule(table, timeColumn, chunkInterval, integerChunkInterval);
        }
    }
}
