package dev.timescalemigrate.examples.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line without a database: usage errors, help, exit codes. */
class MainTest {

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void shouldListTheCommandsAndExitCodesInTheHelp() {
        CliRun r = run("--help");
        assertThat(r.code()).isEqualTo(Main.OK);
        assertThat(r.out()).contains("migrate", "plan", "verify", "inspect", "Exit codes:",
                "0   Success.", "1   Failed", "2   Invalid command-line usage.",
                "3   Verification found differences between source and target.");
    }

    @Test
    void shouldDocumentOptionsAndExitCodesInMigrateHelp() {
        CliRun r = run("migrate", "--help");
        assertThat(r.code()).isEqualTo(Main.OK);
        assertThat(r.out()).contains("--source=JDBC_URL", "--target=JDBC_URL", "--source-password-env=VAR",
                "TSM_SOURCE_PASSWORD", "--hypertable=TABLE:COLUMN[:INTERVAL]", "--unit-size=SIZE",
                "--[no-]verify", "--report-json=FILE", "--schema-only", "--backfill-until=INSTANT|TABLE:VALUE",
                "--backfill-time-column=TABLE:COLUMN", "--no-progress", "--strategy=NAME", "per-table",
                "Exit codes:", "3   Verification found differences");
    }

    @Test
    void shouldTreatAMissingSourceAsAUsageError() {
        CliRun r = run("migrate", "--target", "jdbc:postgresql://127.0.0.1:1/x");
        assertThat(r.code()).isEqualTo(Main.USAGE).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--source=JDBC_URL'");
    }

    @Test
    void shouldRefusePasswordsAsArguments() {
        CliRun r = run("migrate", "--source", "jdbc:postgresql://127.0.0.1:1/x", "--target",
                "jdbc:postgresql://127.0.0.1:1/y", "--source-password", "secret");
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("Passwords are never taken as arguments", "--source-password-env",
                "Try 'timescale-migrate migrate --help' for more information.");
        assertThat(r.err()).doesNotContain("secret");
    }

    @Test
    void shouldTreatABadHypertableValueAsAUsageErrorNamingTheProblem() {
        CliRun r = run("plan", "--source", "jdbc:postgresql://127.0.0.1:1/x", "--target",
                "jdbc:postgresql://127.0.0.1:1/y", "--hypertable", "app.readings:ts:1 month");
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("Invalid value for option '--hypertable'", "months or years");
    }

    @Test
    void shouldTreatABadUnitSizeAsAUsageError() {
        CliRun r = run("plan", "--source", "jdbc:postgresql://127.0.0.1:1/x", "--target",
                "jdbc:postgresql://127.0.0.1:1/y", "--unit-size", "64 parsecs");
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("Invalid value for option '--unit-size'", "unknown unit 'parsecs'");
    }

    @Test
    void shouldTreatAnUnsetPasswordVariableAsAUsageError() {
        String variable = "TSM_TEST_SURELY_UNSET_" + System.nanoTime();
        CliRun r = run("plan", "--source", "jdbc:postgresql://127.0.0.1:1/x", "--target",
                "jdbc:postgresql://127.0.0.1:1/y", "--target-password-env", variable);
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("The environment variable " + variable + " named by --target-password-env "
                + "is not set.");
    }

    @Test
    void shouldTreatAnEmptyIncludePatternAsAUsageError() {
        CliRun r = run("plan", "--source", "jdbc:postgresql://127.0.0.1:1/x", "--target",
                "jdbc:postgresql://127.0.0.1:1/y", "--include", "app.a,,app.b");
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("Invalid value for option '--include': empty pattern in 'app.a,,app.b'");
    }

    @Test
    void shouldReportATooSmallUnitSizeAsAConfigurationProblemOfTheLibrary() {
        CliRun r = run("plan", "--source", "jdbc:postgresql://127.0.0.1:1/x", "--target",
                "jdbc:postgresql://127.0.0.1:1/y", "--unit-size", "1KB", "--parallelism", "0",
                "--strategy", "no-such-strategy");
        assertThat(r.code()).isEqualTo(Main.FAILED);
        assertThat(r.err().lines().toList()).contains(
                "error: The migration is not configured correctly (3 problems):",
                "  - parallelism must be at least 1, was 0.",
                "  - unitBytes must be at least 1 MiB (1048576), was 1000.");
        assertThat(r.err().lines()).anyMatch(l -> l.startsWith("  - Unknown strategy 'no-such-strategy'. Available: [")
                && l.contains("per-table") && l.contains("whole-database") && l.contains("streaming"));
    }

    @Test
    void shouldTreatAReportFileInAMissingDirectoryAsAUsageErrorBeforeAnythingRuns(@org.junit.jupiter.api.io.TempDir Path dir) {
        CliRun r = run("migrate", "--source", "jdbc:postgresql://127.0.0.1:1/x", "--target",
                "jdbc:postgresql://127.0.0.1:1/y", "--report-json", dir.resolve("no/such/report.json").toString());
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("Invalid value for option '--report-json'", "does not exist");
    }

    @Test
    void shouldNeverPrintPasswordsInUrls() {
        CliRun r = run("migrate", "--source", "jdbc:postgresql://127.0.0.1:1/x?user=u&password=hunter2",
                "--target", "jdbc:postgresql://127.0.0.1:1/y?password=hunter3&ssl=false", "--no-progress");
        assertThat(r.code()).isEqualTo(Main.FAILED);
        assertThat(r.err()).contains("Migrating jdbc:postgresql://127.0.0.1:1/x?user=u&password=*** into "
                + "jdbc:postgresql://127.0.0.1:1/y?password=***&ssl=false");
        assertThat(r.err()).contains("error: Cannot connect to the source database", "cannot be reached");
        assertThat(r.out() + r.err()).doesNotContain("hunter2").doesNotContain("hunter3");
    }
}
