package dev.timescalemigrate.internal;

import dev.timescalemigrate.TableReport;
import dev.timescalemigrate.event.MigrationEvent;
import dev.timescalemigrate.model.QualifiedName;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Adds up copy results and events into the per-table figures of the report. Thread-safe. */
public final class ReportCollector {

    private static final class TableState {
        final QualifiedName table;
        final int units;
        final long estimatedRows;
        Instant first;
        Instant last;
        long rows;
        long bytes;
        int done;
        int skipped;
        int retries;
        String format;

        TableState(QualifiedName table, int units, long estimatedRows) {
            this.table = table;
            this.units = units;
            this.estimatedRows = estimatedRows;
        }

        TableReport report() {
            Duration d = first == null ? Duration.ZERO : Duration.between(first, last);
            return TableReport.builder(table).rows(rows).bytes(bytes).duration(d).units(units).unitsSkipped(skipped)
                    .retries(retries).format(format).build();
        }
    }

    private final Map<QualifiedName, TableState> tables = new LinkedHashMap<>();
    private final List<TableReport> finished = new CopyOnWriteArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Map<QualifiedName, dev.timescalemigrate.StorageReport> storage = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger schemaSteps = new AtomicInteger();
    private final AtomicInteger schemaStepsSkipped = new AtomicInteger();
    private long largeObjects;
    private long largeObjectBytes;
    private int largeObjectBatches;
    private int largeObjectBatchesSkipped;

    /** Registers a table, its number of units and estimated rows, before its units start. */
    public synchronized void expect(QualifiedName table, int units, long estimatedRows) {
        tables.putIfAbsent(table, new TableState(table, units, estimatedRows));
    }

    /** The number of units of a registered table. */
    public synchronized int units(QualifiedName table) {
        return tables.get(table).units;
    }

    /** The estimated rows of a registered table. */
    public synchronized long estimatedRows(QualifiedName table) {
        return tables.get(table).estimatedRows;
    }

    /** Records the start of a unit; returns true when it is the table's first. */
    public synchronized boolean unitStarted(QualifiedName table, Instant at) {
        TableState s = tables.computeIfAbsent(table, t -> new TableState(t, 1, 0));
        if (s.first == null) {
            s.first = at;
            return true;
        }
        return false;
    }

    /** Records a unit; returns the table's report when it was the table's last unit, else null. */
    public synchronized TableReport unitDone(QualifiedName table, long rows, long bytes, boolean skipped, String format,
                                             Instant at) {
        TableState s = tables.get(table);
        if (s.first == null) {
            s.first = at;
        }
        s.last = at;
        s.done++;
        if (skipped) {
            s.skipped++;
        } else {
            s.rows += rows;
            s.bytes += bytes;
            if (format != null) {
                s.format = format;
            }
        }
        if (s.done == s.units) {
            TableReport report = s.report();
            finished.add(report);
            return report;
        }
        return null;
    }

    /** Records a retry. */
    public synchronized void retried(QualifiedName table) {
        tables.get(table).retries++;
    }

    /** Records a DDL step. */
    public void schemaStep(boolean skipped) {
        (skipped ? schemaStepsSkipped : schemaSteps).incrementAndGet();
    }

    /** Records a warning. */
    public void warning(String message) {
        warnings.add(message);
    }

    /** Handles an event the strategy published itself. */
    public void accept(MigrationEvent event) {
        if (event instanceof MigrationEvent.Warning w) {
            warning(w.message());
        } else if (event instanceof MigrationEvent.StorageMeasured m) {
            storage.put(m.table(), m.storage());
        } else if (event instanceof MigrationEvent.LargeObjectsCopied l) {
            synchronized (this) {
                largeObjectBatches++;
                if (l.skipped()) {
                    largeObjectBatchesSkipped++;
                } else {
                    largeObjects += l.objects();
                    largeObjectBytes += l.bytes();
                }
            }
        }
    }

    /** Reports of the finished tables, plus partial reports of tables that did not finish. */
    public synchronized List<TableReport> tables() {
        List<TableReport> result = new ArrayList<>(finished);
        for (TableState s : tables.values()) {
            if (s.done < s.units && s.done > 0) {
                result.add(s.report());
            }
        }
        result.replaceAll(r -> storage.containsKey(r.table()) ? r.withStorage(storage.get(r.table())) : r);
        return result;
    }

    /** The large objects copied so far. */
    public synchronized dev.timescalemigrate.MigrationReport.LargeObjects largeObjects() {
        return new dev.timescalemigrate.MigrationReport.LargeObjects(largeObjects, largeObjectBytes,
                largeObjectBatches, largeObjectBatchesSkipped);
    }

    /** Warnings so far. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public int schemaSteps() {
        return schemaSteps.get();
    }

    public int schemaStepsSkipped() {
        return schemaStepsSkipped.get();
    }
}
