package dev.timescalemigrate.spi;

import dev.timescalemigrate.MigrationConfig;
import dev.timescalemigrate.event.MigrationEvent;
import dev.timescalemigrate.event.MigrationPhase;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.ServerInfo;
import dev.timescalemigrate.model.Table;

import java.util.List;

import java.util.concurrent.ExecutorService;

/**
 * What a {@link MigrationStrategy} works with: the selection, the session to both databases, and the support every
 * strategy needs to be resumable and observable.
 *
 * <p>The database adapter behind it is not part of this SPI. A strategy that keeps to these methods gets, for free: DDL run once per migration ({@link #ddl}, with keys from
 * {@link dev.timescalemigrate.MigrationPlan.DdlStep#of}); copy units saved by the runner before the first copy and
 * read back by {@link #units} on a rerun, so that a resumed run copies exactly the units of the first and skips
 * those done; retries of transient failures with capped, jittered exponential backoff; events for every phase,
 * step, unit and retry; and the report.
 */
public interface StrategyContext {

    /** The migration's configuration. */
    MigrationConfig config();

    /** The migration's id. */
    String migrationId();

    /** The source model reduced to the selected tables and what they need; hypertable rules applied. */
    DatabaseModel selection();

    /** Facts about the source server. */
    ServerInfo sourceServer();

    /**
     * Facts about the target server (when the target database lacks the timescaledb extension and the migration
     * will create it, the version and license it will have).
     */
    ServerInfo targetServer();

    /** The target's structure as it was when the run started (an earlier run's objects included). */
    DatabaseModel targetModel();

    /**
     * The DDL that recreates {@code model} on the target, in dependency order, extensions the target already has
     * left out. Writes nothing.
     */
    List<DdlStatement> ddlFor(DatabaseModel model);

    /**
     * A source table split into copy units of about {@code config().unitBytes()} each (at least
     * {@code config().parallelism()} for a large table), on {@code preferredColumn} when it can be split on (else
     * on a column the adapter chooses, or the physical row order). Writes nothing. Use it inside
     * {@link #units(Table, java.util.function.Supplier)} so a rerun gets the units its first run saved.
     *
     * @param preferredColumn a column to split on, or {@code null}
     */
    List<CopyUnit> split(Table table, String preferredColumn);

    /** Sends an event to the listeners (and the report). */
    void publish(MigrationEvent event);

    /** Reports a warning (an event, a log line and a line in the report). */
    void warn(String message);

    /** Announces that a phase begins, with how many steps it has ({@link MigrationEvent.PhaseStarted}). */
    void phase(MigrationPhase phase, int steps);

    /**
     * The copy units of a table for a plan: those an earlier run of this migration saved, else the ones
     * {@code split} makes. Writes nothing; the runner saves the units of the plan's {@code CopyStep}s before
     * {@link MigrationStrategy#execute} starts, so a rerun resumes with exactly the same units.
     *
     * @param table a selected table
     * @param split makes the units when none are saved, e.g. {@code () -> split(table, null)}
     */
    List<CopyUnit> units(Table table, java.util.function.Supplier<List<CopyUnit>> split);

    /**
     * Copies a unit, retrying transient failures with backoff as configured, publishing
     * {@link MigrationEvent.RetryScheduled} and {@link MigrationEvent.UnitCopied} events. A unit an earlier run
     * copied is skipped.
     *
     * @throws dev.timescalemigrate.exception.DataTransferException on a permanent failure, or when retries are exhausted
     */
    CopyResult copy(Table table, CopyUnit unit, QualifiedName targetTable);

    /**
     * Runs a DDL statement once per migration (skipped when an earlier run did it) and publishes the step; a
     * transient failure (lost connection, deadlock, serialization failure) is retried like a copy.
     */
    void ddl(DdlStatement statement, String stepKey);

    /**
     * Runs the tasks on the {@link #workers()}, at most {@code parallelism} at once, and returns when all have
     * finished. The first failure stops the tasks not yet started and is rethrown.
     */
    void runParallel(List<Runnable> tasks);

    /** A pool of {@code parallelism} threads for the strategy's parallel work; shut down by the runner. */
    ExecutorService workers();
}
