package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.testing.TestDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Runs generated DDL on a test database, one statement at a time, naming the statement that fails. */
final class DdlApplier {

    private DdlApplier() {
    }

    static void apply(TestDatabase db, List<DdlStatement> statements) {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("SET check_function_bodies = off");
            for (DdlStatement statement : statements) {
                try {
                    s.execute(statement.sql());
                } catch (SQLException e) {
                    throw new AssertionError("DDL for " + statement.object() + " failed: " + e.getMessage()
                            + "\n" + statement.sql(), e);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
