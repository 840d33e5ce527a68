package dev.timescalemigrate.examples.cli;

import dev.timescalemigrate.TableReport;
import dev.timescalemigrate.event.MigrationEvent;
import dev.timescalemigrate.event.MigrationPhase;
import dev.timescalemigrate.model.QualifiedName;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One status line on a terminal, redrawn in place: phase, tables and units done, rows and megabytes copied,
 * throughput, ETA and retries. Warnings and retries are printed above it. Events arrive on the library's event
 * thread and a timer redraws twice a second so that the clock moves while a long unit copies.
 */
final class LiveProgress implements Progress {

    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final ScheduledExecutorService timer;
    private final long startedNanos = System.nanoTime();
    private final int width;

    // guarded by this
    private String phase = "preflight";
    private int phaseSteps;
    private int phaseStepsDone;
    private int tablesTotal;
    private int tablesDone;
    private int unitsTotal;
    private int unitsDone;
    private int unitsSkipped;
    private long estimatedBytes;
    private long rows;
    private long bytes;
    private int retries;
    private long dataStartedNanos;
    private long dataEndedNanos;
    private final Map<QualifiedName, long[]> seen = new HashMap<>(); // units, rows, bytes per table from UnitCopied
    private int drawnLength;
    private long lastDrawNanos;
    private boolean closed;
    private MigrationEvent.FollowProgress following;

