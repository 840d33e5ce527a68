package dev.timescalemigrate.spi;

import dev.timescalemigrate.MigrationConfig;
import dev.timescalemigrate.event.MigrationEvent;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;

import java.util.concurrent.ExecutorService;

/** What a {@link MigrationStrategy} works with. */
public interface StrategyContext {

    /** The migration's configuration. */
    MigrationConfig config();

    /** The migration's id. */
    String migrationId();

    /** The source model reduced to the selected tables and what they need; hypertable rules applied. */
    DatabaseModel selection();

    /** Connections, DDL, copy, checkpoints and checksums for this migration. */
    TransferSession session();

    /** Sends an event to the listeners (and the report). */
    void publish(MigrationEvent event);

    /** Reports a warning (an event, a log line and a line in the report). */
    void warn(String message);

    /**
     * Copies a unit, retrying transient failures with backoff as configured, publishing
     * {@link MigrationEvent.RetryScheduled} and {@link MigrationEvent.UnitCopied} events.
     *
     * @throws dev.timescalemigrate.exception.DataTransferException on a permanent failure, or when retries are exhausted
     */
    CopyResult copy(Table table, CopyUnit unit, QualifiedName targetTable);

    /** Runs a DDL statement once per migration (skipped when an earlier run did it) and publishes the step. */
    void ddl(DdlStatement statement, String stepKey);

    /** A pool of {@code parallelism} threads for the strategy's parallel work; shut down by the runner. */
    ExecutorService workers();
}
