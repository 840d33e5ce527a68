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

    /** One line about a warning. */
    static String warningLine(MigrationEvent.Warning w) {
        return "warning: " + Passwords.mask(w.message());
    }

    /** For logs and pipes: a line per finished table, retry and warning. */
    final class LineProgress implements Progress {
        private final PrintWriter err;

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
