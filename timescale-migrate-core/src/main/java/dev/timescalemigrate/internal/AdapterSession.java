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

    /** The session behind a context the runner made. */
    static TransferSession of(StrategyContext context) {
        if (context instanceof AdapterSession a) {
            return a.session();
        }
        throw new IllegalStateException("not a context of the migration runner: " + context);
    }
}
