package dev.timescalemigrate.event;

import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.TableReport;
import dev.timescalemigrate.model.QualifiedName;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Something that happened during a migration. Every event carries the migration id and when it happened. */
public sealed interface MigrationEvent {

    /** The migration's id. */
    String migrationId();

    /** When it happened. */
    Instant at();

    /**
     * The migration began (after the preflight passed).
     *
     * <p>Built with {@link #builder(String, Instant)}; {@link #toBuilder()} copies one to change it. Immutable; equal
     * to another event with equal fields.
     */
    final class MigrationStarted implements MigrationEvent {

        private final String migrationId;
        private final Instant at;
        private final String strategy;
        private final boolean resumed;
        private final int tables;
        private final int units;
        private final long estimatedBytes;

        private MigrationStarted(Builder builder) {
            this.migrationId = builder.migrationId;
            this.at = builder.at;
            this.strategy = builder.strategy;
            this.resumed = builder.resumed;
            this.tables = builder.tables;
            this.units = builder.units;
            this.estimatedBytes = builder.estimatedBytes;
        }

        /**
         * A builder for the start of migration {@code migrationId} at {@code at}, with no strategy and no counts until
         * set.
         */
        public static Builder builder(String migrationId, Instant at) {
            return new Builder(migrationId, at);
        }

        /** A builder holding this event's fields, to change some of them. */
        public Builder toBuilder() {
            return builder(migrationId, at).strategy(strategy).resumed(resumed).tables(tables).units(units)
                    .estimatedBytes(estimatedBytes);
        }

        /** Migration id. */
        public String migrationId() {
            return migrationId;
        }

        /** When. */
        public Instant at() {
            return at;
        }

        /** The strategy's name. */
        public String strategy() {
            return strategy;
        }

        /** Whether an earlier, unfinished run is being continued. */
        public boolean resumed() {
            return resumed;
        }

        /** Number of tables to copy. */
        public int tables() {
            return tables;
        }

        /** Number of copy units. */
        public int units() {
            return units;
        }

        /** Estimated bytes to copy. */
        public long estimatedBytes() {
            return estimatedBytes;
        }

        @Override
        public boolean equals(Object other) {
            return this == other || other instanceof MigrationStarted that
                    && Objects.equals(migrationId, that.migrationId) && Objects.equals(at, that.at)
                    && Objects.equals(strategy, that.strategy) && resumed == that.resumed && tables == that.tables
                    && units == that.units && estimatedBytes == that.estimatedBytes;
        }

        @Override
        public int hashCode() {
            return Objects.hash(migrationId, at, strategy, resumed, tables, units, estimatedBytes);
        }

        @Override
        public String toString() {
            return "MigrationStarted[migrationId=" + migrationId + ", at=" + at + ", strategy=" + strategy
                    + ", resumed=" + resumed + ", tables=" + tables + ", units=" + units
                    + ", estimatedBytes=" + estimatedBytes + "]";
        }

        /** Builds a {@link MigrationStarted}. Not thread-safe. */
        public static final class Builder {
            private String migrationId;
            private Instant at;
            private String strategy;
            private boolean resumed;
            private int tables;
            private int units;
            private long estimatedBytes;

            private Builder(String migrationId, Instant at) {
                this.migrationId = Objects.requireNonNull(migrationId, "migrationId");
                this.at = Objects.requireNonNull(at, "at");
            }

            /** Migration id. Required. */
            public Builder migrationId(String migrationId) {
                this.migrationId = Objects.requireNonNull(migrationId, "migrationId");
                return this;
            }

            /** When. Required. */
            public Builder at(Instant at) {
                this.at = Objects.requireNonNull(at, "at");
                return this;
            }

            /** The strategy's name. Default: {@code null}. */
            public Builder strategy(String strategy) {
                this.strategy = strategy;
                return this;
            }

            /** Whether an earlier, unfinished run is being continued. Default: false. */
            public Builder resumed(boolean resumed) {
                this.resumed = resumed;
                return this;
            }

            /** Number of tables to copy. Default: 0. */
            public Builder tables(int tables) {
                this.tables = tables;
                return this;
            }

            /** Number of copy units. Default: 0. */
            public Builder units(int units) {
                this.units = units;
                return this;
            }

            /** Estimated bytes to copy. Default: 0. */
            public Builder estimatedBytes(long estimatedBytes) {
                this.estimatedBytes = estimatedBytes;
                return this;
            }

