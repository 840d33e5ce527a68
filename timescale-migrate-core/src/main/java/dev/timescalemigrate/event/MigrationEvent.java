package dev.timescalemigrate.event;

import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.TableReport;
import dev.timescalemigrate.model.QualifiedName;

import java.time.Duration;
import java.time.Instant;

/** Something that happened during a migration. Every event carries the migration id and when it happened. */
public sealed interface MigrationEvent {

    /** The migration's id. */
    String migrationId();

    /** When it happened. */
    Instant at();

    /**
     * The migration began (after the preflight passed).
     *
     * @param migrationId migration id
     * @param at          when
     * @param strategy    the strategy's name
     * @param resumed     whether an earlier, unfinished run is being continued
     * @param tables      number of tables to copy
     * @param units       number of copy units
     * @param estimatedBytes estimated bytes to copy
     */
    record MigrationStarted(String migrationId, Instant at, String strategy, boolean resumed, int tables, int units,
                            long estimatedBytes) implements MigrationEvent {
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
     * @param migrationId migration id
     * @param at          when
     * @param table       the table
     * @param unit        the unit key
     * @param rows        rows copied
     * @param bytes       bytes streamed
     * @param duration    how long the copy took
     * @param skipped     copied by an earlier run
     */
    record UnitCopied(String migrationId, Instant at, QualifiedName table, String unit, long rows, long bytes,
                      Duration duration, boolean skipped) implements MigrationEvent {
    }

    /**
     * A unit or a DDL step failed with a transient error and will be tried again.
     *
     * @param migrationId migration id
     * @param at          when
     * @param table       the unit's table, or {@code null} for a DDL step
     * @param unit        the unit key, or {@code DDL step} and the step's object
     * @param attempt     the attempt that failed (1 for the first)
     * @param sqlState    the SQLSTATE, or {@code null}
     * @param message     the error
     * @param delay       the wait before the next attempt
     */
    record RetryScheduled(String migrationId, Instant at, QualifiedName table, String unit, int attempt,
                          String sqlState, String message, Duration delay) implements MigrationEvent {
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
