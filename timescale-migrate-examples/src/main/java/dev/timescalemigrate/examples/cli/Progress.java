package dev.timescalemigrate.examples.cli;

import dev.timescalemigrate.Passwords;
import dev.timescalemigrate.TableReport;
import dev.timescalemigrate.event.MigrationEvent;
import dev.timescalemigrate.event.MigrationListener;

import java.io.PrintWriter;
import java.util.Locale;

/** Shows a migration's progress on standard error. {@link #close()} ends the display; it may be called twice. */
interface Progress extends MigrationListener, AutoCloseable {

    /** Called once before the migration runs: from here on the display belongs to this object. */
    default void start() {
    }

    @Override
    void close();

    /** A live status line when {@code live}, else a line per finished table, retry and warning. */
    static Progress on(PrintWriter err, boolean live) {
        return live ? new LiveProgress(err) : new LineProgress(err);
    }

    /** One line about a finished table. */
    static String tableLine(TableReport t) {
        return String.format(Locale.ROOT, "copied %s: %s, %s in %s (%.1f MB/s), %s%s%s", t.table(),
                Text.count(t.rows(), "row", "rows"), Text.mb(t.bytes()), Text.seconds(t.duration()),
                t.megabytesPerSecond(), Text.count(t.units(), "unit", "units"),
                t.unitsSkipped() > 0 ? " (" + t.unitsSkipped() + " copied by an earlier run)" : "",
                t.retries() > 0 ? ", " + Text.count(t.retries(), "retry", "retries") : "");
    }

    /** One line about a retry. */
    static String retryLine(MigrationEvent.RetryScheduled r) {
        return String.format(Locale.ROOT, "retry: %s failed (attempt %d%s): %s; trying again in %s",
                r.table() == null ? r.unit() : "copying " + r.unit(), r.attempt(), r.sqlState() == null ? "" : ", SQLSTATE " + r.sqlState(),
                Passwords.mask(r.message()), Text.seconds(r.delay()));
    }

    /** One line about following the source, with the rate of changes applied given. */
    static String followLine(dev.timescalemigrate.FollowReport s, double changesPerSecond) {
        return String.format(Locale.ROOT, "following: %s, %s applied (%,.0f changes/s), up to %s; lag %s; "
                        + "the slot retains %s", Text.count(s.transactions(), "transaction", "transactions"),
                Text.count(s.changes(), "change", "changes"), changesPerSecond, s.appliedLsn(),
                Text.seconds(s.lag()), Text.mb(s.retainedWalBytes()));
    }

    /** One line about a warning. */
    static String warningLine(MigrationEvent.Warning w) {
        return "warning: " + Passwords.mask(w.message());
    }

    /** For logs and pipes: a line per finished table, retry and warning. */
    final class LineProgress implements Progress {
        /** How often a followed run's progress is printed. */
        private static final long FOLLOW_EVERY_NANOS = 10_000_000_000L;
        private final PrintWriter err;
        private long followPrinted = System.nanoTime() - FOLLOW_EVERY_NANOS;
        private MigrationEvent.FollowProgress followLast;

        LineProgress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void tableFinished(MigrationEvent.TableFinished event) {
            print(tableLine(event.report()));
        }

        @Override
        public void retryScheduled(MigrationEvent.RetryScheduled event) {
            print(retryLine(event));
        }

        @Override
        public void warning(MigrationEvent.Warning event) {
            print(warningLine(event));
        }

        @Override
        public void followProgress(MigrationEvent.FollowProgress event) {
            long now = System.nanoTime();
            if (now - followPrinted >= FOLLOW_EVERY_NANOS) {
                // the rate since the line before (the event's own covers its last second only)
                double seconds = followLast == null ? 0
                        : java.time.Duration.between(followLast.at(), event.at()).toNanos() / 1e9;
                double rate = seconds > 0 ? (event.status().changes() - followLast.status().changes()) / seconds
                        : event.changesPerSecond();
                followPrinted = now;
                followLast = event;
                print(followLine(event.status(), rate));
            }
        }

        private void print(String line) {
            synchronized (err) {
                err.println(line);
                err.flush();
            }
        }

        @Override
        public void close() {
            err.flush();
        }
    }
}