    LiveProgress(PrintWriter err) {
        this.err = err;
        this.width = terminalWidth();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "timescale-migrate-progress");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public synchronized void start() {
        if (!closed) {
            draw();
            timer.scheduleAtFixedRate(() -> redraw(true), 500, 500, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void migrationStarted(MigrationEvent.MigrationStarted e) {
        tablesTotal = e.tables();
        unitsTotal = e.units();
        estimatedBytes = e.estimatedBytes();
        if (e.resumed()) {
            above("resuming migration " + e.migrationId());
        }
        redraw(true);
    }

    @Override
    public synchronized void phaseStarted(MigrationEvent.PhaseStarted e) {
        if (phase.equals("data") && e.phase() != MigrationPhase.DATA) {
            dataEndedNanos = System.nanoTime(); // the throughput shown from now on is the copy's
        }
        phase = e.phase().label();
        phaseSteps = e.steps();
        phaseStepsDone = 0;
        if (e.phase() == MigrationPhase.DATA && dataStartedNanos == 0) {
            dataStartedNanos = System.nanoTime();
        }
        redraw(true);
    }

    @Override
    public synchronized void schemaStepDone(MigrationEvent.SchemaStepDone e) {
        phaseStepsDone++;
        redraw(false);
    }

    @Override
    public synchronized void tableStarted(MigrationEvent.TableStarted e) {
        if (dataStartedNanos == 0) {
            dataStartedNanos = System.nanoTime();
        }
    }

    @Override
    public synchronized void unitCopied(MigrationEvent.UnitCopied e) {
        long[] t = seen.computeIfAbsent(e.table(), k -> new long[3]);
        t[0]++;
        unitsDone++;
        if (e.skipped()) {
            unitsSkipped++;
        } else {
            t[1] += e.rows();
            t[2] += e.bytes();
            rows += e.rows();
            bytes += e.bytes();
        }
        redraw(false);
    }

    @Override
    public synchronized void tableFinished(MigrationEvent.TableFinished e) {
        // progress events may be dropped when the listener falls behind; the table's report is exact
        TableReport r = e.report();
        long[] t = seen.computeIfAbsent(r.table(), k -> new long[3]);
        unitsDone += (int) (r.units() - t[0]);
        rows += r.rows() - t[1];
        bytes += r.bytes() - t[2];
        t[0] = r.units();
        t[1] = r.rows();
        t[2] = r.bytes();
        tablesDone++;
        redraw(false);
    }

    @Override
    public synchronized void retryScheduled(MigrationEvent.RetryScheduled e) {
        retries++;
        above(Progress.retryLine(e));
    }

    @Override
    public synchronized void followProgress(MigrationEvent.FollowProgress e) {
        following = e;
        redraw(false);
    }

    @Override
    public synchronized void warning(MigrationEvent.Warning e) {
        above(Progress.warningLine(e));
    }

    @Override
    public synchronized void migrationFinished(MigrationEvent.MigrationFinished e) {
        phase = "done";
        following = null;
        finish();
    }

    @Override
    public synchronized void migrationFailed(MigrationEvent.MigrationFailed e) {
        phase = "failed";
        following = null;
        finish();
    }

    @Override
    public synchronized void close() {
        finish();
    }

    private void finish() {
        if (closed) {
            return;
        }
        timer.shutdownNow();
        if (drawnLength > 0) {
            draw();
            err.println();
        }
        err.flush();
        closed = true;
    }

    /** Prints a line above the status line. */
    private void above(String line) {
        clear();
        err.println(line);
        draw();
    }

    private synchronized void redraw(boolean force) {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        if (force || now - lastDrawNanos >= REDRAW_NANOS) {
            draw();
        }
    }

    private void draw() {
        lastDrawNanos = System.nanoTime();
        String line = status();
        if (line.length() > width - 1) {
            line = line.substring(0, width - 1);
        }
        StringBuilder sb = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < drawnLength; i++) {
            sb.append(' ');
        }
        err.print(sb);
        err.flush();
        drawnLength = line.length();
    }

    private void clear() {
        if (drawnLength > 0) {
            err.print("\r" + " ".repeat(drawnLength) + "\r");
            drawnLength = 0;
        }
    }

    /** The status line, e.g. {@code [data 0:12] tables 1/3  units 5/12  123,456 rows  45.6 MB  12.3 MB/s  ETA 0:42}. */
    synchronized String status() {
        long elapsed = (System.nanoTime() - startedNanos) / 1_000_000_000L;
        if (following != null) {
            dev.timescalemigrate.FollowReport s = following.status();
            return String.format(Locale.ROOT, "[following %s] %,d transactions  %,d changes  %,.0f/s  lag %s  "
                            + "slot %s", Text.clock(elapsed), s.transactions(), s.changes(),
                    following.changesPerSecond(), Text.seconds(s.lag()), Text.mb(s.retainedWalBytes()));
        }
        StringBuilder sb = new StringBuilder("[").append(phase).append(' ').append(Text.clock(elapsed)).append(']');
        if (phase.equals("schema") || phase.equals("post-data")) {
            sb.append(String.format(Locale.ROOT, " %s %d/%d ", phase.equals("schema") ? "statements" : "steps",
                    phaseStepsDone, phaseSteps));
        }
        if (unitsTotal > 0) {
            sb.append(String.format(Locale.ROOT, " tables %d/%d", tablesDone, tablesTotal));
            if (dataEndedNanos == 0) { // once the copy is over, every unit is done: leave room for the rest
                sb.append(String.format(Locale.ROOT, "  units %d/%d", unitsDone, unitsTotal));
            }
            sb.append(String.format(Locale.ROOT, "  %,d rows  %s", rows, Text.mb(bytes)));
            if (dataStartedNanos != 0) {
                long end = dataEndedNanos != 0 ? dataEndedNanos : System.nanoTime();
                double seconds = (end - dataStartedNanos) / 1e9;
                double rate = seconds > 0 ? bytes / seconds : 0;
                sb.append(String.format(Locale.ROOT, "  %.1f MB/s", rate / 1e6));
                if (phase.equals("data") && rate > 0 && estimatedBytes > 0) {
                    // units an earlier run copied count with their share of the estimate
                    double done = bytes + (double) estimatedBytes * unitsSkipped / unitsTotal;
                    sb.append("  ETA ").append(done >= estimatedBytes ? "soon"
                            : Text.clock((long) Math.ceil((estimatedBytes - done) / rate)));
                }
            }
        }
        if (retries > 0) {
            sb.append("  ").append(Text.count(retries, "retry", "retries"));
        }
        return sb.toString().stripTrailing();
    }

    private static int terminalWidth() {
        try {
            String columns = System.getenv("COLUMNS");
            int w = columns == null ? 0 : Integer.parseInt(columns.strip());
            return w >= 40 ? w : 80;
        } catch (NumberFormatException e) {
            return 80;
        }
    }
}
