package dev.timescalemigrate.testing;

import org.awaitility.core.ConditionTimeoutException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.awaitility.Awaitility.await;

/** Faults injected into a running migration, and what the checkpoint store says about its progress. */
public final class Faults {

    private Faults() {
    }

    /**
     * Terminates, from another connection to its server, the first backend of {@code database} whose query starts with
     * {@code queryPrefix}, once {@code when} holds; gives up after 60 s.
     */
    public static Thread killer(TestDatabase database, String queryPrefix, BooleanSupplier when,
                                AtomicInteger killed) {
        return Thread.ofPlatform().start(() -> {
            try (Connection c = database.connect();
                 PreparedStatement ps = c.prepareStatement("""
                         SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                         WHERE datname = ? AND query LIKE ? AND state = 'active' AND pid <> pg_backend_pid()
                         LIMIT 1""")) {
                ps.setString(1, database.name());
                ps.setString(2, queryPrefix + "%");
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                        .until(() -> when.getAsBoolean() && terminated(ps));
                killed.incrementAndGet();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            } catch (ConditionTimeoutException e) {
                // nothing to kill within 60 s: the caller's assertions on killed say so
            }
        });
    }

    private static boolean terminated(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Units the checkpoint store (default schema) records as copied; 0 before its tables exist. */
    public static int unitsDone(TestDatabase target) {
        try (Connection c = target.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT count(*) FROM timescale_migrate.units WHERE done_at IS NOT NULL")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            return 0; // the checkpoint tables do not exist yet
        }
    }
}
