package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.testing.DumpOracle;
import dev.timescalemigrate.testing.TestDatabase;
import dev.timescalemigrate.testing.TestServer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL's regression database (what pg_upgrade is tested with: inheritance, rules, policies, aggregates,
 * operators, text search, large objects, odd names, dropped columns, ...) migrated whole by each strategy and
 * compared with the source by an oracle that does not use the project's model: {@code pg_dump --schema-only} of
 * both, entry by entry, every table's rows, the large objects. Every object must come out as in the source. A
 * pg_dump/pg_restore copy made alongside is the yardstick for time (and shows what a dump does not reproduce: an
 * inheritance child whose columns were added to its parent later gets them in another order).
 */
class RegressionDatabaseIT {

    private static String regression;
    private static TestDatabase restored;
    private static Duration pgDumpTime;

    @BeforeAll
    static void restoreWithPgDump() {
        regression = TestServer.regressionUrl();
        restored = TestDatabase.create("regress_restored");
        pgDumpTime = DumpOracle.copyWithPgDump(regression, restored.url());
        System.out.printf("RegressionDatabaseIT: pg_dump -Fc + pg_restore %.1f s; %d objects of its copy differ "
                + "from the source%n", pgDumpTime.toMillis() / 1000.0,
                DumpOracle.compareWithYardstick(regression, regression, restored.url()).size());
    }

    /**
     * Every strategy carries the same objects and rows; the per-table and streaming strategies leave owners and
     * privileges to the target's user (their plans say so), which the comparison then leaves out.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"whole-database", "per-table", "streaming"})
    void shouldMigrateTheRegressionDatabaseSoThatNothingDiffersFromTheSource(String strategy) {
        try (TestDatabase target = TestDatabase.create("regress_" + strategy.replace('-', '_'))) {
            boolean owners = strategy.equals("whole-database");
            Migration migration = Migration.builder().source(regression, null, null).target(target.dataSource())
                    .strategy(strategy).build();
            if (!owners) {
                assertThat(migration.plan().notes()).as("the plan says what is left out")
                        .anyMatch(n -> n.startsWith("owners and privileges are not recreated by this strategy"));
            }
            long started = System.nanoTime();
            MigrationReport report = migration.run();
            Duration ours = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("RegressionDatabaseIT: %s migration %.1f s, pg_dump -Fc + pg_restore %.1f s%n",
                    strategy, ours.toMillis() / 1000.0, pgDumpTime.toMillis() / 1000.0);

            assertThat(report.tables()).as("tables copied").hasSizeGreaterThan(500);
            assertThat(DumpOracle.compareWithYardstick(regression, regression, target.url(), owners))
                    .as("objects (pg_dump --schema-only, entry by entry), rows and large objects not as in the source")
                    .isEmpty();
        }
    }
}