            /** The event. */
            public MigrationStarted build() {
                return new MigrationStarted(this);
            }
        }
    }

    /**
     * A phase began.
     *
     * @param migrationId migration id
     * @param at          when
     * @param phase       the phase
     * @param steps       how many steps it has
     */
    record PhaseStarted(String migrationId, Instant at, MigrationPhase phase, int steps) implements MigrationEvent {
    }

    /**
     * The first unit of a table began copying.
     *
     * @param migrationId migration id
     * @param at          when
     * @param table       the table
     * @param units       its number of units
     * @param estimatedRows estimated rows
     */
    record TableStarted(String migrationId, Instant at, QualifiedName table, int units, long estimatedRows)
            implements MigrationEvent {
    }

    /**
     * A unit was copied (or found copied by an earlier run, when {@code skipped}).
     *
     * <p>Built with {@link #builder(String, Instant, QualifiedName, String)}; {@link #toBuilder()} copies one to change
     * it. Immutable; equal to another event with equal fields.
     */
    final class UnitCopied implements MigrationEvent {

        private final String migrationId;
        private final Instant at;
        private final QualifiedName table;
        private final String unit;
        private final long rows;
        private final long bytes;
        private final Duration duration;
        private final boolean skipped;

        private UnitCopied(Builder builder) {
            this.migrationId = builder.migrationId;
            this.at = builder.at;
            this.table = builder.table;
            this.unit = builder.unit;
            this.rows = builder.rows;
            this.bytes = builder.bytes;
            this.duration = builder.duration;
            this.skipped = builder.skipped;
        }

        /**
         * A builder for the copy of {@code unit} of {@code table} in migration {@code migrationId} at {@code at}: no
         * rows, no duration until set, not skipped.
         */
        public static Builder builder(String migrationId, Instant at, QualifiedName table, String unit) {
            return new Builder(migrationId, at, table, unit);
        }

        /** A builder holding this event's fields, to change some of them. */
        public Builder toBuilder() {
            return builder(migrationId, at, table, unit).rows(rows).bytes(bytes).duration(duration).skipped(skipped);
        }

        /** Migration id. */
        public String migrationId() {
            return migrationId;
        }

        /** When. */
        public Instant at() {
            return at;
        }

        /** The table. */
        public QualifiedName table() {
            return table;
        }

        /** The unit key. */
        public String unit() {
            return unit;
        }

        /** Rows copied. */
        public long rows() {
            return rows;
        }

        /** Bytes streamed. */
        public long bytes() {
            return bytes;
        }

        /** How long the copy took. */
        public Duration duration() {
            return duration;
        }

        /** Copied by an earlier run. */
        public boolean skipped() {
            return skipped;
        }

        @Override
        public boolean equals(Object other) {
            return this == other || other instanceof UnitCopied that
                    && Objects.equals(migrationId, that.migrationId) && Objects.equals(at, that.at)
                    && Objects.equals(table, that.table) && Objects.equals(unit, that.unit) && rows == that.rows
                    && bytes == that.bytes && Objects.equals(duration, that.duration) && skipped == that.skipped;
        }

        @Override
        public int hashCode() {
            return Objects.hash(migrationId, at, table, unit, rows, bytes, duration, skipped);
        }

        @Override
        public String toString() {
            return "UnitCopied[migrationId=" + migrationId + ", at=" + at + ", table=" + table + ", unit=" + unit
                    + ", rows=" + rows + ", bytes=" + bytes + ", duration=" + duration + ", skipped=" + skipped + "]";
        }

        /** Builds a {@link UnitCopied}. Not thread-safe. */
        public static final class Builder {
            private String migrationId;
            private Instant at;
            private QualifiedName table;
            private String unit;
            private long rows;
            private long bytes;
            private Duration duration;
            private boolean skipped;

            private Builder(String migrationId, Instant at, QualifiedName table, String unit) {
                this.migrationId = Objects.requireNonNull(migrationId, "migrationId");
                this.at = Objects.requireNonNull(at, "at");
                this.table = Objects.requireNonNull(table, "table");
                this.unit = Objects.requireNonNull(unit, "unit");
            }

            /** Migration id. Required. */
            public Builder migrationId(String migrationId) {
                this.migrationId = Objects.requireNonNull(migrationId, "migrationId");
                return this;
            }

