package dev.timescalemigrate.examples.cli;

import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line against real databases: the demo's sample source migrated into an empty TimescaleDB. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CliIT {

    static final String READINGS = "\"app\".\"readings\"";

    @TempDir
    static Path dir;

    @Database(label = "cli_source")
    static TestDatabase source;
    @Database(label = "cli_target", timescale = true)
    static TestDatabase target;
    /** An empty target only {@link #shouldPrintThePlanAndWriteNothing} uses, which must stay empty. */
    @Database(label = "cli_plan", timescale = true)
    static TestDatabase planTarget;
    static Path reportFile;
    static CliRun migrated;

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    static String sampleSource() throws IOException {
        try (InputStream in = Objects.requireNonNull(CliIT.class.getResourceAsStream("/demo/sample-source.sql"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void migrateTheSample() throws IOException {
        // not a fixture: the script is in this module's encapsulated resources, which the extension cannot read
        source.execute(sampleSource());
        reportFile = dir.resolve("report.json");
        migrated = run("migrate", "--source", source.url(), "--target", target.url(),
                "--hypertable", "app.readings:ts:1d", "--report-json", reportFile.toString(), "--no-progress");
    }

    @Test
    void shouldMigrateAndPrintTheSummary() {
        assertThat(migrated.code()).as(migrated.err()).isEqualTo(Main.OK);
        assertThat(migrated.out()).contains("Migration per-table:", ": 3 tables, 205,050 rows",
                "verified: all 3 tables match (counts and checksums)");
        assertThat(migrated.out()).containsPattern("\"app\".\"readings\" +200,000 rows");
        // --no-progress: a line per finished table on standard error
        assertThat(migrated.err()).contains("Migrating " + source.url() + " into " + target.url());
        assertThat(migrated.err()).containsPattern("copied \"app\".\"readings\": 200,000 rows, [\\d.]+ MB in ");
        assertThat(migrated.err()).containsPattern("copied \"app\".\"devices\": 50 rows, ");
        assertThat(migrated.err()).containsPattern("copied \"app\".\"events\": 5,000 rows, ");
        assertThat(migrated.err()).doesNotContain("error:");
    }

    @Test
    void shouldWriteTheFiguresAndTheVerificationToTheJsonReport() throws IOException {
        JsonNode json = new ObjectMapper().readTree(reportFile.toFile());
        assertThat(json.get("migrationId").asText()).startsWith("per-table:");
        assertThat(json.get("strategy").asText()).isEqualTo("per-table");
        assertThat(json.get("resumed").asBoolean()).isFalse();
        assertThat(json.get("durationSeconds").asDouble()).isPositive();
        assertThat(json.get("duration").asText()).startsWith("PT");
        assertThat(json.get("totals").get("tables").asInt()).isEqualTo(3);
        assertThat(json.get("totals").get("rows").asLong()).isEqualTo(205_050);
        assertThat(json.get("totals").get("bytes").asLong()).isPositive();
        assertThat(json.get("totals").get("retries").asInt()).isZero();

        Map<String, JsonNode> tables = new HashMap<>();
        json.get("tables").forEach(t -> tables.put(t.get("schema").asText() + "." + t.get("name").asText(), t));
        assertThat(tables).containsOnlyKeys("app.readings", "app.devices", "app.events");
        assertThat(tables.get("app.readings").get("rows").asLong()).isEqualTo(200_000);
        assertThat(tables.get("app.devices").get("rows").asLong()).isEqualTo(50);
        assertThat(tables.get("app.events").get("rows").asLong()).isEqualTo(5_000);
        assertThat(tables.get("app.readings").get("table").asText()).isEqualTo(READINGS);
        for (JsonNode t : tables.values()) {
            assertThat(t.get("bytes").asLong()).isPositive();
            assertThat(t.get("units").asInt()).isPositive();
            assertThat(t.get("unitsSkipped").asInt()).isZero();
            assertThat(t.get("format").asText()).isIn("binary", "text");
            assertThat(t.get("durationSeconds").isNumber()).isTrue();
        }

        JsonNode verification = json.get("verification");
        assertThat(verification.get("matches").asBoolean()).isTrue();
        assertThat(verification.get("mismatches").asInt()).isZero();
        assertThat(verification.get("tables")).hasSize(3);
        Map<String, Long> counts = new HashMap<>();
        for (JsonNode t : verification.get("tables")) {
            assertThat(t.get("match").asBoolean()).isTrue();
            assertThat(t.get("targetRows").asLong()).isEqualTo(t.get("sourceRows").asLong());
            assertThat(t.get("targetChecksum").asText()).isEqualTo(t.get("sourceChecksum").asText()).isNotEmpty();
            counts.put(t.get("schema").asText() + "." + t.get("name").asText(), t.get("sourceRows").asLong());
        }
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(
                Map.of("app.readings", 200_000L, "app.devices", 50L, "app.events", 5_000L));
    }

    @Test
    void shouldMakeReadingsAHypertableWithOneDayChunksOnTheTarget() {
        assertThat(target.value("SELECT count(*) FROM timescaledb_information.hypertables "
                + "WHERE hypertable_schema = 'app' AND hypertable_name = 'readings'")).isEqualTo("1");
        assertThat(target.value("SELECT column_name || ' ' || time_interval FROM timescaledb_information.dimensions "
                + "WHERE hypertable_schema = 'app' AND hypertable_name = 'readings'")).isEqualTo("ts 1 day");
        assertThat(target.value("SELECT count(*) FROM timescaledb_information.hypertables "
                + "WHERE hypertable_name IN ('devices', 'events')")).isEqualTo("0");
        assertThat(target.value("SELECT count(*) FROM app.readings")).isEqualTo("200000");
        assertThat(target.value("SELECT count(*) FROM app.events")).isEqualTo("5000");
        assertThat(target.value("SELECT count(*) FROM app.latest_readings")).isEqualTo("50");
        // 200,000 readings, one a minute per 50 devices: 4,000 minutes, three days: three chunks
        assertThat(Integer.parseInt(target.value("SELECT count(*) FROM timescaledb_information.chunks "
                + "WHERE hypertable_schema = 'app' AND hypertable_name = 'readings'")))
                .isEqualTo(3);
    }

    @Test
    void shouldPrintThePlanAndWriteNothing() {
        CliRun r = run("plan", "--source", source.url(), "--target", planTarget.url(),
                "--hypertable", "app.readings:ts:1d", "--unit-size", "1MiB", "--parallelism", "2");
        assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
        assertThat(r.out()).startsWith("Plan (per-table): ");
        List<String> copies = r.out().lines().filter(l -> l.contains("[copy] ")).toList();
        assertThat(copies).anyMatch(l -> l.contains(READINGS))
                .anyMatch(l -> l.contains("\"app\".\"devices\""))
                .anyMatch(l -> l.contains("\"app\".\"events\""));
        assertThat(copies.stream().filter(l -> l.contains("[copy] " + READINGS)).count())
                .as("1 MiB units split the ~15 MB readings table").isGreaterThan(1);
        assertThat(r.out()).containsPattern("\\d+ copy units, ~[\\d,]+ rows");
        assertThat(planTarget.value("SELECT count(*) FROM pg_catalog.pg_namespace WHERE nspname = 'app'"))
                .isEqualTo("0");
    }

    @Test
    void shouldCompareEveryTableWhenVerifying() {
        CliRun r = run("verify", "--source", source.url(), "--target", target.url());
        assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
        assertThat(r.out()).containsPattern("match +\"app\".\"readings\" +200,000 rows")
                .containsPattern("match +\"app\".\"devices\" +50 rows")
                .containsPattern("match +\"app\".\"events\" +5,000 rows")
                .contains("OK: 3 tables compared in ", "all match");
    }

    @Test
    void shouldExitWithThreeWhenVerifyFindsATableThatDiffers() {
        String before = target.value("SELECT name FROM app.devices WHERE id = 7");
        target.execute("UPDATE app.devices SET name = 'renamed' WHERE id = 7");
        try {
            CliRun r = run("verify", "--source", source.url(), "--target", target.url(), "--include", "app.devices");
            assertThat(r.code()).isEqualTo(Main.MISMATCH).isEqualTo(3);
            assertThat(r.out()).containsPattern("DIFFERS +\"app\".\"devices\" +source 50 rows \\(checksum \\S+\\), "
                    + "target 50 rows \\(checksum \\S+\\)");
            assertThat(r.out()).contains("MISMATCH: 1 table compared in ", "1 differ");
        } finally {
            target.execute("UPDATE app.devices SET name = '" + before + "' WHERE id = 7");
        }
    }

    @Test
    void shouldCopyNothingWhenAFinishedMigrationRunsAgain() {
        CliRun r = run("migrate", "--source", source.url(), "--target", target.url(),
                "--hypertable", "app.readings:ts:1d", "--no-progress", "--no-verify");
        assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
        assertThat(r.err()).contains("warning: Migration per-table:", "had already finished; nothing was copied");
        assertThat(r.out()).contains(": 0 tables, 0 rows").doesNotContain("verified");
    }

    @Test
    void shouldFailNamingAnIncludePatternThatMatchesNothing() {
        CliRun r = run("migrate", "--source", source.url(), "--target", target.url(), "--include", "nosuch.table",
                "--no-progress");
        assertThat(r.code()).isEqualTo(Main.FAILED).isEqualTo(1);
        assertThat(r.err().lines().toList())
                .contains("error: The migration cannot start; nothing was written to the target (1 problem):")
                .anyMatch(l -> l.startsWith("  - The include pattern 'nosuch.table' matches no table"));
        assertThat(r.out()).isEmpty();
    }

    @Test
    void shouldFailSayingSoWhenTheTargetIsUnreachable() {
        CliRun r = run("migrate", "--source", source.url(), "--target", "jdbc:postgresql://127.0.0.1:1/x",
                "--no-progress");
        assertThat(r.code()).isEqualTo(Main.FAILED);
        assertThat(r.err()).contains("error: Cannot connect to the target database (jdbc:postgresql://127.0.0.1:1/x)",
                "The server cannot be reached");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void shouldFailSayingSoWhenTheSourceIsUnreachable() {
        CliRun r = run("plan", "--source", "jdbc:postgresql://127.0.0.1:1/x", "--target", target.url());
        assertThat(r.code()).isEqualTo(Main.FAILED);
        assertThat(r.err()).contains("error: Cannot connect to the source database (jdbc:postgresql://127.0.0.1:1/x)",
                "The server cannot be reached");
    }
}
