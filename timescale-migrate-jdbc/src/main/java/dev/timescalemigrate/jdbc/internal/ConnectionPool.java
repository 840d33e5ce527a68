package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.exception.ConnectionException;
import dev.timescalemigrate.internal.Connections;
import dev.timescalemigrate.internal.DriverManagerDataSource;
import dev.timescalemigrate.internal.SqlState;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * A small, thread-safe pool of connections to one database: at most {@code max} connections open at once,
 * borrowed and returned. A connection that failed with a connection-class SQLSTATE (08xxx, 57P01-57P03) or is
 * closed is discarded instead of being returned. Every new connection gets the same session settings, so that
 * both sides of a migration print and parse values the same way (see {@link #SESSION_SETTINGS}).
 *
 * <p>Connections are opened through {@link Connections#open}, whose errors say what to fix and never contain
 * a password.
 */
final class ConnectionPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);

    /**
     * Session settings of every connection: fixed text formats for dates, intervals, floats and bytea, UTC,
     * standard strings, and an empty {@code search_path} (every statement the adapter writes is fully qualified).
     */
    static final List<String> SESSION_SETTINGS = List.of(
            "SET DateStyle = 'ISO, MDY'",
            "SET IntervalStyle = 'postgres'",
            "SET extra_float_digits = 3",
            "SET TimeZone = 'UTC'",
            "SET bytea_output = 'hex'",
            "SET standard_conforming_strings = on",
            "SET search_path = ''");

    /**
     * Added on the target: each unit's rows and its checkpoint commit together, so a commit lost in a crash
     * loses both and the rerun copies the unit again.
     */
    static final String TARGET_SETTING = "SET synchronous_commit = off";

    /** Undoes {@link #SESSION_SETTINGS} and {@link #TARGET_SETTING}. */
    private static final String RESET = "RESET DateStyle; RESET IntervalStyle; RESET extra_float_digits; "
            + "RESET TimeZone; RESET bytea_output; RESET standard_conforming_strings; RESET search_path; "
            + "RESET synchronous_commit";

    /** Besides class 08: the server shut down or cannot accept connections. */
    private static final Set<SqlState> SERVER_GONE = EnumSet.of(SqlState.ADMIN_SHUTDOWN, SqlState.CRASH_SHUTDOWN,
            SqlState.CANNOT_CONNECT_NOW);

    /** An idle connection older than this is checked with {@link Connection#isValid} before it is lent. */
    private static final long VALIDATE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(30);

    private record Idle(Connection connection, long since) {
    }

    /**
     * When a connection was last found broken ({@link System#nanoTime()}, 0 for never): the server may have
     * restarted, so every connection idle since before then is checked before it is lent, instead of failing
     * the next piece of work (and using up one of its attempts) each.
     */
    private volatile long brokenAt;

    private final String role;
    private final DataSource dataSource;
    private final int max;
    private final List<String> settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final Deque<Idle> idle = new ArrayDeque<>();
    private final Set<Connection> open = new HashSet<>();
    private int opening;
    private boolean closed;

    /**
     * @param role       {@code source} or {@code target}, for messages
     * @param dataSource where to connect
     * @param max        the most connections open at once
     * @param settings   statements run on every new connection
     */
    ConnectionPool(String role, DataSource dataSource, int max, List<String> settings) {
        if (max < 1) {
            throw new IllegalArgumentException("a pool needs at least one connection");
        }
        this.role = role;
        this.dataSource = dataSource;
        this.max = max;
        this.settings = List.copyOf(settings);
    }

    /** A pool with {@link #SESSION_SETTINGS} (and {@link #TARGET_SETTING} when {@code target}). */
    static ConnectionPool forSide(String role, DataSource dataSource, int max, boolean target) {
        List<String> all = new ArrayList<>(SESSION_SETTINGS);
        if (target) {
            all.add(TARGET_SETTING);
        }
        return new ConnectionPool(role, dataSource, max, all);
    }

    /** {@code source} or {@code target}. */
    String role() {
        return role;
    }

    /** The most connections this pool opens at once. */
    int max() {
        return max;
    }

    /**
     * Lends a connection in auto-commit mode, opening one when none is idle and fewer than {@code max} are
     * open; otherwise waits for one to be returned.
     *
     * @throws ConnectionException when a new connection cannot be opened, the pool is closed or the thread is
     *                             interrupted while waiting
     */
    Connection borrow() {
        while (true) {
            Idle candidate = null;
            lock.lock();
            try {
                while (true) {
                    if (closed) {
                        throw new ConnectionException("The " + role + " connection pool is closed.", null, null);
                    }
                    if (!idle.isEmpty()) {
                        candidate = idle.pollFirst();
                        break;
                    }
                    if (open.size() + opening < max) {
                        opening++;
                        break;
                    }
                    try {
                        available.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new ConnectionException("Interrupted while waiting for a " + role + " connection.",
                                null, e);
                    }
                }
            } finally {
                lock.unlock();
            }
            if (candidate == null) {
                return create();
            }
            long broken = brokenAt;
            boolean suspect = broken != 0 && candidate.since() - broken <= 0;
            if ((!suspect && System.nanoTime() - candidate.since() < VALIDATE_AFTER_NANOS)
                    || valid(candidate.connection())) {
                return candidate.connection();
            }
            LOG.debug("Dropping a stale {} connection", role);
            discard(candidate.connection()); // and the others idle as long are checked too
        }
    }

    private static boolean valid(Connection connection) {
        try {
            return connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private Connection create() {
        Connection connection = null;
        boolean reserved = true;
        try {
            connection = Connections.open(role, dataSource);
            try (Statement s = connection.createStatement()) {
                s.execute(String.join("; ", settings));
            }
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            lock.lock();
            try {
                opening--;
                reserved = false;
                available.signalAll();
                if (!closed) {
                    open.add(connection);
                    Connection lent = connection;
                    connection = null;
                    return lent;
                }
            } finally {
                lock.unlock();
            }
            throw new ConnectionException("The " + role + " connection pool is closed.", null, null);
        } catch (SQLException e) {
            throw new ConnectionException("Preparing a new " + role + " connection failed: "
                    + Connections.safeMessage(e), e.getSQLState(), e);
        } finally {
            closeQuietly(connection);
            if (reserved) {
                lock.lock();
                try {
                    opening--;
                    available.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** Work on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} on a borrowed connection in auto-commit mode and returns the connection. */
    <T> T withConnection(Work<T> work) throws SQLException {
        Connection connection = borrow();
        Throwable failure = null;
        try {
            return work.run(connection);
        } catch (SQLException | RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            release(connection, failure);
        }
    }

    /**
     * Runs {@code work} on a borrowed connection that reads in {@code snapshot} (the exported snapshot of a source,
     * imported in a read-only transaction the pool rolls back on release), or in auto-commit mode when it is
     * {@code null}.
     */
    <T> T inSnapshot(SnapshotCoordinator snapshot, Work<T> work) throws SQLException {
        return withConnection(connection -> {
            if (snapshot != null) {
                snapshot.importInto(connection);
            }
            return work.run(connection);
        });
    }

    /** Runs {@code work} in one transaction on a borrowed connection: committed on success, else rolled back. */
    <T> T inTransaction(Work<T> work) throws SQLException {
        return withConnection(connection -> {
            connection.setAutoCommit(false);
            T result = work.run(connection);
            connection.commit();
            connection.setAutoCommit(true);
            return result;
        });
    }

    /** Takes a borrowed connection back. */
    void release(Connection connection) {
        release(connection, null);
    }

    /**
     * Takes a borrowed connection back, discarding it when {@code failure} says the connection is broken, when
     * it is closed, or when its open transaction cannot be rolled back.
     *
     * @param failure what went wrong while it was used, or {@code null}
     */
    void release(Connection connection, Throwable failure) {
        if (connection == null) {
            return;
        }
        boolean keep = !isBroken(failure);
        if (!keep) {
            brokenAt = System.nanoTime();
        }
        if (keep) {
            try {
                if (connection.isClosed()) {
                    keep = false;
                } else if (!connection.getAutoCommit()) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                keep = false;
            }
        }
        lock.lock();
        try {
            if (keep && !closed && open.contains(connection)) {
                idle.addFirst(new Idle(connection, System.nanoTime()));
                available.signal();
                return;
            }
        } finally {
            lock.unlock();
        }
        if (keep) {
            retire(connection);
            released(connection);
        } else {
            discard(connection);
        }
    }

    /**
     * Closes a working connection. When it came from a data source that may itself pool connections (anything
     * but the library's own {@link DriverManagerDataSource}), the settings this pool made are reset first, so
     * that the application's pool does not get back connections with, say, an empty {@code search_path}.
     */
    private void retire(Connection connection) {
        if (!(dataSource instanceof DriverManagerDataSource)) {
            try (Statement s = connection.createStatement()) {
                s.execute(RESET);
            } catch (SQLException e) {
                LOG.debug("Resetting the session settings of a {} connection failed: {}", role, e.getMessage());
            }
        }
        closeQuietly(connection);
    }

    /** Closes a borrowed connection that cannot be used any more and frees its place. */
    void discard(Connection connection) {
        brokenAt = System.nanoTime();
        closeQuietly(connection);
        released(connection);
    }

    private void released(Connection connection) {
        lock.lock();
        try {
            open.remove(connection);
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether a failure means the connection can no longer be used: an SQLSTATE of class 08 (connection
     * exception) or 57P01-57P03 (the server shut down or cannot accept connections), anywhere in the cause chain.
     */
    static boolean isBroken(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException e && isBrokenState(e.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Whether an SQLSTATE says the connection is gone. */
    static boolean isBrokenState(String sqlState) {
        return SqlState.isConnectionException(sqlState)
                || SqlState.of(sqlState).filter(SERVER_GONE::contains).isPresent();
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // nothing to do: it is being dropped
            }
        }
    }

    /** Closes every connection, idle or lent; later borrows fail. */
    @Override
    public void close() {
        List<Connection> idleOnes = new ArrayList<>();
        List<Connection> lent;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            idle.forEach(i -> idleOnes.add(i.connection()));
            Set<Connection> inUse = new HashSet<>(open);
            idleOnes.forEach(inUse::remove);
            lent = List.copyOf(inUse);
            open.clear();
            idle.clear();
            available.signalAll();
        } finally {
            lock.unlock();
        }
        idleOnes.forEach(this::retire);
        lent.forEach(ConnectionPool::closeQuietly);
    }
}
