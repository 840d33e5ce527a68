package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.testing.DumpOracle;
import dev.timescalemigrate.testing.TestDatabase;
import dev.timescalemigrate.testing.TestServer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL's regression database (what pg_upgrade is tested with: inheritance, rules, policies, aggregates,
 * operators, text search, large objects, odd names, dropped columns, ...) migrated whole, compared with what
 * pg_dump and pg_restore make of it on the same server by an oracle that does not use the project's model:
 * {@code pg_dump --schema-only} of both, every table's rows, the large objects. pg_restore is the yardstick
 * rather than the source itself because some things no dump reproduces either (an inheritance child whose
 * columns were added to its parent later gets them in another order).
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
    }

    @Test
    void shouldMigrateTheRegressionDatabaseAsPgDumpAndPgRestoreDo() {
        try (TestDatabase target = TestDatabase.create("regress_whole")) {
            long started = System.nanoTime();
            MigrationReport report = Migration.builder().source(regression, null, null).target(target.dataSource())
                    .strategy("whole-database").build().run();
            Duration ours = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("RegressionDatabaseIT: whole-database migration %.1f s, pg_dump -Fc + pg_restore "
                    + "%.1f s%n", ours.toMillis() / 1000.0, pgDumpTime.toMillis() / 1000.0);

            assertThat(report.tables()).as("tables copied").hasSizeGreaterThan(500);
            assertThat(DumpOracle.compare(restored.url(), target.url()).differences())
                    .as("differences from pg_dump/pg_restore's copy").isEmpty();
        }
    }
}
