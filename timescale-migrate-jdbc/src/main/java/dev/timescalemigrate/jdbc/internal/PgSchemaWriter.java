package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.exception.SchemaException;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.adapter.SchemaWriter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs each DDL statement in a target transaction that also inserts its step row: either both are committed or
 * neither. The step row is inserted first ({@code ON CONFLICT DO NOTHING}), which both checks the step and
 * serialises two sessions that try the same step: the second waits for the first and then finds the row.
 */
final class PgSchemaWriter implements SchemaWriter {

    private static final Logger LOG = LoggerFactory.getLogger(PgSchemaWriter.class);

    private final ConnectionPool target;
    private final PgCheckpointStore checkpoints;

    PgSchemaWriter(ConnectionPool target, PgCheckpointStore checkpoints) {
        this.target = target;
        this.checkpoints = checkpoints;
    }

    @Override
    public boolean execute(DdlStatement statement, String stepKey) {
        checkpoints.requireBegun();
        try {
            boolean ran = target.inTransaction(c -> {
                if (!checkpoints.claimStep(c, stepKey)) {
                    return false;
                }
                try (Statement s = c.createStatement()) {
                    s.execute("SET LOCAL check_function_bodies = off");
                    s.execute(statement.sql());
                }
                return true;
            });
            if (ran) {
                LOG.debug("Ran step {}: {}", stepKey, statement.object());
            } else {
                LOG.debug("Step {} was done by an earlier run: {}", stepKey, statement.object());
            }
            return ran;
        } catch (SQLException e) {
            throw new SchemaException("Creating " + statement.object() + " on the target failed: "
                    + PgErrors.describe(e) + ". Nothing of this statement "
                    + "was applied; a rerun of the migration continues from this statement (step " + stepKey + ").",
                    statement.displaySql(), e.getSQLState(), e);
        }
    }
}
