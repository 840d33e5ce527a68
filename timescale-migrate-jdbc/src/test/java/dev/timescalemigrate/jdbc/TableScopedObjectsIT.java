package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.DatabaseInspector;
import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.model.CatalogObject;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.StrategyRuns;
import dev.timescalemigrate.testing.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules, row-level security, extended statistics and the column and table properties pg_dump sets with ALTER TABLE
 * ({@code table-scoped-objects.sql}) are migrated by every strategy so that pg_dump finds no difference, and go
 * with their table: a selection leaving the table out leaves them out.
 */
class TableScopedObjectsIT {

    @Database(label = "scoped_src", fixture = "/fixtures/table-scoped-objects.sql")
    private static TestDatabase source;
    @Database(label = "scoped_some")
    private static TestDatabase someTarget;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"whole-database", "per-table", "streaming"})
    void shouldMigrateTheObjectsSoThatAnIndependentComparisonFindsNoDifference(String strategy) {
        StrategyRuns.migrateIdentically(source, "scoped", strategy, (report, into) -> {
            assertThat(report.tables()).as("tables copied").isNotEmpty();
            assertThat(into.value("SELECT count(*) FROM scoped.sink"))
                    .as("the rows of a table with a DO INSTEAD NOTHING rule are copied before the rule exists")
                    .isEqualTo("20");
        }).close();
    }

    @Test
    void shouldReadEachObjectWithPostgresIdentityAndItsTable() {
        DatabaseModel model = DatabaseInspector.of(source.dataSource()).model();

        assertThat(object(model, "rule", "log_insert on scoped.events"))
                .satisfies(o -> assertThat(o.table()).isEqualTo(QualifiedName.of("scoped", "events")))
                .satisfies(o -> assertThat(o.section()).isEqualTo(CatalogObject.Section.POST_DATA))
                .satisfies(o -> assertThat(o.statements()).contains(
                        "COMMENT ON RULE \"log_insert\" ON \"scoped\".\"events\" IS 'every new event is logged'"));
        assertThat(object(model, "rule", "disabled_rule on scoped.events").statements())
                .contains("ALTER TABLE \"scoped\".\"events\" DISABLE RULE \"disabled_rule\"");
        assertThat(object(model, "rule", "recent_insert on scoped.recent").table())
                .as("a rule of a view belongs to the view").isEqualTo(QualifiedName.of("scoped", "recent"));
        assertThat(model.objects()).as("a view's _RETURN rule is the view")
                .noneMatch(o -> o.identity().startsWith("_RETURN"));
        assertThat(object(model, "policy", "\"limit \"\"level\"\"\" on scoped.documents").statements().get(0))
                .isEqualTo("CREATE POLICY \"limit \"\"level\"\"\" ON \"scoped\".\"documents\" AS RESTRICTIVE "
                        + "FOR UPDATE TO \"tsm_fixture_reader\", \"tsm fixture \"\"writer\"\"\" USING ((level < 5)) "
                        + "WITH CHECK ((level < 5))");
        assertThat(object(model, "row security", "scoped.documents").statements()).containsExactly(
                "ALTER TABLE \"scoped\".\"documents\" ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE ONLY \"scoped\".\"documents\" FORCE ROW LEVEL SECURITY");
        assertThat(object(model, "statistics object", "scoped.ab_deps"))
                .satisfies(o -> assertThat(o.statements()).contains(
                        "ALTER STATISTICS \"scoped\".\"ab_deps\" SET STATISTICS 500"))
                .satisfies(o -> assertThat(o.owner()).isNotNull())
                .satisfies(o -> assertThat(o.ownedObject()).isEqualTo("STATISTICS \"scoped\".\"ab_deps\""));
        assertThat(object(model, "table attributes", "scoped.measurements").statements()).containsExactly(
                "ALTER TABLE ONLY \"scoped\".\"measurements\" ALTER COLUMN \"a\" SET STATISTICS 300",
                "ALTER TABLE ONLY \"scoped\".\"measurements\" ALTER COLUMN \"b\" SET (n_distinct=5)",
                "ALTER TABLE ONLY \"scoped\".\"measurements\" ALTER COLUMN \"c\" SET STORAGE EXTERNAL",
                "ALTER TABLE ONLY \"scoped\".\"measurements\" ALTER COLUMN \"c\" SET COMPRESSION pglz",
                "ALTER TABLE ONLY \"scoped\".\"measurements\" ALTER COLUMN \"d\" SET STORAGE EXTENDED",
                "ALTER TABLE ONLY \"scoped\".\"measurements\" ALTER COLUMN \"d\" SET (n_distinct=-0.5, "
                        + "n_distinct_inherited=10)",
                "ALTER TABLE \"scoped\".\"measurements\" CLUSTER ON \"measurements_ab\"",
                "ALTER INDEX \"scoped\".\"measurements_expr\" ALTER COLUMN 1 SET STATISTICS 200");
        assertThat(object(model, "table attributes", "scoped.keyed").statements()).containsExactly(
                "ALTER TABLE ONLY \"scoped\".\"keyed\" REPLICA IDENTITY USING INDEX \"keyed_id\"");
        assertThat(model.unsupported()).as("rules and policies are supported now")
                .noneMatch(u -> u.startsWith("rule ") || u.startsWith("row-level security"));
    }

    @Test
    void shouldLeaveTheObjectsOfATableOutWithTheTable() {
        MigrationReport report = Migration.builder().source(source.dataSource()).target(someTarget.dataSource())
                .strategy("per-table").exclude("scoped.documents", "scoped.measurements").build().run();

        assertThat(report.tables()).extracting(t -> t.table().name()).doesNotContain("documents", "measurements");
        assertThat(someTarget.value("SELECT count(*) FROM pg_catalog.pg_policy")).as("policies").isEqualTo("0");
        assertThat(someTarget.value("SELECT count(*) FROM pg_catalog.pg_statistic_ext WHERE stxname = 'ab_deps'"))
                .as("statistics of the left-out table").isEqualTo("0");
        assertThat(someTarget.value("SELECT count(*) FROM pg_catalog.pg_rewrite WHERE rulename = 'log_insert'"))
                .as("the rules of a migrated table").isEqualTo("1");
    }

    private static CatalogObject object(DatabaseModel model, String type, String identity) {
        List<CatalogObject> found = model.objects().stream()
                .filter(o -> o.type().equals(type) && o.identity().equals(identity)).toList();
        assertThat(found).as(type + " " + identity + " among " + model.objects()).hasSize(1);
        return found.get(0);
    }
}
