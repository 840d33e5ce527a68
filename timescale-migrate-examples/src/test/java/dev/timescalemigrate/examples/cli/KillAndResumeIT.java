package dev.timescalemigrate.examples.cli;

import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.fail;

/**
 * Crash safety of {@code migrate}: the migration runs in a JVM of its own that is killed (SIGKILL, no shutdown
 * hooks, no rollback from the client) in the middle of the copy; a second run with the same migration id then
 * skips the units the killed run committed, copies the rest, and leaves exactly the source's rows on the target.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KillAndResumeIT {

    static final long BIG_ROWS = 400_000;
    static final long SMALL_ROWS = 1_000;
    static final String MIGRATION_ID = "kill-test";
    static final int UNITS_BEFORE_KILL = 3;

    @TempDir
    Path dir;

    @Database(label = "kill_source")
    TestDatabase src;
    @Database(label = "kill_target", timescale = true)
    TestDatabase dst;

    @Test
    void shouldResumeAfterTheJvmIsKilledMidCopy() throws Exception {
        // ~400k rows with a ~100-byte payload: about 60 MB, so some 60 units of 1 MiB
        src.execute("CREATE TABLE public.big (id bigint PRIMARY KEY, ts timestamptz NOT NULL, payload text);"
                + "INSERT INTO public.big SELECT i, timestamptz '2024-01-01 00:00:00+00' + i * interval '1 second', "
                + "md5(i::text) || md5((i + 1)::text) || md5((i + 2)::text) || lpad(i::text, 4, '0') "
                + "FROM generate_series(1, " + BIG_ROWS + ") AS i;"
                + "CREATE TABLE public.small (id int PRIMARY KEY, name text NOT NULL);"
                + "INSERT INTO public.small SELECT i, 'name ' || i FROM generate_series(1, " + SMALL_ROWS + ") AS i;"
                + "ANALYZE public.big; ANALYZE public.small;");
        long sourceRows = BIG_ROWS + SMALL_ROWS;

        // ---- first run, in a JVM of its own, killed once a few units are committed
        Path log = dir.resolve("killed-run.log");
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx256m"));
        command.addAll(mainClass());
        command.addAll(List.of("migrate",
                "--source", src.url(), "--target", dst.url(), "--parallelism", "1", "--unit-size", "1MiB",
                "--migration-id", MIGRATION_ID, "--no-progress", "--no-verify"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long unitsDoneAtKill;
        try (Connection c = dst.connect()) {
            c.setAutoCommit(true);
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2))
                        .until(() -> unitsDone(c) >= UNITS_BEFORE_KILL || !process.isAlive());
            } catch (ConditionTimeoutException e) {
                process.destroyForcibly().waitFor();
                fail("no " + UNITS_BEFORE_KILL + " units done within 60 s (" + unitsDone(c) + "):\n" + read(log));
            }
            if (!process.isAlive()) {
                fail("the migration ended (exit " + process.exitValue() + ") before " + UNITS_BEFORE_KILL
                        + " units were done (" + unitsDone(c) + "):\n" + read(log));
            }
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the killed JVM ends").isTrue();
            // The killed JVM's sessions end on the server only when their backends notice the closed socket; a
            // COMMIT already received still completes. Wait until they are gone, so what we read is final.
            waitUntilNoOtherSessions(c, dst.name());
            unitsDoneAtKill = unitsDone(c);
        }
        int killedExit = process.exitValue();
        String killedLog = read(log);
        long totalUnitsAtKill = Long.parseLong(dst.value("SELECT count(*) FROM timescale_migrate.units "
                + "WHERE migration_id = '" + MIGRATION_ID + "'"));
        long bigBefore = Long.parseLong(dst.value("SELECT count(*) FROM public.big"));
        long smallBefore = tableExists(dst, "small")
                ? Long.parseLong(dst.value("SELECT count(*) FROM public.small")) : 0;
        long rowsBefore = bigBefore + smallBefore;
        long rowsInDoneUnits = Long.parseLong(dst.value("SELECT coalesce(sum(rows_copied), 0) "
                + "FROM timescale_migrate.units WHERE migration_id = '" + MIGRATION_ID
                + "' AND done_at IS NOT NULL"));
        System.err.printf("KillAndResumeIT: killed (exit %d) with %d of %d units done, %,d rows on the target "
                + "(big %,d, small %,d)%n", killedExit, unitsDoneAtKill, totalUnitsAtKill, rowsBefore, bigBefore,
                smallBefore);

        assertThat(killedExit).as("killed, not finished:\n" + killedLog).isNotZero();
        assertThat(unitsDoneAtKill).as(killedLog).isGreaterThanOrEqualTo(UNITS_BEFORE_KILL)
                .isLessThan(totalUnitsAtKill);
        assertThat(rowsBefore).as("a partial copy").isPositive().isLessThan(sourceRows);
        assertThat(rowsBefore).as("the rows on the target are those of the committed units")
                .isEqualTo(rowsInDoneUnits);
        assertThat(dst.value("SELECT count(*) FROM timescale_migrate.runs WHERE migration_id = '" + MIGRATION_ID
                + "' AND finished_at IS NULL")).as("the run is unfinished").isEqualTo("1");
        assertThat(killedLog).doesNotContain("Migration per-table");

        // ---- second run, in this JVM, same migration id
        Path report = dir.resolve("report.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "migrate",
                "--source", src.url(), "--target", dst.url(), "--parallelism", "1", "--unit-size", "1MiB",
                "--migration-id", MIGRATION_ID, "--no-progress", "--verify", "--report-json", report.toString());
        assertThat(code).as(out + "\n" + err).isEqualTo(Main.OK);

        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.get("migrationId").asText()).isEqualTo(MIGRATION_ID);
        assertThat(json.get("resumed").asBoolean()).as("resumed").isTrue();
        long unitsSkipped = json.get("totals").get("unitsSkipped").asLong();
        long rowsCopied = json.get("totals").get("rows").asLong();
        long unitsTotal = 0;
        for (JsonNode t : json.get("tables")) {
            unitsTotal += t.get("units").asLong();
        }
        System.err.printf("KillAndResumeIT: resumed run skipped %d of %d units and copied %,d rows%n",
                unitsSkipped, unitsTotal, rowsCopied);
        // the units the killed run committed (read after its sessions ended) are exactly those skipped
        assertThat(unitsSkipped).as("units skipped").isGreaterThanOrEqualTo(unitsDoneAtKill)
                .isEqualTo(unitsDoneAtKill)
                .isLessThan(unitsTotal);
        assertThat(rowsCopied).as("rows copied by the resumed run").isEqualTo(sourceRows - rowsBefore);
        assertThat(out.toString()).contains("Migration " + MIGRATION_ID + " (per-table), resumed: ");

        JsonNode verification = json.get("verification");
        assertThat(verification).as("verification ran").isNotNull();
        assertThat(verification.isNull()).isFalse();
        assertThat(verification.get("matches").asBoolean()).isTrue();
        assertThat(verification.get("mismatches").asInt()).isZero();
        assertThat(verification.get("tables")).hasSize(2);
        for (JsonNode t : verification.get("tables")) {
            assertThat(t.get("match").asBoolean()).as(t.toString()).isTrue();
            assertThat(t.get("targetRows").asLong()).isEqualTo(t.get("sourceRows").asLong());
        }

        assertThat(dst.value("SELECT count(*) FROM public.big")).isEqualTo(src.value("SELECT count(*) FROM public.big"))
                .isEqualTo(Long.toString(BIG_ROWS));
        assertThat(dst.value("SELECT count(*) FROM public.small"))
                .isEqualTo(src.value("SELECT count(*) FROM public.small")).isEqualTo(Long.toString(SMALL_ROWS));
        assertThat(dst.value("SELECT count(*) FROM (SELECT id FROM public.big GROUP BY id HAVING count(*) > 1) d"))
                .as("ids copied twice").isEqualTo("0");
        assertThat(dst.value("SELECT count(*) FROM (SELECT id FROM public.small GROUP BY id HAVING count(*) > 1) d"))
                .as("ids copied twice").isEqualTo("0");
        assertThat(dst.value("SELECT count(*) FROM timescale_migrate.units WHERE migration_id = '" + MIGRATION_ID
                + "' AND done_at IS NULL")).as("units left undone").isEqualTo("0");
    }

    /**
     * The java arguments that start {@link Main} the way this JVM loaded it: as its module from the module path
     * when the tests run on the module path, else from the class path.
     */
    static List<String> mainClass() {
        Module module = Main.class.getModule();
        if (module.isNamed()) {
            return List.of("--module-path", System.getProperty("jdk.module.path"),
                    "--module", module.getName() + "/" + Main.class.getName());
        }
        return List.of("-cp", System.getProperty("java.class.path"), Main.class.getName());
    }

    static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Units done so far, or -1 while the checkpoint table does not exist yet. */
    static long unitsDone(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM timescale_migrate.units WHERE migration_id = '"
                        + MIGRATION_ID + "' AND done_at IS NOT NULL")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
                return -1; // undefined table or schema: the run has not created its checkpoints yet
            }
            throw e;
        }
    }

    /** Waits until the connection {@code c} is the only session on database {@code name}. */
    static void waitUntilNoOtherSessions(Connection c, String name) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            List<String> others = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pid || ' ' || coalesce(state, '') || ' ' || "
                            + "coalesce(left(query, 60), '') FROM pg_catalog.pg_stat_activity WHERE datname = '"
                            + name + "' AND backend_type = 'client backend' AND pid <> pg_catalog.pg_backend_pid()")) {
                while (rs.next()) {
                    others.add(rs.getString(1));
                }
            }
            assertThat(others).as("sessions of the killed JVM still on the target").isEmpty();
        });
    }

    static boolean tableExists(TestDatabase db, String table) {
        return !db.value("SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'public' AND tablename = '"
                + table + "'").equals("0");
    }

    static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
