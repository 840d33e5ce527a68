package dev.timescalemigrate.examples.cli;

import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.TableReport;
import dev.timescalemigrate.VerificationReport;
import dev.timescalemigrate.model.QualifiedName;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a {@link MigrationReport} as JSON for programs. The mapping to plain maps and lists is explicit, so the
 * format does not change when the library's records do: durations appear twice, as seconds ({@code ...Seconds},
 * a number) and as an ISO-8601 string; instants as ISO-8601 strings; tables by {@code schema} and {@code name}
 * (exact catalog names) plus {@code table}, the quoted SQL form. Each verified table says which rows were
 * compared ({@code compared}: {@code every row}, or after a backfill e.g. {@code rows with "ts" < ...}).
 */
final class ReportJson {

    /** Version of this format; raised when a field changes meaning or disappears. */
    static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {
    }

    /** Writes the report to {@code file}, replacing it (through a temporary file next to it). */
    static void write(MigrationReport report, Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path temp = Files.createTempFile(absolute.getParent(), absolute.getFileName() + ".", ".tmp");
        try {
            MAPPER.writeValue(temp.toFile(), map(report));
            try {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The report as JSON text. */
    static String toJson(MigrationReport report) throws IOException {
        return MAPPER.writeValueAsString(map(report));
    }

    static Map<String, Object> map(MigrationReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("formatVersion", FORMAT_VERSION);
        m.put("migrationId", r.migrationId());
        m.put("strategy", r.strategy());
        m.put("resumed", r.resumed());
        m.put("pointInTime", r.pointInTime());
        m.put("started", r.started().toString());
        m.put("finished", r.started().plus(r.duration()).toString());
        duration(m, "duration", r.duration());
        m.put("schemaSteps", r.schemaSteps());
        m.put("schemaStepsSkipped", r.schemaStepsSkipped());

        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("tables", r.tables().size());
        totals.put("rows", r.totalRows());
        totals.put("bytes", r.totalBytes());
        totals.put("unitsSkipped", r.unitsSkipped());
        totals.put("retries", r.totalRetries());
        double seconds = seconds(r.duration());
        totals.put("rowsPerSecond", seconds > 0 ? r.totalRows() / seconds : 0.0);
        totals.put("megabytesPerSecond", seconds > 0 ? r.totalBytes() / 1e6 / seconds : 0.0);
        m.put("totals", totals);

        m.put("tables", r.tables().stream().map(ReportJson::table).toList());
        m.put("warnings", r.warnings());
        m.put("verification", r.verificationReport().map(ReportJson::verification).orElse(null));
        m.put("follow", r.follow().map(ReportJson::follow).orElse(null));
        return m;
    }

    private static Map<String, Object> follow(dev.timescalemigrate.FollowReport f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transactions", f.transactions());
        m.put("changes", f.changes());
        m.put("startLsn", f.startLsn());
        m.put("appliedLsn", f.appliedLsn());
        duration(m, "duration", f.duration());
        return m;
    }

    private static Map<String, Object> table(TableReport t) {
        Map<String, Object> m = new LinkedHashMap<>();
        name(m, t.table());
        m.put("rows", t.rows());
        m.put("bytes", t.bytes());
        duration(m, "duration", t.duration());
        m.put("rowsPerSecond", t.rowsPerSecond());
        m.put("megabytesPerSecond", t.megabytesPerSecond());
        m.put("units", t.units());
        m.put("unitsSkipped", t.unitsSkipped());
        m.put("retries", t.retries());
        m.put("format", t.format());
        t.storageReport().ifPresent(st -> {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("chunks", st.chunks());
            sm.put("compressedChunks", st.compressedChunks());
            sm.put("uncompressedBytes", st.uncompressedBytes());
            sm.put("finalBytes", st.finalBytes());
            sm.put("peakBytes", st.peakBytes());
            sm.put("compressionRatio", st.compressionRatio());
            m.put("storage", sm);
        });
        return m;
    }

    private static Map<String, Object> verification(VerificationReport v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("matches", v.matches());
        duration(m, "duration", v.duration());
        m.put("mismatches", v.mismatches().size());
        m.put("tables", v.tables().stream().map(t -> {
            Map<String, Object> tm = new LinkedHashMap<>();
            name(tm, t.table());
            tm.put("target", t.target() == null ? null : t.target().quoted());
            tm.put("sourceRows", t.sourceRows());
            tm.put("targetRows", t.targetRows());
            tm.put("sourceChecksum", t.sourceChecksum());
            tm.put("targetChecksum", t.targetChecksum());
            tm.put("compared", t.compared());
            tm.put("match", t.matches());
            return tm;
        }).toList());
        return m;
    }

    private static void name(Map<String, Object> m, QualifiedName name) {
        m.put("table", name.quoted());
        m.put("schema", name.schema());
        m.put("name", name.name());
    }

    private static void duration(Map<String, Object> m, String key, Duration d) {
        m.put(key + "Seconds", seconds(d));
        m.put(key, d.toString());
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
