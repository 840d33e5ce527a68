package dev.timescalemigrate.examples.cli;

import dev.timescalemigrate.testing.BackfillScenario;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Timescale's method for a database that keeps ingesting, through the command line on the Timescale-licensed
 * server, as {@code BackfillIT} does it through the API: {@code migrate --schema-only} into a new, empty database;
 * the application's newest rows (at or after the cutoff) written into both databases; {@code migrate
 * --backfill-until=...} copies the history. The target then equals the source, compared through
 * {@link BackfillScenario}. The backfill also survives its JVM being killed (SIGKILL) part-way: the rerun continues
 * without copying a row twice.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BackfillCliIT {

    static final String CUTOFF = BackfillScenario.CUTOFF;
    static final String BATCH_BOUND = "plant.batches:" + BackfillScenario.BATCH_BOUND;

    @Database(label = "bf_cli_src", licensed = true, timescale = true, fixture = "/fixtures/timescale-backfill.sql")
    TestDatabase source;

    @TempDir
    Path dir;

    private List<String> args(String command, TestDatabase target, String... options) {
        List<String> args = new ArrayList<>(List.of(command, "--source", source.url(), "--target", target.url(),
                "--strategy", "whole-database"));
        if (command.equals("migrate")) {
            args.add("--no-progress");
        }
        args.addAll(List.of(options));
        return args;
    }

    private CliRun cli(String command, TestDatabase target, String... options) {
        CliRun run = CliRun.of(args(command, target, options).toArray(String[]::new));
        assertThat(run.code()).as(run.out() + "\n" + run.err()).isEqualTo(Main.OK);
        assertThat(run.err()).doesNotContain("error:");
        return run;
    }

    /** {@code migrate --schema-only}, then the application's writes into both. */
    private void schemaThenDualWrites(TestDatabase target) {
        CliRun schema = cli("migrate", target, "--schema-only");

        assertThat(schema.out()).doesNotContain("verified").doesNotContain("DIFFERS");
        BackfillScenario.assertSchemaOnly(target);
        BackfillScenario.dualWrites(source, target);
    }

    /** The target equals the source, and the verification compared what the backfill covers. */
    private void assertTargetEqualsSource(TestDatabase target, JsonNode report) {
        assertThat(report.get("strategy").asText()).isEqualTo("backfill");
        JsonNode verification = report.get("verification");
        assertThat(verification.isNull()).as("verification ran (the default)").isFalse();
        assertThat(verification.get("matches").asBoolean()).as(verification.toString()).isTrue();
        List<String> compared = new ArrayList<>();
        verification.get("tables").forEach(t -> compared.add(t.get("name").asText() + ": " + t.get("compared").asText()));
        assertThat(compared).containsExactlyInAnyOrderElementsOf(BackfillScenario.COMPARED);
        BackfillScenario.assertEqual(source, target);
    }

    private static JsonNode json(Path file) throws Exception {
        return new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void shouldCopyTheHistoryBeforeTheCutoffBesideTheApplicationsRows() throws Exception {
        try (TestDatabase target = source.sibling("bf_cli_dst")) {
            schemaThenDualWrites(target);

            CliRun plan = cli("plan", target, "--backfill-until=" + CUTOFF, "--backfill-until=" + BATCH_BOUND);
            assertThat(plan.out()).contains("backfill up to " + CUTOFF,
                    "[backfill] \"plant\".\"readings\": rows with \"ts\" < 2025-03-15 00:00:00.000000+00",
                    "[backfill] \"plant\".\"batches\": rows with \"batch_no\" < 10000",
                    "[backfill] \"plant\".\"machines\": rows whose key (\"machine_id\") the target lacks");
            assertThat(target.value("SELECT count(*) FROM plant.readings")).as("the plan wrote nothing")
                    .isEqualTo(String.valueOf(720 * 9));

            Path report = dir.resolve("backfill.json");
            CliRun run = cli("migrate", target, "--backfill-until=" + CUTOFF, "--backfill-until=" + BATCH_BOUND,
                    "--parallelism", "2", "--unit-size", "1MiB", "--report-json", report.toString());

            assertThat(run.out()).contains("(backfill)", "verified: all", "rows compared (every row unless listed):",
                    "    \"plant\".\"readings\": rows with \"ts\" < 2025-03-15 00:00:00.000000+00",
                    "    \"plant\".\"batches\": rows with \"batch_no\" < 10000");
            JsonNode json = json(report);
            for (JsonNode t : json.get("tables")) {
                if (t.get("name").asText().equals("machines")) {
                    assertThat(t.get("rows").asLong()).as("the 8 machines the target lacked, not the one both have")
                            .isEqualTo(8);
                }
            }
            assertTargetEqualsSource(target, json);

            CliRun verify = cli("verify", target, "--backfill-until=" + CUTOFF, "--backfill-until=" + BATCH_BOUND);
            assertThat(verify.out()).contains("OK: ", "all match").containsPattern(
                    "match +\"plant\".\"readings\" +[0-9,]+ rows \\(rows with \"ts\" < 2025-03-15 00:00:00\\.000000\\+00\\)");
        }
    }

    @Test
    void shouldResumeABackfillWhoseJvmWasKilledWithoutCopyingARowTwice() throws Exception {
        try (TestDatabase target = source.sibling("bf_cli_kill")) {
            schemaThenDualWrites(target);
            String id = "bf-cli-kill";
            List<String> backfill = args("migrate", target, "--backfill-until=" + CUTOFF,
                    "--backfill-until=" + BATCH_BOUND, "--parallelism", "2", "--unit-size", "1MiB",
                    "--migration-id", id);

            // ---- first run, in a JVM of its own, killed once a unit is done. The test holds a lock on the target's
            // batches that lets the backfill read it but not write it, so the run cannot finish before the kill.
            Path log = dir.resolve("killed-run.log");
            List<String> command = new ArrayList<>(List.of(KillAndResumeIT.javaExecutable(), "-Xmx256m"));
            command.addAll(KillAndResumeIT.mainClass());
            command.addAll(backfill);
            command.add("--no-verify");
            long doneAtKill;
            try (Connection lock = target.connect(); Connection c = target.connect()) {
                lock.setAutoCommit(false);
                try (Statement s = lock.createStatement()) {
                    s.execute("LOCK TABLE plant.batches IN EXCLUSIVE MODE");
                }
                c.setAutoCommit(true);
                Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                        .start();
                try {
                    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                            .until(() -> unitsDone(c, id) >= 1 && waitsForTheLock(c) || !process.isAlive());
                } catch (ConditionTimeoutException e) {
                    process.destroyForcibly().waitFor();
                    fail("no unit done with a copy waiting for the lock within 90 s (" + unitsDone(c, id)
                            + " units done):\n" + KillAndResumeIT.read(log));
                }
                if (!process.isAlive()) {
                    fail("the backfill ended (exit " + process.exitValue() + ") before it was killed:\n"
                            + KillAndResumeIT.read(log));
                }
                process.destroyForcibly();
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the killed JVM ends").isTrue();
                assertThat(process.exitValue()).as("killed, not finished").isNotZero();
                lock.rollback();
                lock.close();
                KillAndResumeIT.waitUntilNoOtherSessions(c, target.name());
                doneAtKill = unitsDone(c, id);
            }
            String killedLog = KillAndResumeIT.read(log);
            long totalUnits = Long.parseLong(target.value("SELECT count(*) FROM timescale_migrate.units "
                    + "WHERE migration_id = '" + id + "'"));
            System.err.printf("BackfillCliIT: killed with %d of %d units of the backfill done%n", doneAtKill,
                    totalUnits);
            assertThat(doneAtKill).as(killedLog).isPositive().isLessThan(totalUnits);
            assertThat(target.value("SELECT strategy || ' ' || (finished_at IS NULL) FROM timescale_migrate.runs "
                    + "WHERE migration_id = '" + id + "'")).as("an unfinished backfill").isEqualTo("backfill true");
            assertThat(target.value("SELECT count(*) FROM plant.batches WHERE batch_no < 10000"))
                    .as("no batch copied while the lock held").isEqualTo("0");

            // ---- second run, in this JVM, same migration id
            Path report = dir.resolve("resumed.json");
            List<String> again = new ArrayList<>(backfill);
            again.addAll(List.of("--report-json", report.toString()));
            CliRun run = CliRun.of(again.toArray(String[]::new));
            assertThat(run.code()).as(run.out() + "\n" + run.err()).isEqualTo(Main.OK);
            assertThat(run.out()).contains("Migration " + id + " (backfill), resumed: ");

            JsonNode json = json(report);
            assertThat(json.get("resumed").asBoolean()).isTrue();
            assertThat(json.get("totals").get("unitsSkipped").asLong()).as("the units the killed run finished")
                    .isEqualTo(doneAtKill);
            assertTargetEqualsSource(target, json);
            assertThat(target.value("SELECT count(*) FROM timescale_migrate.units WHERE migration_id = '" + id
                    + "' AND done_at IS NULL")).as("units left undone").isEqualTo("0");
        }
    }

    /** Units of the migration {@code id} done so far. */
    private static long unitsDone(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM timescale_migrate.units "
                + "WHERE migration_id = ? AND done_at IS NOT NULL")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Whether a session of this database waits for a lock (the backfill's copy into the locked batches). */
    private static boolean waitsForTheLock(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_catalog.pg_stat_activity "
                        + "WHERE datname = pg_catalog.current_database() AND wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }
}
