package dev.timescalemigrate.examples.cli;

import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.FollowScenario;
import dev.timescalemigrate.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code migrate --follow} in a JVM of its own, on the Timescale-licensed server, while the application writes
 * to the source ({@link FollowScenario}: new chunks, compressed rows inserted, updated and deleted, a plain table
 * and its sequence): SIGTERM cuts over and the process exits 0 with the target equal to the source and nothing
 * left on the source; a JVM killed with SIGKILL while it follows is started again and continues from the position
 * stored on the target, applying nothing twice and losing nothing.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FollowCliIT {

    @Database(label = "follow_cli_src", licensed = true, timescale = true)
    TestDatabase source;

    @Database(label = "follow_cli_dst", licensed = true, timescale = true)
    TestDatabase target;

    @TempDir
    Path dir;

    private Process start(String id, Path log, String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of(KillAndResumeIT.javaExecutable(), "-Xmx256m"));
        command.addAll(KillAndResumeIT.mainClass());
        command.addAll(List.of("migrate", "--source", source.url(), "--target", target.url(), "--strategy",
                "whole-database", "--follow", "--migration-id", id, "--no-progress", "--parallelism", "2"));
        command.addAll(List.of(more));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private long applied() {
        return Long.parseLong(target.value("SELECT coalesce(sum(transactions), 0) FROM timescale_migrate.follow"));
    }

    private void awaitFollowing(Process process, Path log) {
        await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the migration ended before it followed:\n" + KillAndResumeIT.read(log));
            }
            return "t".equals(target.value("SELECT bool_and(copied) FROM timescale_migrate.follow"));
        });
    }

    private static int terminate(Process process, Path log) throws Exception {
        process.destroy(); // SIGTERM
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the process ends after SIGTERM").isTrue();
        return process.exitValue();
    }

    @Test
    void shouldCutOverOnSigtermAndExitZero() throws Exception {
        FollowScenario.create(source);
        Path log = dir.resolve("follow.log");
        int written;
        try (FollowScenario.Writer writer = new FollowScenario.Writer(source)) {
            Process process = start("follow-cli", log);
            awaitFollowing(process, log);
            int before = writer.written();
            await().atMost(Duration.ofMinutes(1)).until(() -> writer.written() >= before + 40);
            written = writer.stop();
            int code = terminate(process, log);
            String output = KillAndResumeIT.read(log);
            assertThat(code).as(output).isZero();
            assertThat(output).contains("Cutting over").contains("followed the source");
        }
        FollowScenario.assertFollowed(source, target);
        assertThat(target.value("SELECT count(*) FROM app.readings WHERE note LIKE 'new chunk%'"))
                .isEqualTo(Integer.toString(written));
    }

    @Test
    void shouldCutOverByItselfOnceTheLagStaysLowAndPrintWhatItApplies() throws Exception {
        FollowScenario.create(source);
        Path log = dir.resolve("lag.log");
        Process process;
        int written;
        try (FollowScenario.Writer writer = new FollowScenario.Writer(source)) {
            process = start("follow-cli-lag", log, "--cutover-when-lag-below", "2s", "--cutover-hold", "20s");
            awaitFollowing(process, log);
            int before = writer.written();
            await().atMost(Duration.ofMinutes(1)).until(() -> writer.written() >= before + 20);
            written = writer.stop();
        }
        // no signal: the process ends by itself once the lag stayed below 2 s for 20 s
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the process cuts over by itself").isTrue();
        String output = KillAndResumeIT.read(log);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("or a lag below 2.0 s for 20.0 s").contains("following: ")
                .contains("followed the source").doesNotContain("Cutting over:"); // that is the signal's line
        FollowScenario.assertFollowed(source, target);
        assertThat(target.value("SELECT count(*) FROM app.readings WHERE note LIKE 'new chunk%'"))
                .isEqualTo(Integer.toString(written));
    }

    @Test
    void shouldContinueFromTheStoredPositionAfterSigkill() throws Exception {
        FollowScenario.create(source);
        Path killed = dir.resolve("killed.log");
        Path resumed = dir.resolve("resumed.log");
        int written;
        try (FollowScenario.Writer writer = new FollowScenario.Writer(source)) {
            Process first = start("follow-kill", killed);
            awaitFollowing(first, killed);
            await().atMost(Duration.ofMinutes(1)).ignoreExceptions().until(() -> applied() >= 20);
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no cutover
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).as("killed, not finished").isNotZero();
            long appliedAtKill = applied();
            System.err.printf("FollowCliIT: killed with %d transactions applied, %d written%n", appliedAtKill,
                    writer.written());
            assertThat(source.value("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'tsm_follow_kill'"))
                    .as("the slot stays for the rerun").isEqualTo("1");

            int before = writer.written();
            await().atMost(Duration.ofMinutes(1)).until(() -> writer.written() >= before + 30);
            Process second = start("follow-kill", resumed);
            await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> {
                if (!second.isAlive()) {
                    throw new AssertionError("the rerun ended:\n" + KillAndResumeIT.read(resumed));
                }
                return applied() > appliedAtKill;
            });
            written = writer.stop();
            int code = terminate(second, resumed);
            String output = KillAndResumeIT.read(resumed);
            assertThat(code).as(output).isZero();
            assertThat(output).contains("resumed").contains("followed the source");
        }
        FollowScenario.assertFollowed(source, target);
        assertThat(target.value("SELECT count(*) FROM app.readings WHERE note LIKE 'new chunk%'"))
                .isEqualTo(Integer.toString(written));
    }
}
