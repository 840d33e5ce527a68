package dev.timescalemigrate.examples.cli;

import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.TableReport;
import dev.timescalemigrate.VerificationReport;
import dev.timescalemigrate.model.QualifiedName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportJsonTest {

    @Test
    void shouldMapEveryFieldExplicitly(@TempDir Path dir) throws Exception {
        QualifiedName readings = QualifiedName.of("app", "readings");
        QualifiedName odd = QualifiedName.of("My Schema", "T");
        MigrationReport report = MigrationReport.builder("per-table:db:abc", "per-table",
                        Instant.parse("2025-01-01T00:00:00Z")).resumed(true).duration(Duration.ofMillis(2500))
                .schemaSteps(7).schemaStepsSkipped(3)
                .tables(List.of(TableReport.builder(readings).rows(200_000).bytes(12_000_000)
                                .duration(Duration.ofSeconds(2)).units(4).unitsSkipped(1).retries(2).format("binary")
                                .build()
                                .withStorage(new dev.timescalemigrate.StorageReport(4, 3, 40_000_000, 8_000_000,
                                        12_000_000)),
                        TableReport.builder(odd).duration(Duration.ZERO).units(1).unitsSkipped(1).build()))
                .warnings(List.of("careful"))
                .verificationReport(new VerificationReport(List.of(
                        VerificationReport.TableVerification.builder(readings).sourceSide(10, "a").targetSide(10, "a")
                                .compared("rows with \"ts\" < 2025-03-15 00:00:00.000000+00").build(),
                        VerificationReport.TableVerification.builder(odd).sourceSide(1, "x").targetSide(2, "y").build()), Duration.ofMillis(250)))
                .pointInTime(false).build();
        Path file = dir.resolve("report.json");
        Files.writeString(file, "old content");
        ReportJson.write(report, file);

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.get("formatVersion").asInt()).isEqualTo(1);
        assertThat(json.get("migrationId").asText()).isEqualTo("per-table:db:abc");
        assertThat(json.get("strategy").asText()).isEqualTo("per-table");
        assertThat(json.get("resumed").asBoolean()).isTrue();
        assertThat(json.get("pointInTime").asBoolean()).isFalse();
        assertThat(json.get("started").asText()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(json.get("finished").asText()).isEqualTo("2025-01-01T00:00:02.500Z");
        assertThat(json.get("durationSeconds").asDouble()).isEqualTo(2.5);
        assertThat(json.get("duration").asText()).isEqualTo("PT2.5S");
        assertThat(json.get("schemaSteps").asInt()).isEqualTo(7);
        assertThat(json.get("schemaStepsSkipped").asInt()).isEqualTo(3);
        assertThat(json.get("totals").get("tables").asInt()).isEqualTo(2);
        assertThat(json.get("totals").get("rows").asLong()).isEqualTo(200_000);
        assertThat(json.get("totals").get("bytes").asLong()).isEqualTo(12_000_000);
        assertThat(json.get("totals").get("unitsSkipped").asInt()).isEqualTo(2);
        assertThat(json.get("totals").get("retries").asInt()).isEqualTo(2);
        assertThat(json.get("totals").get("rowsPerSecond").asDouble()).isEqualTo(80_000.0);

        JsonNode t = json.get("tables").get(0);
        assertThat(t.get("table").asText()).isEqualTo("\"app\".\"readings\"");
        assertThat(t.get("schema").asText()).isEqualTo("app");
        assertThat(t.get("name").asText()).isEqualTo("readings");
        assertThat(t.get("rows").asLong()).isEqualTo(200_000);
        assertThat(t.get("bytes").asLong()).isEqualTo(12_000_000);
        assertThat(t.get("durationSeconds").asDouble()).isEqualTo(2.0);
        assertThat(t.get("duration").asText()).isEqualTo("PT2S");
        assertThat(t.get("rowsPerSecond").asDouble()).isEqualTo(100_000.0);
        assertThat(t.get("megabytesPerSecond").asDouble()).isEqualTo(6.0);
        assertThat(t.get("units").asInt()).isEqualTo(4);
        assertThat(t.get("unitsSkipped").asInt()).isEqualTo(1);
        assertThat(t.get("retries").asInt()).isEqualTo(2);
        assertThat(t.get("format").asText()).isEqualTo("binary");
        assertThat(json.get("tables").get(1).get("schema").asText()).isEqualTo("My Schema");
        assertThat(json.get("tables").get(1).get("format").isNull()).isTrue();
        JsonNode storage = t.get("storage");
        assertThat(storage.get("chunks").asLong()).isEqualTo(4);
        assertThat(storage.get("compressedChunks").asLong()).isEqualTo(3);
        assertThat(storage.get("uncompressedBytes").asLong()).isEqualTo(40_000_000);
        assertThat(storage.get("finalBytes").asLong()).isEqualTo(8_000_000);
        assertThat(storage.get("peakBytes").asLong()).isEqualTo(12_000_000);
        assertThat(storage.get("compressionRatio").asDouble()).isEqualTo(5.0);
        assertThat(json.get("tables").get(1).has("storage")).as("no storage measured").isFalse();

        assertThat(json.get("warnings").get(0).asText()).isEqualTo("careful");
        JsonNode v = json.get("verification");
        assertThat(v.get("matches").asBoolean()).isFalse();
        assertThat(v.get("mismatches").asInt()).isEqualTo(1);
        assertThat(v.get("durationSeconds").asDouble()).isEqualTo(0.25);
        assertThat(v.get("tables").get(0).get("match").asBoolean()).isTrue();
        assertThat(v.get("tables").get(1).get("sourceRows").asLong()).isEqualTo(1);
        assertThat(v.get("tables").get(1).get("targetRows").asLong()).isEqualTo(2);
        assertThat(v.get("tables").get(1).get("sourceChecksum").asText()).isEqualTo("x");
        assertThat(v.get("tables").get(1).get("targetChecksum").asText()).isEqualTo("y");
        assertThat(v.get("tables").get(1).get("match").asBoolean()).isFalse();
        assertThat(v.get("tables").get(0).get("compared").asText())
                .isEqualTo("rows with \"ts\" < 2025-03-15 00:00:00.000000+00");
        assertThat(v.get("tables").get(1).get("compared").asText()).isEqualTo(VerificationReport.EVERY_ROW);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("report.json");
        }
    }

    @Test
    void shouldWriteWhatFollowingApplied() throws Exception {
        MigrationReport report = MigrationReport.builder("id", "whole-database", Instant.EPOCH)
                .duration(Duration.ofSeconds(70)).follow(dev.timescalemigrate.FollowReport.builder("0/16B3748")
                        .appliedLsn("0/2A00000").transactions(1200).changes(56_000).lagBytes(99)
                        .duration(Duration.ofMillis(61_500)).build()).build();
        JsonNode follow = new ObjectMapper().readTree(ReportJson.toJson(report)).get("follow");
        assertThat(follow.get("transactions").asLong()).isEqualTo(1200);
        assertThat(follow.get("changes").asLong()).isEqualTo(56_000);
        assertThat(follow.get("startLsn").asText()).isEqualTo("0/16B3748");
        assertThat(follow.get("appliedLsn").asText()).isEqualTo("0/2A00000");
        assertThat(follow.get("durationSeconds").asDouble()).isEqualTo(61.5);
    }

    @Test
    void shouldWriteNullVerificationWithoutVerification() throws Exception {
        MigrationReport report = MigrationReport.builder("id", "per-table", Instant.EPOCH).duration(Duration.ZERO)
                .pointInTime(true).build();
        JsonNode json = new ObjectMapper().readTree(ReportJson.toJson(report));
        assertThat(json.get("verification").isNull()).isTrue();
        assertThat(json.get("follow").isNull()).isTrue();
        assertThat(json.get("totals").get("rowsPerSecond").asDouble()).isEqualTo(0.0);
        assertThat(json.get("pointInTime").asBoolean()).isTrue();
    }

    @Test
    void shouldSayWhichRowsWereComparedWhenNotEveryRow() {
        QualifiedName readings = QualifiedName.of("plant", "readings");
        QualifiedName machines = QualifiedName.of("plant", "machines");
        QualifiedName batches = QualifiedName.of("plant", "batches");
        VerificationReport.TableVerification before = VerificationReport.TableVerification.builder(readings)
                .sourceSide(1000, "a").targetSide(1000, "a").compared("rows with \"ts\" < 2025-03-15 00:00:00.000000+00")
                .build();
        VerificationReport.TableVerification every = VerificationReport.TableVerification.builder(machines)
                .sourceSide(9, "m").targetSide(9, "m").build();
        VerificationReport.TableVerification differs = VerificationReport.TableVerification.builder(batches)
                .sourceSide(10, "x").targetSide(11, "y").compared("rows with \"batch_no\" < 10000").build();

        assertThat(VerifyCommand.line(before)).startsWith("  match    \"plant\".\"readings\"")
                .endsWith("1,000 rows (rows with \"ts\" < 2025-03-15 00:00:00.000000+00)");
        assertThat(VerifyCommand.line(every)).endsWith(" 9 rows");
        assertThat(VerifyCommand.line(differs)).startsWith("  DIFFERS  \"plant\".\"batches\"")
                .endsWith("target 11 rows (checksum y) (rows with \"batch_no\" < 10000)");

        assertThat(MigrateCommand.compared(new VerificationReport(List.of(before, every, differs), Duration.ZERO)))
                .isEqualTo(String.format("  rows compared (every row unless listed):%n"
                        + "    \"plant\".\"readings\": rows with \"ts\" < 2025-03-15 00:00:00.000000+00%n"
                        + "    \"plant\".\"batches\": rows with \"batch_no\" < 10000%n"));
        assertThat(MigrateCommand.compared(new VerificationReport(List.of(every), Duration.ZERO)))
                .as("nothing when every row was compared").isEmpty();
    }
}
