package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.exception.ConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Holds a repeatable-read transaction open on the source and exports its snapshot, so that every worker (and the
 * introspection) reads the same instant of the source. Workers import the snapshot at the start of their own
 * transaction with {@link #importInto(Connection)}.
 *
 * <p>When the coordinating connection is lost, the snapshot is gone with it: the next import exports a new one on
 * a new connection, logs a warning, and {@link #renewed()} turns true, so the report no longer claims a copy of
 * one instant. The run goes on.
 */
final class SnapshotCoordinator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotCoordinator.class);

    /** What {@code pg_export_snapshot()} returns, e.g. {@code 00000003-0000001B-1}. */
    private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-Fa-f]+(-[0-9A-Fa-f]+)+");

    private final ConnectionPool pool;
    private Connection connection;
    private volatile String snapshotId;
    private volatile boolean renewed;
    /** A replication slot's snapshot: it cannot be renewed, since the slot's changes start exactly after it. */
    private volatile boolean fixed;

    private SnapshotCoordinator(ConnectionPool pool) {
        this.pool = pool;
    }

    /** Opens the coordinating transaction on {@code source} and exports its snapshot. */
    static SnapshotCoordinator open(DataSource source) {
        SnapshotCoordinator coordinator = new SnapshotCoordinator(
                ConnectionPool.forSide("source", source, 1, false));
        try {
            coordinator.export();
            return coordinator;
        } catch (RuntimeException e) {
            coordinator.close();
            throw e;
        }
    }

    /**
     * A coordinator without a snapshot yet, for a run that follows the source: {@link #adopt} gives it the
     * replication slot's. Until then workers read in transactions of their own.
     */
    static SnapshotCoordinator pending(DataSource source) {
        return new SnapshotCoordinator(ConnectionPool.forSide("source", source, 1, false));
    }

    /**
     * Holds {@code slotSnapshot} (exported by the creation of a replication slot, valid while that replication
     * connection is idle) in a transaction of its own and exports it again, so that the replication connection
     * can go on. Losing it later fails the run instead of renewing it.
     */
    synchronized void adopt(String slotSnapshot) {
        if (slotSnapshot == null || !SNAPSHOT_ID.matcher(slotSnapshot).matches()) {
            throw exportFailed("the replication slot's snapshot id is " + slotSnapshot, null, null);
        }
        hold(slotSnapshot);
        fixed = true;
        LOG.debug("Holding the replication slot's snapshot {} as {}", slotSnapshot, snapshotId);
    }

    private void export() {
        hold(null);
        LOG.debug("Exported source snapshot {}", snapshotId);
    }

    /**
     * Opens the coordinating read-only repeatable-read transaction, seeing {@code imported} when given, and
     * exports its snapshot.
     */
    private void hold(String imported) {
        Connection c = pool.borrow();
        String id;
        try {
            try (Statement s = c.createStatement()) {
                // a server-wide idle timeout would end the transaction, and the snapshot with it, between units
                s.execute("SET idle_in_transaction_session_timeout = 0");
            }
            c.setAutoCommit(false);
            if (imported != null) {
                setSnapshot(c, imported);
            } else {
                try (Statement s = c.createStatement()) {
                    s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                }
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_catalog.pg_export_snapshot()")) {
                rs.next();
                id = rs.getString(1);
            }
        } catch (SQLException e) {
            pool.discard(c);
            throw exportFailed((imported == null ? "" : "importing the replication slot's snapshot failed: ")
                    + PgErrors.describe(e), e.getSQLState(), e);
        }
        if (id == null || !SNAPSHOT_ID.matcher(id).matches()) {
            pool.discard(c);
            throw exportFailed("the server returned the unexpected snapshot id " + id, null, null);
        }
        connection = c;
        snapshotId = id;
    }

    private static ConnectionException exportFailed(String why, String sqlState, Throwable cause) {
        return new ConnectionException("Exporting a snapshot of the source failed: " + why + ". A standby cannot "
                + "export snapshots before PostgreSQL 10, and some poolers (transaction pooling) cannot hold one: "
                + "connect to the primary directly, or choose SnapshotMode.PER_UNIT.", sqlState, cause);
    }

    /**
     * The connection whose transaction holds the snapshot, for reading the source's structure in it. The caller
     * must leave its transaction open.
     */
    synchronized Connection connection() {
        return connection;
    }

    /** The exported snapshot's id. */
    String snapshotId() {
        return snapshotId;
    }

    /** Whether the first snapshot was lost and another exported since. */
    boolean renewed() {
        return renewed;
    }

    /** Whether a snapshot is held (a pending coordinator has none until {@link #adopt}). */
    boolean holds() {
        return snapshotId != null;
    }

    /**
     * Starts a read-only repeatable-read transaction on {@code worker} that sees the exported snapshot. When the
     * snapshot no longer exists (its connection was lost), exports a new one and imports that.
     *
     * @param worker a source connection in auto-commit mode; left in a transaction the caller ends
     */
    void importInto(Connection worker) throws SQLException {
        String id = snapshotId;
        worker.setAutoCommit(false);
        if (id == null) {
            // pending (a followed run that resumes after its copy): a transaction of the worker's own
            return;
        }
        try {
            setSnapshot(worker, id);
        } catch (SQLException e) {
            worker.rollback();
            if (alive()) {
                throw e;
            }
            setSnapshot(worker, renew(id));
        }
    }

    private static void setSnapshot(Connection worker, String id) throws SQLException {
        try (Statement s = worker.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            // the id is the server's own output, checked against SNAPSHOT_ID; SET TRANSACTION takes no parameters
            s.execute("SET TRANSACTION SNAPSHOT '" + id + "'");
        }
    }

    private synchronized boolean alive() {
        if (connection == null) {
            return false;
        }
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Exports a new snapshot unless another thread already replaced {@code lost}; returns the current id. */
    private synchronized String renew(String lost) {
        if (!lost.equals(snapshotId) && alive()) {
            return snapshotId;
        }
        if (fixed) {
            throw new ConnectionException("The source connection holding the replication slot's snapshot " + lost
                    + " was lost: the rest of the copy cannot read the instant the slot's changes start from. Start "
                    + "the followed migration again on an empty target.", null, null);
        }
        if (connection != null) {
            pool.discard(connection);
            connection = null;
        }
        export();
        renewed = true;
        LOG.warn("The source snapshot {} was lost with its connection; units copied from now on read snapshot {}, "
                + "so the target is no longer a copy of one instant of the source", lost, snapshotId);
        return snapshotId;
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            pool.release(connection); // rolls the read-only transaction back
            connection = null;
        }
        pool.close();
    }
}
