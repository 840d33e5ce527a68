package dev.timescalemigrate.testing;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationReport;

import static org.assertj.core.api.Assertions.assertThat;

/** A migration of a test database with one strategy, checked by the independent oracle. */
public final class StrategyRuns {

    private StrategyRuns() {
    }

    /**
     * Migrates {@code source} with {@code strategy} into a new, empty database on the same server and checks that
     * {@link DumpOracle} finds no difference (schema, rows, large objects). The caller closes the target.
     *
     * @param label   the new database's label
     * @param checks  further checks of the report and the target
     * @return the target
     */
    public static TestDatabase migrateIdentically(TestDatabase source, String label, String strategy,
                                                  java.util.function.BiConsumer<MigrationReport, TestDatabase> checks) {
        TestDatabase target = source.sibling(label + "_" + strategy.replace('-', '_'));
        try {
            MigrationReport report = Migration.builder().source(source.dataSource()).target(target.dataSource())
                    .strategy(strategy).build().run();
            checks.accept(report, target);
            assertThat(DumpOracle.compare(source, target).differences())
                    .as("%s: pg_dump --schema-only, row checksums and large objects", strategy).isEmpty();
            return target;
        } catch (RuntimeException | Error e) {
            target.close();
            throw e;
        }
    }
}
