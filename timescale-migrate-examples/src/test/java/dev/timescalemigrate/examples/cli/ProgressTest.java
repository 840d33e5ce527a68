package dev.timescalemigrate.examples.cli;

import dev.timescalemigrate.TableReport;
import dev.timescalemigrate.event.MigrationEvent;
import dev.timescalemigrate.event.MigrationPhase;
import dev.timescalemigrate.model.QualifiedName;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

    static final QualifiedName READINGS = QualifiedName.of("app", "readings");
    static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void shouldPrintALineForEachFinishedTableRetryAndWarning() {
        StringWriter text = new StringWriter();
        try (Progress p = Progress.on(new PrintWriter(text), false)) {
            p.dispatch(MigrationEvent.MigrationStarted.builder("m", NOW).strategy("per-table").resumed(false)
                    .tables(1).units(2).estimatedBytes(2_000_000).build());
            p.dispatch(MigrationEvent.UnitCopied.builder("m", NOW, READINGS, "u1").rows(100).bytes(1_000_000)
                    .duration(Duration.ofSeconds(1)).skipped(false).build());
            p.dispatch(MigrationEvent.RetryScheduled.builder("m", NOW, "\"app\".\"readings\"#0001").table(READINGS)
                    .attempt(1).sqlState("40001").message("could not serialize, url jdbc:postgresql://h/db?password=pw")
                    .delay(Duration.ofMillis(1500)).build());
            p.dispatch(new MigrationEvent.TableFinished("m", NOW, TableReport.builder(READINGS).rows(200_000)
                    .bytes(12_500_000).duration(Duration.ofMillis(2500)).units(4).unitsSkipped(1).retries(1)
                    .format("binary").build()));
            p.dispatch(new MigrationEvent.Warning("m", NOW, "Not migrated (not supported): something."));
        }
        assertThat(text.toString().lines().toList()).containsExactly(
                "retry: copying \"app\".\"readings\"#0001 failed (attempt 1, SQLSTATE 40001): could not serialize, "
                        + "url jdbc:postgresql://h/db?password=***; trying again in 1.5 s",
                "copied \"app\".\"readings\": 200,000 rows, 12.5 MB in 2.5 s (5.0 MB/s), 4 units (1 copied by an "
                        + "earlier run), 1 retry",
                "warning: Not migrated (not supported): something.");
    }

    @Test
    void shouldShowWhatFollowingAppliedItsRateLagAndRetainedWalOnEitherDisplay() {
        MigrationEvent.FollowProgress following = new MigrationEvent.FollowProgress("m", NOW,
                dev.timescalemigrate.FollowReport.builder("0/100").appliedLsn("0/2000").transactions(1234)
                        .changes(56_789).lag(Duration.ofMillis(1500)).retainedWalBytes(12_300_000).build(),
                20.0, 950.4);
        StringWriter text = new StringWriter();
        try (Progress p = Progress.on(new PrintWriter(text), false)) {
            p.dispatch(following);
            p.dispatch(following); // within 10 s of the first: not printed again
        }
        assertThat(text.toString().lines().toList()).containsExactly("following: 1,234 transactions, 56,789 "
                + "changes applied (950 changes/s), up to 0/2000; lag 1.5 s; the slot retains 12.3 MB");

        LiveProgress live = new LiveProgress(new PrintWriter(new StringWriter()));
        try {
            live.dispatch(following);
            assertThat(live.status()).matches("\\[following 0:\\d\\d] 1,234 transactions  56,789 changes  950/s  "
                    + "lag 1.5 s  slot 12.3 MB");
            live.dispatch(new MigrationEvent.MigrationFinished("m", NOW, null));
            assertThat(live.status()).startsWith("[done ");
        } finally {
            live.close();
        }
    }

    @Test
    void shouldCountTablesUnitsRowsAndBytesInTheLiveStatusLine() {
        StringWriter text = new StringWriter();
        LiveProgress p = new LiveProgress(new PrintWriter(text));
        try {
            p.start();
            assertThat(text.toString()).startsWith("\r[preflight 0:0");
            assertThat(p.status()).startsWith("[preflight 0:0");
            p.dispatch(MigrationEvent.MigrationStarted.builder("m", NOW).strategy("per-table").resumed(false)
                    .tables(2).units(3).estimatedBytes(30_000_000).build());
            p.dispatch(new MigrationEvent.PhaseStarted("m", NOW, MigrationPhase.SCHEMA, 5));
            p.dispatch(new MigrationEvent.SchemaStepDone("m", NOW, "table app.readings", false));
            assertThat(p.status()).matches("\\[schema 0:\\d\\d] statements 1/5  tables 0/2  units 0/3  0 rows  0.0 MB");
            p.dispatch(new MigrationEvent.PhaseStarted("m", NOW, MigrationPhase.DATA, 3));
            p.dispatch(MigrationEvent.UnitCopied.builder("m", NOW, READINGS, "u1").rows(1000).bytes(10_000_000)
                    .duration(Duration.ofSeconds(1)).skipped(false).build());
            assertThat(p.status()).matches("\\[data 0:\\d\\d] tables 0/2  units 1/3  1,000 rows  10.0 MB  "
                    + "[\\d.]+ MB/s  ETA (\\d+:\\d\\d|soon)");
            // a dropped UnitCopied event: the table's report corrects the counts
            p.dispatch(new MigrationEvent.TableFinished("m", NOW, TableReport.builder(READINGS).rows(2000)
                    .bytes(20_000_000).duration(Duration.ofSeconds(2)).units(2).unitsSkipped(0).retries(1)
                    .format("binary").build()));
            p.dispatch(MigrationEvent.RetryScheduled.builder("m", NOW, "u2").table(READINGS).attempt(1)
                    .message("reset").delay(Duration.ofSeconds(1)).build());
            assertThat(p.status()).contains("tables 1/2  units 2/3  2,000 rows  20.0 MB").endsWith("1 retry");
            p.dispatch(MigrationEvent.UnitCopied.builder("m", NOW, QualifiedName.of("app", "devices"), "u3")
                    .duration(Duration.ZERO).skipped(true).build());
            assertThat(p.status()).contains("units 3/3");
            p.dispatch(new MigrationEvent.PhaseStarted("m", NOW, MigrationPhase.POST_DATA, 4));
            assertThat(p.status()).matches("\\[post-data 0:\\d\\d] steps 0/4  tables 1/2  2,000 rows  20.0 MB  "
                    + "[\\d.]+ MB/s  1 retry");
            p.dispatch(new MigrationEvent.MigrationFinished("m", NOW, null));
            assertThat(p.status()).startsWith("[done ");
        } finally {
            p.close();
        }
        String out = text.toString();
        assertThat(out).contains("\r[data ", "retry: copying u2 failed (attempt 1): reset; trying again in 1.0 s\n");
        assertThat(out).endsWith("\n");
        assertThat(out.substring(out.lastIndexOf('\r') + 1)).startsWith("[done ").contains("tables 1/2  2,000 rows");
    }
}
