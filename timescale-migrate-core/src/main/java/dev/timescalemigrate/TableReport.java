package dev.timescalemigrate;

import dev.timescalemigrate.model.QualifiedName;

import java.time.Duration;

/**
 * What was copied for one table.
 *
 * @param table        the table
 * @param rows         rows copied by this run (units skipped because an earlier run copied them not counted)
 * @param bytes        bytes streamed by this run
 * @param duration     wall time from the table's first unit starting to its last finishing
 * @param units        units in total
 * @param unitsSkipped units an earlier run had copied
 * @param retries      attempts that failed transiently and were retried
 * @param format       COPY format used ({@code binary} or {@code text}), or {@code null} when nothing was copied
 * @param storage      the hypertable's storage on the target, when the strategy measured it (streaming), else
 *                     {@code null}
 */
public record TableReport(QualifiedName table, long rows, long bytes, Duration duration, int units, int unitsSkipped,
                          int retries, String format, StorageReport storage) {

    /**
     * A report without storage figures.
     *
     * @param table        the table
     * @param rows         rows copied by this run
     * @param bytes        bytes streamed by this run
     * @param duration     wall time of the table's units
     * @param units        units in total
     * @param unitsSkipped units an earlier run had copied
     * @param retries      retried attempts
     * @param format       COPY format, or {@code null}
     */
    public TableReport(QualifiedName table, long rows, long bytes, Duration duration, int units, int unitsSkipped,
                       int retries, String format) {
        this(table, rows, bytes, duration, units, unitsSkipped, retries, format, null);
    }

    /** The storage figures, when measured. */
    public java.util.Optional<StorageReport> storageReport() {
        return java.util.Optional.ofNullable(storage);
    }

    /** This report with storage figures. */
    public TableReport withStorage(StorageReport storage) {
        return new TableReport(table, rows, bytes, duration, units, unitsSkipped, retries, format, storage);
    }

    /** Rows per second, 0 when nothing was copied. */
    public double rowsPerSecond() {
        double seconds = duration.toNanos() / 1e9;
        return seconds <= 0 ? 0 : rows / seconds;
    }

    /** Megabytes (10^6 bytes) per second, 0 when nothing was copied. */
    public double megabytesPerSecond() {
        double seconds = duration.toNanos() / 1e9;
        return seconds <= 0 ? 0 : bytes / 1e6 / seconds;
    }
}
