package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.exception.DataTransferException;
import dev.timescalemigrate.exception.MigrationException;
import org.postgresql.replication.LogSequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Source transactions applied to the target on several connections at once, where they do not conflict
 * ({@link ApplyScheduler}): each worker applies the transactions it is given in the source's order and commits
 * them in batches, storing in the same target transaction the commit position of each source transaction it
 * applied ({@code follow_applied}); {@link AppliedPositions} says how far everything is applied, which the caller
 * stores as the applied position (and acknowledges to the slot) after a synchronous commit, removing the rows it
 * covers. Workers commit with {@code synchronous_commit = off}: the caller's synchronous commit of the position
 * makes every earlier commit durable before the slot lets go of their changes.
 */
final class ParallelApply implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ParallelApply.class);
    /** Changes a worker commits at most in one target transaction. */
    private static final int MAX_BATCH_CHANGES = 10_000;
    /** Transactions waiting for a worker at most. */
    private static final int QUEUE = 512;
    /** Changes held in memory for the workers at most, given out and not yet committed; the stream waits. */
    private static final int MAX_HELD_CHANGES = 100_000;
    /** How often a wait tells the source the stream is alive (its wal_sender_timeout is 60 s by default). */
    private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** A source transaction to apply: its commit and end positions, commit time, changes and what it touches. */
    record Txn(long commitLsn, long endLsn, long commitMicros, List<ChangeApplier.Change> changes,
               ApplyScheduler.Keys keys) {
    }

    private static final Txn STOP = new Txn(-1, -1, -1, List.of(), new ApplyScheduler.Keys());

    private final ConnectionPool targetPool;
    private final String appliedTable;
    private final String migrationId;
    private final ApplyScheduler scheduler;
    private final AppliedPositions positions;
    private final List<Worker> workers = new ArrayList<>();
    private final Object lock = new Object();
    private final Runnable keepAlive;
    private final java.util.concurrent.Semaphore held = new java.util.concurrent.Semaphore(MAX_HELD_CHANGES);
    private long keptAlive = System.nanoTime();
    // guarded by lock
    private Throwable failure;
    private long transactions;
    private long changes;

    /**
     * Starts {@code count} workers, each on a connection of {@code targetPool}.
     *
     * @param appliedTable the table of transactions applied beyond the stored position, quoted
     * @param through      the position the target has everything up to
     * @param keepAlive    run now and then while a call waits for the workers, on the caller's thread
     */
    ParallelApply(ConnectionPool targetPool, int count, String appliedTable, String migrationId, long through,
                  Runnable keepAlive) throws SQLException {
        this.targetPool = targetPool;
        this.keepAlive = keepAlive;
        this.appliedTable = appliedTable;
        this.migrationId = migrationId;
        this.scheduler = new ApplyScheduler(count);
        this.positions = new AppliedPositions(through);
        try {
            for (int i = 0; i < count; i++) {
                Worker w = new Worker(i, targetPool.borrow());
                workers.add(w);
                w.prepare();
            }
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
        for (Worker w : workers) {
            w.thread.start();
        }
    }

    /**
     * Gives {@code txn} to a worker: the one holding what it conflicts with, or the least loaded; waits while it
     * conflicts with two or more, or while that worker's queue is full. A transaction without changes is applied
     * as soon as everything before it is.
     */
    void submit(Txn txn) throws InterruptedException {
        int worker;
        synchronized (lock) {
            positions.received(txn.commitLsn(), txn.endLsn(), txn.commitMicros());
            if (txn.changes().isEmpty()) {
                positions.committed(txn.commitLsn());
                return;
            }
            while ((worker = scheduler.choose(txn.keys())) < 0) {
                rethrow();
                lock.wait(100);
                keepAliveNow();
            }
            scheduler.hold(worker, txn.keys());
        }
        int permits = permits(txn);
        while (!held.tryAcquire(permits, 100, TimeUnit.MILLISECONDS)) {
            synchronized (lock) {
                rethrow();
            }
            keepAliveNow();
        }
        Worker w = workers.get(worker);
        while (!w.queue.offer(txn, 100, TimeUnit.MILLISECONDS)) {
            synchronized (lock) {
                rethrow();
            }
            keepAliveNow();
        }
    }

    /** The share of {@link #held} a transaction takes until its worker committed it. */
    private static int permits(Txn txn) {
        return Math.min(MAX_HELD_CHANGES, Math.max(1, txn.changes().size()));
    }

    /** Tells the source the stream is alive when a wait has gone on for a while; on the caller's thread. */
    private void keepAliveNow() {
        long now = System.nanoTime();
        if (now - keptAlive >= KEEP_ALIVE_NANOS) {
            keptAlive = now;
            keepAlive.run();
        }
    }

    /** A transaction applied (or skipped) by the caller, after every transaction given out before it committed. */
    void appliedHere(long commitLsn, long endLsn, long commitMicros, long changeCount, boolean counts) {
        synchronized (lock) {
            positions.received(commitLsn, endLsn, commitMicros);
            positions.committed(commitLsn);
            if (counts) {
                transactions++;
                changes += changeCount;
            }
        }
    }

    /** Waits until every transaction given out is committed on the target. */
    void drain() throws InterruptedException {
        synchronized (lock) {
            while (!scheduler.idle()) {
                rethrow();
                lock.wait(100);
                keepAliveNow();
            }
            rethrow();
        }
    }

    /** The new position everything is applied up to, when it moved since the last call. */
    OptionalLong advance() {
        synchronized (lock) {
            rethrow();
            return positions.advance();
        }
    }

    /** Whether every transaction received is committed on the target. */
    boolean caughtUp() {
        synchronized (lock) {
            return positions.caughtUp();
        }
    }

    /** The source commit time (microseconds since 2000) of the oldest transaction not yet applied; -1 if none. */
    long oldestPendingCommitMicros() {
        synchronized (lock) {
            return positions.oldestPendingCommitMicros();
        }
    }

    /** Source transactions (with changes) and changes committed on the target by this instance. */
    long[] counts() {
        synchronized (lock) {
            return new long[]{transactions, changes};
        }
    }

    /** A worker's failure, as the caller's: the first one wins. */
    private void rethrow() {
        if (failure == null) {
            return;
        }
        if (failure instanceof SQLException e) {
            throw new DataTransferException("Applying the source's changes on the target failed: "
                    + PgErrors.describe(e), null, null, e.getSQLState(), e);
        }
        if (failure instanceof MigrationException m) {
            throw m;
        }
        throw new IllegalStateException("An apply worker failed: " + failure, failure);
    }

    /**
     * Stops the workers and gives their connections back: what a worker has not committed is rolled back (a
     * commit always carries its transactions' positions, so what was committed is known to a rerun). A worker
     * still busy after a while (a statement waiting for a lock) has its connection aborted and discarded.
     */
    @Override
    public void close() {
        for (Worker w : workers) {
            w.stop = true;
            w.queue.clear();
            w.queue.offer(STOP);
        }
        for (Worker w : workers) {
            boolean ended = w.thread.getState() == Thread.State.NEW;
            try {
                if (!ended) {
                    w.thread.join(TimeUnit.SECONDS.toMillis(10));
                    ended = !w.thread.isAlive();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!ended) {
                LOG.warn("Apply worker {} did not stop; its connection to the target is aborted", w.index);
                try {
                    w.connection.abort(Runnable::run);
                } catch (SQLException ignored) {
                    // discarded below either way
                }
                targetPool.discard(w.connection);
                continue;
            }
            try {
                w.connection.rollback();
            } catch (SQLException ignored) {
                // released as broken below
            }
            w.applier.close();
            targetPool.release(w.connection, w.failure);
        }
    }

    private final class Worker implements Runnable {
        final int index;
        final Connection connection;
        final ChangeApplier applier;
        final BlockingQueue<Txn> queue = new ArrayBlockingQueue<>(QUEUE);
        final Thread thread;
        final List<Txn> batch = new ArrayList<>();
        final List<Long> batchChanges = new ArrayList<>();
        volatile boolean stop;
        Throwable failure;

        Worker(int index, Connection connection) {
            this.index = index;
            this.connection = connection;
            this.applier = new ChangeApplier(connection);
            this.thread = Thread.ofPlatform().daemon().name("timescale-migrate-apply-" + index).unstarted(this);
        }

        void prepare() throws SQLException {
            connection.setAutoCommit(false);
            if (!applier.prepareSession()) {
                // the caller's connection could: foreign keys would check changes applied out of order
                throw new SQLException("session_replication_role = replica was refused on an apply connection");
            }
            try (Statement s = connection.createStatement()) {
                // made durable by the synchronous commit of the applied position that covers them
                s.execute("SET synchronous_commit = off");
            }
            connection.commit();
        }

        @Override
        public void run() {
            try {
                long inBatch = 0;
                while (!stop) {
                    Txn txn = batch.isEmpty() ? queue.poll(100, TimeUnit.MILLISECONDS)
                            : queue.poll(2, TimeUnit.MILLISECONDS);
                    if (txn == STOP) {
                        break;
                    }
                    if (txn == null) {
                        if (!batch.isEmpty()) {
                            commit();
                            inBatch = 0;
                        }
                        continue;
                    }
                    long before = applier.changes();
                    for (ChangeApplier.Change change : txn.changes()) {
                        if (stop) {
                            return; // closing: rolled back by close()
                        }
                        applier.apply(change);
                    }
                    batch.add(txn);
                    batchChanges.add(applier.changes() - before);
                    inBatch += applier.changes() - before;
                    if (inBatch >= MAX_BATCH_CHANGES) {
                        commit();
                        inBatch = 0;
                    }
                }
            } catch (Throwable e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                failure = e;
                LOG.debug("Apply worker {} failed", index, e);
                synchronized (lock) {
                    if (ParallelApply.this.failure == null) {
                        ParallelApply.this.failure = e;
                    }
                    lock.notifyAll();
                }
            }
        }

        private void commit() throws SQLException {
            if (stop) {
                return; // closing: what is not committed is rolled back, its transactions applied again later
            }
            applier.flush();
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + appliedTable
                    + " (migration_id, commit_lsn, changes) SELECT ?, unnest(?::text[])::pg_lsn, unnest(?::bigint[])")) {
                ps.setString(1, migrationId);
                ps.setArray(2, connection.createArrayOf("text",
                        batch.stream().map(t -> LogSequenceNumber.valueOf(t.commitLsn()).asString()).toArray()));
                ps.setArray(3, connection.createArrayOf("bigint", batchChanges.toArray()));
                ps.executeUpdate();
            }
            connection.commit();
            synchronized (lock) {
                for (int i = 0; i < batch.size(); i++) {
                    Txn t = batch.get(i);
                    held.release(permits(t));
                    scheduler.release(index, t.keys());
                    positions.committed(t.commitLsn());
                    transactions++;
                    changes += batchChanges.get(i);
                }
                lock.notifyAll();
            }
            batch.clear();
            batchChanges.clear();
        }
    }
}
