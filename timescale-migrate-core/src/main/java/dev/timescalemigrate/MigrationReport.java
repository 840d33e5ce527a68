package dev.timescalemigrate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The outcome of {@link Migration#run()}.
 *
 * @param migrationId   the migration's id in the checkpoint store
 * @param strategy      the strategy's name
 * @param resumed       whether this run continued an earlier, unfinished one
 * @param started       when the run started
 * @param duration      wall time of the run
 * @param schemaSteps   DDL statements run by this run
 * @param schemaStepsSkipped DDL statements an earlier run had done
 * @param tables        per table figures, in the order the tables finished
 * @param warnings      things the user should know (objects skipped, settings adjusted)
 * @param verification  the comparison of source and target, when verification was asked for
 * @param pointInTime   whether the target is a copy of one instant of the source
 */
public record MigrationReport(String migrationId, String strategy, boolean resumed, Instant started,
                              Duration duration, int schemaSteps, int schemaStepsSkipped, List<TableReport> tables,
                              List<String> warnings, VerificationReport verification, boolean pointInTime) {

    public MigrationReport {
        tables = List.copyOf(tables);
        warnings = List.copyOf(warnings);
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

    /** The verification, if it ran. */
    public Optional<VerificationReport> verificationReport() {
        return Optional.ofNullable(verification);
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
        if (pointInTime) {
            sb.append("  consistent: every unit read one snapshot of the source; the target is a copy of one instant\n");
        } else {
            sb.append("  note: units read the source in different snapshots (one per unit, a resumed run or a lost"
                    + " snapshot); the target is not a point-in-time copy of a source that changed during the run\n");
        }
        for (String w : warnings) {
            sb.append("  warning: ").append(w).append('\n');
        }
        if (verification != null) {
            sb.append(verification.matches()
                    ? String.format(Locale.ROOT, "  verified: all %d tables match (counts and checksums)%n",
                    verification.tables().size())
                    : "  VERIFICATION FAILED:\n");
            verification.mismatches().forEach(m -> sb.append("    ").append(m).append('\n'));
        }
        return sb.toString();
    }
}
