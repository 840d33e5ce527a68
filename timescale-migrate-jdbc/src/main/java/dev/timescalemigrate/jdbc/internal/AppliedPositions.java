package dev.timescalemigrate.jdbc.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The source position the target has everything up to, when transactions commit on the target out of the
 * source's order (on several apply workers): the end of the last transaction, in the source's order, before which
 * every transaction is committed. Transactions committed beyond it are stored on the target one by one, so that a
 * restart from it skips them. Not thread-safe: the caller synchronises.
 */
final class AppliedPositions {

    private static final class Entry {
        final long commitLsn;
        final long endLsn;
        final long commitMicros;
        boolean committed;

        Entry(long commitLsn, long endLsn, long commitMicros) {
            this.commitLsn = commitLsn;
            this.endLsn = endLsn;
            this.commitMicros = commitMicros;
        }
    }

    private final Deque<Entry> pending = new ArrayDeque<>();
    private final Map<Long, Entry> byCommit = new HashMap<>();
    private long through;

    /** @param through the position the target had everything up to when following started */
    AppliedPositions(long through) {
        this.through = through;
    }

    /** A transaction read from the stream, in the stream's (the source's commit) order. */
    void received(long commitLsn, long endLsn, long commitMicros) {
        Entry e = new Entry(commitLsn, endLsn, commitMicros);
        pending.addLast(e);
        byCommit.put(commitLsn, e);
    }

    /** The transaction committing at {@code commitLsn} is on the target (or needs nothing there). */
    void committed(long commitLsn) {
        Entry e = byCommit.remove(commitLsn);
        if (e != null) {
            e.committed = true;
        }
    }

    /** The new position everything is applied up to, when it moved. */
    OptionalLong advance() {
        long before = through;
        while (!pending.isEmpty() && pending.peekFirst().committed) {
            through = pending.removeFirst().endLsn;
        }
        return through != before ? OptionalLong.of(through) : OptionalLong.empty();
    }

    /** The position everything is applied up to. */
    long through() {
        return through;
    }

    /** The source's commit time of the oldest transaction not yet applied, in microseconds since 2000; -1 if none. */
    long oldestPendingCommitMicros() {
        for (Entry e : pending) {
            if (!e.committed) {
                return e.commitMicros;
            }
        }
        return -1;
    }

    /** Whether every transaction received is committed. */
    boolean caughtUp() {
        return byCommit.isEmpty();
    }
}
