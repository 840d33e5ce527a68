package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.FollowReport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Decides, from the successive statuses of a followed run, what to warn the user about: a lag that keeps growing
 * (the source writes faster than the target applies), a slot that retains much of the source's WAL, and a slot
 * whose WAL passed {@code max_slot_wal_keep_size}. Each warning is given once until its cause went away (the lag
 * fell back, the retained WAL doubled again).
 */
final class FollowWatch {

    /** A lag is "growing" once it is at least this large ... */
    static final Duration LAG_WORTH_A_WARNING = Duration.ofSeconds(10);
    /** ... and grew by at least this much over the window. */
    static final Duration GROWTH = Duration.ofSeconds(5);
    static final Duration WINDOW = Duration.ofSeconds(30);
    /** The first retained WAL warned about; then each doubling of it. */
    static final long RETAINED_WORTH_A_WARNING = 1L << 30;

    private record Sample(Instant at, Duration lag, long changes) {
    }

    private final Deque<Sample> samples = new ArrayDeque<>();
    private boolean lagWarned;
    private long nextRetainedWarning = RETAINED_WORTH_A_WARNING;
    private boolean unreservedWarned;

    /**
     * The warnings this status calls for.
     *
     * @param walStatus the slot's {@code wal_status} ({@code reserved}, {@code extended}, {@code unreserved})
     */
    List<String> observe(Instant now, FollowReport status, String walStatus, String slot) {
        List<String> warnings = new ArrayList<>();
        samples.addLast(new Sample(now, status.lag(), status.changes()));
        while (samples.size() > 1 && Duration.between(samples.peekFirst().at(), now).compareTo(WINDOW) > 0) {
            samples.removeFirst();
        }
        Sample oldest = samples.peekFirst();
        Duration span = Duration.between(oldest.at(), now);
        if (status.lag().compareTo(LAG_WORTH_A_WARNING.dividedBy(2)) < 0) {
            lagWarned = false;
        } else if (!lagWarned && span.compareTo(WINDOW.minusSeconds(1)) >= 0
                && status.lag().compareTo(LAG_WORTH_A_WARNING) >= 0
                && status.lag().minus(oldest.lag()).compareTo(GROWTH) >= 0) {
            lagWarned = true;
            double rate = (status.changes() - oldest.changes()) / Math.max(1e-3, span.toNanos() / 1e9);
            warnings.add(String.format(Locale.ROOT, "The target falls behind the source: the lag grew from %.0f s "
                            + "to %.0f s in the last %d s while %.0f changes/s were applied. The source writes "
                            + "faster than the target applies (a busy or slow target, a large transaction); the "
                            + "slot %s keeps the source's WAL until the target catches up.",
                    oldest.lag().toMillis() / 1000.0, status.lag().toMillis() / 1000.0, span.toSeconds(), rate,
                    slot));
        }
        if (status.retainedWalBytes() >= nextRetainedWarning) {
            while (status.retainedWalBytes() >= nextRetainedWarning) {
                nextRetainedWarning *= 2;
            }
            warnings.add(String.format(Locale.ROOT, "The replication slot %s keeps %.1f GB of the source's WAL from "
                            + "being recycled; the source's disk holds it until the target has applied it (lag "
                            + "now %.0f s). Watch the source's free space; cutting over drops the slot.", slot,
                    status.retainedWalBytes() / 1e9, status.lag().toMillis() / 1000.0));
        }
        if ("unreserved".equals(walStatus) && !unreservedWarned) {
            unreservedWarned = true;
            warnings.add("The replication slot " + slot + " retains more WAL than the source's "
                    + "max_slot_wal_keep_size: at its next checkpoint the source may remove WAL the target has not "
                    + "applied yet, which ends this migration. Raise max_slot_wal_keep_size on the source "
                    + "(ALTER SYSTEM SET ...; SELECT pg_reload_conf();) or reduce its write load until the lag "
                    + "falls.");
        } else if (!"unreserved".equals(walStatus)) {
            unreservedWarned = false;
        }
        return warnings;
    }
}
