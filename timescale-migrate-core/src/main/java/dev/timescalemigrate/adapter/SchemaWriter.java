package dev.timescalemigrate.adapter;

import dev.timescalemigrate.spi.DdlStatement;

/** Runs DDL on the target, each statement at most once per migration. Thread-safe. */
public interface SchemaWriter {

    /**
     * Runs a statement in its own transaction, in which it also records {@code stepKey} as done; does nothing
     * when the step is already recorded. A failure rolls both back, so a rerun runs the statement again.
     *
     * @return true when the statement ran, false when it had run in an earlier run
     * @throws dev.timescalemigrate.exception.SchemaException naming the object, the statement and the SQLSTATE
     */
    boolean execute(DdlStatement statement, String stepKey);
}