            /** When. Required. */
            public Builder at(Instant at) {
                this.at = Objects.requireNonNull(at, "at");
                return this;
            }

            /** The table. Required. */
            public Builder table(QualifiedName table) {
                this.table = Objects.requireNonNull(table, "table");
                return this;
            }

            /** The unit key. Required. */
            public Builder unit(String unit) {
                this.unit = Objects.requireNonNull(unit, "unit");
                return this;
            }

            /** Rows copied. Default: 0. */
            public Builder rows(long rows) {
                this.rows = rows;
                return this;
            }

            /** Bytes streamed. Default: 0. */
            public Builder bytes(long bytes) {
                this.bytes = bytes;
                return this;
            }

            /** How long the copy took. Default: {@code null}. */
            public Builder duration(Duration duration) {
                this.duration = duration;
                return this;
            }

            /** Copied by an earlier run. Default: false. */
            public Builder skipped(boolean skipped) {
                this.skipped = skipped;
                return this;
            }

            /** The event. */
            public UnitCopied build() {
                return new UnitCopied(this);
            }
        }
    }

    /**
     * A unit or a DDL step failed with a transient error and will be tried again.
     *
     * <p>Built with {@link #builder(String, Instant, String)}; {@link #toBuilder()} copies one to change it. Immutable;
     * equal to another event with equal fields.
     */
    final class RetryScheduled implements MigrationEvent {

        private final String migrationId;
        private final Instant at;
        private final QualifiedName table;
        private final String unit;
        private final int attempt;
        private final String sqlState;
        private final String message;
        private final Duration delay;

        private RetryScheduled(Builder builder) {
            this.migrationId = builder.migrationId;
            this.at = builder.at;
            this.table = builder.table;
            this.unit = builder.unit;
            this.attempt = builder.attempt;
            this.sqlState = builder.sqlState;
            this.message = builder.message;
            this.delay = builder.delay;
        }

        /**
         * A builder for a retry of {@code unit} (a unit key, or a DDL step) in migration {@code migrationId} at
         * {@code at}, with no table, error or delay until set.
         */
        public static Builder builder(String migrationId, Instant at, String unit) {
            return new Builder(migrationId, at, unit);
        }

        /** A builder holding this event's fields, to change some of them. */
        public Builder toBuilder() {
            return builder(migrationId, at, unit).table(table).attempt(attempt).sqlState(sqlState).message(message)
                    .delay(delay);
        }

        /** Migration id. */
        public String migrationId() {
            return migrationId;
        }

        /** When. */
        public Instant at() {
            return at;
        }

        /** The unit's table, or {@code null} for a DDL step. */
        public QualifiedName table() {
            return table;
        }

        /** The unit key, or {@code DDL step} and the step's object. */
        public String unit() {
            return unit;
        }

        /** The attempt that failed (1 for the first). */
        public int attempt() {
            return attempt;
        }

        /** The SQLSTATE, or {@code null}. */
        public String sqlState() {
            return sqlState;
        }

        /** The error. */
        public String message() {
            return message;
        }

        /** The wait before the next attempt. */
        public Duration delay() {
            return delay;
        }

        @Override
        public boolean equals(Object other) {
            return this == other || other instanceof RetryScheduled that
                    && Objects.equals(migrationId, that.migrationId) && Objects.equals(at, that.at)
                    && Objects.equals(table, that.table) && Objects.equals(unit, that.unit) && attempt == that.attempt
                    && Objects.equals(sqlState, that.sqlState) && Objects.equals(message, that.message)
                    && Objects.equals(delay, that.delay);
        }

        @Override
        public int hashCode() {
            return Objects.hash(migrationId, at, table, unit, attempt, sqlState, message, delay);
        }

        @Override
        public String toString() {
            return "RetryScheduled[migrationId=" + migrationId + ", at=" + at + ", table=" + table + ", unit=" + unit
                    + ", attempt=" + attempt + ", sqlState=" + sqlState + ", message=" + message
                    + ", delay=" + delay + "]";
        }

        /** Builds a {@link RetryScheduled}. Not thread-safe. */
        public static final class Builder {
            private String migrationId;
            private Instant at;
            private QualifiedName table;
            private String unit;
            private int attempt;
            private String sqlState;
            private String message;
            private Duration delay;

