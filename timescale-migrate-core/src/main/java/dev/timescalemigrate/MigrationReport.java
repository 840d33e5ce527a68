package dev.timescalemigrate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link Migration#run()}.
 *
 * <p>Built with {@link #builder(String, String, Instant)}; {@link #toBuilder()} copies one to change it. Immutable;
 * equal to another report with equal fields.
 */
public final class MigrationReport {

    private final String migrationId;
    private final String strategy;
    private final boolean resumed;
    private final Instant started;
    private final Duration duration;
    private final int schemaSteps;
    private final int schemaStepsSkipped;
    private final List<TableReport> tables;
    private final List<String> warnings;
    private final VerificationReport verificationReport;
    private final boolean pointInTime;
    private final LargeObjects largeObjects;
    private final FollowReport follow;

    /**
     * The large objects a run copied, in batches (each batch one target transaction and one checkpoint).
     *
     * @param objects        large objects written by this run
     * @param bytes          their bytes
     * @param batches        the batches of the plan
     * @param batchesSkipped batches an earlier run had copied
     */
    public record LargeObjects(long objects, long bytes, int batches, int batchesSkipped) {

        /** None. */
        public static final LargeObjects NONE = new LargeObjects(0, 0, 0, 0);
    }

    private MigrationReport(Builder builder) {
        this.migrationId = builder.migrationId;
        this.strategy = builder.strategy;
        this.resumed = builder.resumed;
        this.started = builder.started;
        this.duration = builder.duration;
        this.schemaSteps = builder.schemaSteps;
        this.schemaStepsSkipped = builder.schemaStepsSkipped;
        this.tables = builder.tables;
        this.warnings = builder.warnings;
        this.verificationReport = builder.verificationReport;
        this.pointInTime = builder.pointInTime;
        this.largeObjects = builder.largeObjects;
        this.follow = builder.follow;
    }

    /**
     * A builder for the report of migration {@code migrationId} by {@code strategy}, started at {@code started}: no
     * tables, steps or warnings, no verification, not resumed, not point-in-time until set.
     */
    public static Builder builder(String migrationId, String strategy, Instant started) {
        return new Builder(migrationId, strategy, started);
    }

    /** A builder holding this report's fields, to change some of them. */
    public Builder toBuilder() {
        return builder(migrationId, strategy, started).resumed(resumed).duration(duration).schemaSteps(schemaSteps)
                .schemaStepsSkipped(schemaStepsSkipped).tables(tables).warnings(warnings)
                .verificationReport(verificationReport).pointInTime(pointInTime).largeObjects(largeObjects)
                .follow(follow);
    }

    /** The migration's id in the checkpoint store. */
    public String migrationId() {
        return migrationId;
    }

    /** The strategy's name. */
    public String strategy() {
        return strategy;
    }

    /** Whether this run continued an earlier, unfinished one. */
    public boolean resumed() {
        return resumed;
    }

    /** When the run started. */
    public Instant started() {
        return started;
    }

    /** Wall time of the run. */
    public Duration duration() {
        return duration;
    }

    /** DDL statements run by this run. */
    public int schemaSteps() {
        return schemaSteps;
    }

    /** DDL statements an earlier run had done. */
    public int schemaStepsSkipped() {
        return schemaStepsSkipped;
    }

    /** Per table figures, in the order the tables finished. */
    public List<TableReport> tables() {
        return tables;
    }

    /** Things the user should know (objects skipped, settings adjusted). */
    public List<String> warnings() {
        return warnings;
    }


    /** Whether the target is a copy of one instant of the source. */
    public boolean pointInTime() {
        return pointInTime;
    }

    /** Rows copied by this run. */
    public long totalRows() {
        return tables.stream().mapToLong(TableReport::rows).sum();
    }

    /** Bytes streamed by this run. */
    public long totalBytes() {
        return tables.stream().mapToLong(TableReport::bytes).sum();
    }

    /** Retries in this run. */
    public int totalRetries() {
        return tables.stream().mapToInt(TableReport::retries).sum();
    }

    /** Units left alone because an earlier run had copied them. */
    public int unitsSkipped() {
        return tables.stream().mapToInt(TableReport::unitsSkipped).sum();
    }

    /** The large objects this run copied ({@link LargeObjects#NONE} when it carried none). */
    public LargeObjects largeObjects() {
        return largeObjects;
    }

    /** What following the source applied after the bulk copy, when the run followed it. */
    public java.util.Optional<FollowReport> follow() {
        return java.util.Optional.ofNullable(follow);
    }

    /** The comparison of source and target, when verification was asked for and ran. */
    public Optional<VerificationReport> verificationReport() {
        return Optional.ofNullable(verificationReport);
    }

    /** A multi-line summary for people. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        double seconds = duration.toNanos() / 1e9;
        sb.append(String.format(Locale.ROOT, "Migration %s (%s)%s: %d tables, %,d rows, %.1f MB in %.1f s",
                migrationId, strategy, resumed ? ", resumed" : "", tables.size(), totalRows(), totalBytes() / 1e6,
                seconds));
        if (seconds > 0) {
            sb.append(String.format(Locale.ROOT, " (%,.0f rows/s, %.1f MB/s overall, schema and checks included)",
                    totalRows() / seconds,
                    totalBytes() / 1e6 / seconds));
        }
        sb.append(String.format(Locale.ROOT, "%n  schema: %d statements run, %d already done%n", schemaSteps,
                schemaStepsSkipped));
        for (TableReport t : tables) {
            sb.append(String.format(Locale.ROOT, "  %-50s %,12d rows %10.1f MB %8.2f s %,12.0f rows/s  units %d%s%s%n",
                    t.table(), t.rows(), t.bytes() / 1e6, t.duration().toNanos() / 1e9, t.rowsPerSecond(), t.units(),
                    t.unitsSkipped() > 0 ? " (" + t.unitsSkipped() + " done before)" : "",
                    t.retries() > 0 ? ", " + t.retries() + " retries" : ""));
            t.storageReport().ifPresent(st -> sb.append(String.format(Locale.ROOT,
                    "  %-50s %,d chunks (%,d compressed), %.1f MB uncompressed, %.1f MB final (ratio %.1f), "
                            + "peak %.1f MB%n", "", st.chunks(), st.compressedChunks(), st.uncompressedBytes() / 1e6,
                    st.finalBytes() / 1e6, st.compressionRatio(), st.peakBytes() / 1e6)));
        }
        if (largeObjects.batches() > 0) {
            sb.append(String.format(Locale.ROOT, "  large objects: %,d (%.1f MB) in %d batches%s%n",
                    largeObjects.objects(), largeObjects.bytes() / 1e6, largeObjects.batches(),
                    largeObjects.batchesSkipped() > 0 ? " (" + largeObjects.batchesSkipped() + " done before)" : ""));
        }
        if (follow != null) {
            sb.append(String.format(Locale.ROOT, "  followed the source for %.1f s: %,d transactions, %,d changes "
                            + "applied after %s, up to %s; cut over%n", follow.duration().toNanos() / 1e9,
                    follow.transactions(), follow.changes(), follow.startLsn(), follow.appliedLsn()));
        }
        if (pointInTime) {
            sb.append("  consistent: every unit read one snapshot of the source; the target is a copy of one instant\n");
        } else {
            sb.append("  note: units read the source in different snapshots (one per unit, a resumed run or a lost"
                    + " snapshot); the target is not a point-in-time copy of a source that changed during the run\n");
        }
        for (String w : warnings) {
            sb.append("  warning: ").append(w).append('\n');
        }
        if (verificationReport != null) {
            sb.append(verificationReport.matches()
                    ? String.format(Locale.ROOT, "  verified: all %d tables match (counts and checksums)%n",
                    verificationReport.tables().size())
                    : "  VERIFICATION FAILED:\n");
            verificationReport.mismatches().forEach(m -> sb.append("    ").append(m).append('\n'));
            if (verificationReport.largeObjects() != null) {
                sb.append("    ").append(verificationReport.largeObjects()).append('\n');
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof MigrationReport that
                && Objects.equals(migrationId, that.migrationId) && Objects.equals(strategy, that.strategy)
                && resumed == that.resumed && Objects.equals(started, that.started)
                && Objects.equals(duration, that.duration) && schemaSteps == that.schemaSteps
                && schemaStepsSkipped == that.schemaStepsSkipped && Objects.equals(tables, that.tables)
                && Objects.equals(warnings, that.warnings) && Objects.equals(verificationReport, that.verificationReport)
                && pointInTime == that.pointInTime && largeObjects.equals(that.largeObjects)
                && Objects.equals(follow, that.follow);
    }

    @Override
    public int hashCode() {
        return Objects.hash(migrationId, strategy, resumed, started, duration, schemaSteps, schemaStepsSkipped,
                tables, warnings, verificationReport, pointInTime, largeObjects, follow);
    }

    @Override
    public String toString() {
        return "MigrationReport[migrationId=" + migrationId + ", strategy=" + strategy + ", resumed=" + resumed
                + ", started=" + started + ", duration=" + duration + ", schemaSteps=" + schemaSteps
                + ", schemaStepsSkipped=" + schemaStepsSkipped + ", tables=" + tables + ", warnings=" + warnings
                + ", verification=" + verificationReport + ", pointInTime=" + pointInTime + ", largeObjects=" + largeObjects
                + (follow == null ? "" : ", follow=" + follow) + "]";
    }

    /** Builds a {@link MigrationReport}. Not thread-safe. */
    public static final class Builder {
        private String migrationId;
        private String strategy;
        private boolean resumed;
        private Instant started;
        private Duration duration = Duration.ZERO;
        private int schemaSteps;
        private int schemaStepsSkipped;
        private List<TableReport> tables = List.of();
        private List<String> warnings = List.of();
        private VerificationReport verificationReport;
        private boolean pointInTime;
        private LargeObjects largeObjects = LargeObjects.NONE;
        private FollowReport follow;

        private Builder(String migrationId, String strategy, Instant started) {
            this.migrationId = Objects.requireNonNull(migrationId, "migrationId");
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            this.started = Objects.requireNonNull(started, "started");
        }

        /** The migration's id in the checkpoint store. Required. */
        public Builder migrationId(String migrationId) {
            this.migrationId = Objects.requireNonNull(migrationId, "migrationId");
            return this;
        }

        /** The strategy's name. Required. */
        public Builder strategy(String strategy) {
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /** Whether this run continued an earlier, unfinished one. Default: false. */
        public Builder resumed(boolean resumed) {
            this.resumed = resumed;
            return this;
        }

        /** When the run started. Required. */
        public Builder started(Instant started) {
            this.started = Objects.requireNonNull(started, "started");
            return this;
        }

        /** Wall time of the run. Default: zero. */
        public Builder duration(Duration duration) {
            this.duration = Objects.requireNonNull(duration, "duration");
            return this;
        }

        /** DDL statements run by this run. Default: 0. */
        public Builder schemaSteps(int schemaSteps) {
            this.schemaSteps = schemaSteps;
            return this;
        }

        /** DDL statements an earlier run had done. Default: 0. */
        public Builder schemaStepsSkipped(int schemaStepsSkipped) {
            this.schemaStepsSkipped = schemaStepsSkipped;
            return this;
        }

        /** Per table figures, in the order the tables finished. Default: empty. */
        public Builder tables(List<TableReport> tables) {
            this.tables = List.copyOf(tables);
            return this;
        }

        /** Things the user should know (objects skipped, settings adjusted). Default: empty. */
        public Builder warnings(List<String> warnings) {
            this.warnings = List.copyOf(warnings);
            return this;
        }

        /** The comparison of source and target, when verification was asked for. Default: {@code null}. */
        public Builder verificationReport(VerificationReport verificationReport) {
            this.verificationReport = verificationReport;
            return this;
        }

        /** Whether the target is a copy of one instant of the source. Default: false. */
        public Builder pointInTime(boolean pointInTime) {
            this.pointInTime = pointInTime;
            return this;
        }

        /** What following the source applied; null (the default) when the run did not follow it. */
        public Builder follow(FollowReport follow) {
            this.follow = follow;
            return this;
        }

        /** The large objects copied. Default: {@link LargeObjects#NONE}. */
        public Builder largeObjects(LargeObjects largeObjects) {
            this.largeObjects = Objects.requireNonNull(largeObjects, "largeObjects");
            return this;
        }

        /** The report. */
        public MigrationReport build() {
            return new MigrationReport(this);
        }
    }
}
