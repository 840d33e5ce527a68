package dev.timescalemigrate.internal;

import dev.timescalemigrate.adapter.TransferSession;
import dev.timescalemigrate.spi.StrategyContext;

/**
 * How the built-in strategies reach the adapter's session behind a {@link StrategyContext}: the runner's context
 * has one. Strategies of users see only the {@link StrategyContext}.
 */
public interface AdapterSession {

    /** Connections, DDL, copy, checkpoints, checksums and TimescaleDB operations for this migration. */
    TransferSession session();

    /**
     * Runs an idempotent step under the run's retry policy (transient failures retried with backoff, each retry
     * logged and published); without one, once.
     *
     * @param what the step, for the log and the events
     */
    default <T> T retried(String what, java.util.function.Supplier<T> work) {
        return work.get();
    }

    /**
     * Copies a unit by {@code work} (a call of the session's copy service) as
     * {@link StrategyContext#copy(dev.timescalemigrate.model.Table, dev.timescalemigrate.spi.CopyUnit,
     * dev.timescalemigrate.model.QualifiedName)} does: retried, with its events, in the report.
     */
    dev.timescalemigrate.spi.CopyResult copy(dev.timescalemigrate.spi.CopyUnit unit,
                                             java.util.function.Supplier<dev.timescalemigrate.spi.CopyResult> work);

    /** {@link #retried(String, java.util.function.Supplier)} of the runner's context. */
    static <T> T retried(StrategyContext context, String what, java.util.function.Supplier<T> work) {
        return context instanceof AdapterSession a ? a.retried(what, work) : work.get();
    }

    /** The session behind a context the runner made. */
    static TransferSession of(StrategyContext context) {
        if (context instanceof AdapterSession a) {
            return a.session();
        }
        throw new IllegalStateException("not a context of the migration runner: " + context);
    }
}