            private Builder(String migrationId, Instant at, String unit) {
                this.migrationId = Objects.requireNonNull(migrationId, "migrationId");
                this.at = Objects.requireNonNull(at, "at");
                this.unit = Objects.requireNonNull(unit, "unit");
            }

            /** Migration id. Required. */
            public Builder migrationId(String migrationId) {
                this.migrationId = Objects.requireNonNull(migrationId, "migrationId");
                return this;
            }

            /** When. Required. */
            public Builder at(Instant at) {
                this.at = Objects.requireNonNull(at, "at");
                return this;
            }

            /** The unit's table, or {@code null} for a DDL step. Default: {@code null}. */
            public Builder table(QualifiedName table) {
                this.table = table;
                return this;
            }

            /** The unit key, or {@code DDL step} and the step's object. Required. */
            public Builder unit(String unit) {
                this.unit = Objects.requireNonNull(unit, "unit");
                return this;
            }

            /** The attempt that failed (1 for the first). Default: 0. */
            public Builder attempt(int attempt) {
                this.attempt = attempt;
                return this;
            }

            /** The SQLSTATE, or {@code null}. Default: {@code null}. */
            public Builder sqlState(String sqlState) {
                this.sqlState = sqlState;
                return this;
            }

            /** The error. Default: {@code null}. */
            public Builder message(String message) {
                this.message = message;
                return this;
            }

            /** The wait before the next attempt. Default: {@code null}. */
            public Builder delay(Duration delay) {
                this.delay = delay;
                return this;
            }

            /** The event. */
            public RetryScheduled build() {
                return new RetryScheduled(this);
            }
        }
    }

    /**
     * A batch of large objects was copied in one target transaction (or found copied by an earlier run, when
     * {@code skipped}).
     *
     * @param migrationId migration id
     * @param at          when
     * @param batch       the batch's checkpoint key, naming its OID range
     * @param objects     the large objects written
     * @param bytes       their bytes
     * @param duration    wall time of the successful attempt
     * @param skipped     copied by an earlier run
     */
    record LargeObjectsCopied(String migrationId, Instant at, String batch, int objects, long bytes,
                              java.time.Duration duration, boolean skipped) implements MigrationEvent {
    }

    /**
     * All units of a table were copied.
     *
     * @param migrationId migration id
     * @param at          when
     * @param report      the table's figures
     */
    record TableFinished(String migrationId, Instant at, TableReport report) implements MigrationEvent {
    }

    /**
     * The streaming strategy measured a hypertable's storage on the target, after its last chunk was compressed.
     *
     * @param migrationId the migration
     * @param at          when
     * @param table       the table
     * @param storage     the figures
     */
    record StorageMeasured(String migrationId, Instant at, QualifiedName table,
                           dev.timescalemigrate.StorageReport storage) implements MigrationEvent {
    }

    /**
     * A DDL step ran (or was found done by an earlier run).
     *
     * @param migrationId migration id
     * @param at          when
     * @param object      the object it created or changed
     * @param skipped     done by an earlier run
     */
    record SchemaStepDone(String migrationId, Instant at, String object, boolean skipped) implements MigrationEvent {
    }

    /**
     * Where following the source stands ({@code follow(true)}), about once a second while the run follows it.
     *
     * @param migrationId           migration id
     * @param at                    when
     * @param status                what was applied so far, the lag and the WAL the slot retains
     * @param transactionsPerSecond source transactions applied per second since the last of these events
     * @param changesPerSecond      row changes applied per second since the last of these events
     */
    record FollowProgress(String migrationId, Instant at, dev.timescalemigrate.FollowReport status,
                          double transactionsPerSecond, double changesPerSecond) implements MigrationEvent {
    }

    /**
     * Something the user should know that does not stop the migration.
     *
     * @param migrationId migration id
     * @param at          when
     * @param message     what
     */
    record Warning(String migrationId, Instant at, String message) implements MigrationEvent {
    }

    /**
     * The migration finished.
     *
     * @param migrationId migration id
     * @param at          when
     * @param report      the final report
     */
    record MigrationFinished(String migrationId, Instant at, MigrationReport report) implements MigrationEvent {
    }

    /**
     * The migration stopped with an error. Checkpoints are kept: running it again continues.
     *
     * @param migrationId migration id
     * @param at          when
     * @param error       the error
     */
    record MigrationFailed(String migrationId, Instant at, RuntimeException error) implements MigrationEvent {
    }
}
