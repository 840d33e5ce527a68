package dev.timescalemigrate;

import dev.timescalemigrate.model.QualifiedName;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What was copied for one table.
 *
 * <p>Built with {@link #builder(QualifiedName)}; {@link #toBuilder()} or {@link #withStorage(StorageReport)} copies one
 * to change it. Immutable; equal to another report with equal fields.
 */
public final class TableReport {

    private final QualifiedName table;
    private final long rows;
    private final long bytes;
    private final Duration duration;
    private final int units;
    private final int unitsSkipped;
    private final int retries;
    private final String format;
    private final StorageReport storageReport;

    private TableReport(Builder builder) {
        this.table = builder.table;
        this.rows = builder.rows;
        this.bytes = builder.bytes;
        this.duration = builder.duration;
        this.units = builder.units;
        this.unitsSkipped = builder.unitsSkipped;
        this.retries = builder.retries;
        this.format = builder.format;
        this.storageReport = builder.storageReport;
    }

    /** A builder for the report of {@code table}: nothing copied, no units, no storage figures until set. */
    public static Builder builder(QualifiedName table) {
        return new Builder(table);
    }

    /** A builder holding this report's fields, to change some of them. */
    public Builder toBuilder() {
        return builder(table).rows(rows).bytes(bytes).duration(duration).units(units).unitsSkipped(unitsSkipped)
                .retries(retries).format(format).storageReport(storageReport);
    }

    /** The table. */
    public QualifiedName table() {
        return table;
    }

    /** Rows copied by this run (units skipped because an earlier run copied them not counted). */
    public long rows() {
        return rows;
    }

    /** Bytes streamed by this run. */
    public long bytes() {
        return bytes;
    }

    /** Wall time from the table's first unit starting to its last finishing. */
    public Duration duration() {
        return duration;
    }

    /** Units in total. */
    public int units() {
        return units;
    }

    /** Units an earlier run had copied. */
    public int unitsSkipped() {
        return unitsSkipped;
    }

    /** Attempts that failed transiently and were retried. */
    public int retries() {
        return retries;
    }

    /** COPY format used ({@code binary} or {@code text}), or {@code null} when nothing was copied. */
    public String format() {
        return format;
    }

    /** The hypertable's storage on the target, when the strategy measured it (streaming). */
    public Optional<StorageReport> storageReport() {
        return Optional.ofNullable(storageReport);
    }

    /** This report with storage figures. */
    public TableReport withStorage(StorageReport storage) {
        return toBuilder().storageReport(storage).build();
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

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof TableReport that
                && Objects.equals(table, that.table) && rows == that.rows && bytes == that.bytes
                && Objects.equals(duration, that.duration) && units == that.units && unitsSkipped == that.unitsSkipped
                && retries == that.retries && Objects.equals(format, that.format)
                && Objects.equals(storageReport, that.storageReport);
    }

    @Override
    public int hashCode() {
        return Objects.hash(table, rows, bytes, duration, units, unitsSkipped, retries, format, storageReport);
    }

    @Override
    public String toString() {
        return "TableReport[table=" + table + ", rows=" + rows + ", bytes=" + bytes + ", duration=" + duration
                + ", units=" + units + ", unitsSkipped=" + unitsSkipped + ", retries=" + retries + ", format=" + format
                + ", storage=" + storageReport + "]";
    }

    /** Builds a {@link TableReport}. Not thread-safe. */
    public static final class Builder {
        private QualifiedName table;
        private long rows;
        private long bytes;
        private Duration duration = Duration.ZERO;
        private int units;
        private int unitsSkipped;
        private int retries;
        private String format;
        private StorageReport storageReport;

        private Builder(QualifiedName table) {
            this.table = Objects.requireNonNull(table, "table");
        }

        /** The table. Required. */
        public Builder table(QualifiedName table) {
            this.table = Objects.requireNonNull(table, "table");
            return this;
        }

        /** Rows copied by this run (units skipped because an earlier run copied them not counted). Default: 0. */
        public Builder rows(long rows) {
            this.rows = rows;
            return this;
        }

        /** Bytes streamed by this run. Default: 0. */
        public Builder bytes(long bytes) {
            this.bytes = bytes;
            return this;
        }

        /** Wall time from the table's first unit starting to its last finishing. Default: zero. */
        public Builder duration(Duration duration) {
            this.duration = Objects.requireNonNull(duration, "duration");
            return this;
        }

        /** Units in total. Default: 0. */
        public Builder units(int units) {
            this.units = units;
            return this;
        }

        /** Units an earlier run had copied. Default: 0. */
        public Builder unitsSkipped(int unitsSkipped) {
            this.unitsSkipped = unitsSkipped;
            return this;
        }

        /** Attempts that failed transiently and were retried. Default: 0. */
        public Builder retries(int retries) {
            this.retries = retries;
            return this;
        }

        /**
         * COPY format used ({@code binary} or {@code text}), or {@code null} when nothing was copied. Default:
         * {@code null}.
         */
        public Builder format(String format) {
            this.format = format;
            return this;
        }

        /**
         * The hypertable's storage on the target, when the strategy measured it (streaming), else {@code null}.
         * Default: {@code null}.
         */
        public Builder storageReport(StorageReport storageReport) {
            this.storageReport = storageReport;
            return this;
        }

        /** The report. */
        public TableReport build() {
            return new TableReport(this);
        }
    }
}
