package dev.timescalemigrate.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

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
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            try (Connection c = database.connect();
                 PreparedStatement ps = c.prepareStatement("""
                         SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                         WHERE datname = ? AND query LIKE ? AND state = 'active' AND pid <> pg_backend_pid()
                         LIMIT 1""")) {
                while (killed.get() == 0 && System.nanoTime() < deadline) {
                    if (when.getAsBoolean()) {
                        ps.setString(1, database.name());
                        ps.setString(2, queryPrefix + "%");
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next() && rs.getBoolean(1)) {
                                killed.incrementAndGet();
                            }
                        }
                    }
                    Thread.sleep(5);
                }
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
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
