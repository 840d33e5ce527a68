package dev.timescalemigrate.examples.cli;

import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;
import dev.timescalemigrate.testing.TestServer;
import dev.timescalemigrate.testing.TimescaleOracle;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line as a new user runs it on the Timescale-licensed server: a TimescaleDB
 * {@value TestServer#OLD_VERSION} source migrated into a new, empty database (no {@code CREATE EXTENSION} by hand;
 * the migration creates the server's newer default version) with each strategy, the result compared with the
 * source by {@link TimescaleOracle}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LicensedCliIT {

    @Database(label = "cli_lic_src", licensed = true, version = TestServer.OLD_VERSION,
            fixture = "/fixtures/timescale-cross-version.sql")
    private static TestDatabase source;
    private static Map<String, List<String>> expected;

    @BeforeAll
    static void describeSource() {
        expected = TimescaleOracle.describe(source, "fleet");
    }

    private static CliRun migrate(TestDatabase target, String... options) {
        String[] args = new String[options.length + 6];
        args[0] = "migrate";
        args[1] = "--source";
        args[2] = source.url();
        args[3] = "--target";
        args[4] = target.url();
        args[5] = "--no-progress";
        System.arraycopy(options, 0, args, 6, options.length);
        CliRun run = CliRun.of(args);
        assertThat(run.code()).as(run.err()).isEqualTo(Main.OK);
        assertThat(run.err()).doesNotContain("error:");
        assertThat(target.value("SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'"))
                .as("the extension the migration created").isNotEqualTo(TestServer.OLD_VERSION)
                .isEqualTo(target.value("SELECT default_version FROM pg_available_extensions "
                        + "WHERE name = 'timescaledb'"));
        return run;
    }

    @Test
    void shouldMigrateWholeDatabaseIntoANewEmptyDatabaseIdenticalToTheSource() {
        try (TestDatabase target = source.sibling("cli_lic_whole")) {
            CliRun run = migrate(target, "--strategy", "whole-database");

            assertThat(run.out()).contains("verified: all");
            Map<String, List<String>> actual = TimescaleOracle.describe(target, "fleet");
            expected.forEach((section, lines) -> assertThat(actual.get(section)).as(section).isEqualTo(lines));
        }
    }

    @Test
    void shouldStreamIntoANewEmptyDatabaseEveryRowAndObject() {
        try (TestDatabase target = source.sibling("cli_lic_stream")) {
            CliRun run = migrate(target, "--strategy", "streaming");

            assertThat(run.out()).contains("verified: all");
            Map<String, List<String>> actual = TimescaleOracle.describe(target, "fleet");
            expected.keySet().stream().filter(s -> s.startsWith("rows of ") || List.of("dimensions",
                            "continuous aggregates", "indexes", "jobs").contains(s))
                    .forEach(section -> assertThat(actual.get(section)).as(section).isEqualTo(expected.get(section)));
            assertThat(actual.get("chunks")).as("every chunk of a hypertable compressed while it was copied")
                    .filteredOn(l -> l.startsWith("fleet.")).isNotEmpty().allMatch(l -> l.endsWith(" compressed"));
        }
    }

    @Test
    void shouldCopyEveryTablePerTableWithAHypertableRuleIntoANewEmptyDatabase() {
        try (TestDatabase target = source.sibling("cli_lic_table")) {
            CliRun run = migrate(target, "--hypertable", "fleet.readings:ts:1d");

            assertThat(run.out()).contains("verified: all");
            assertThat(run.err()).as("what the per-table strategy leaves to the whole-database one")
                    .contains("Continuous aggregates are not migrated by the per-table strategy");
            Map<String, List<String>> actual = TimescaleOracle.describe(target, "fleet");
            for (String table : List.of("fleet.readings", "fleet.odometer", "fleet.shifts", "fleet.trucks")) {
                assertThat(actual.get("rows of " + table)).as(table).isEqualTo(expected.get("rows of " + table));
            }
            assertThat(actual.get("dimensions")).as("the rule's dimensions for readings, the source's for the others")
                    .contains("fleet.readings #1 ts timestamp with time zone Time 1 day partitions=- now=-")
                    .containsAll(expected.get("dimensions").stream()
                            .filter(l -> l.startsWith("fleet.odometer") || l.startsWith("fleet.shifts")).toList());
        }
    }
}
