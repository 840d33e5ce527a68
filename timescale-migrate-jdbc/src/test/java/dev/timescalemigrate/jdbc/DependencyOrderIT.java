package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.DatabaseInspector;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.ObjectRef;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.StrategyRuns;
import dev.timescalemigrate.testing.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DDL is ordered by the source's dependency records, across kinds, and the cycles pg_dump breaks are broken the
 * same way: the database of {@code dependency-cycles.sql} cannot be created in kind order at all.
 */
class DependencyOrderIT {

    @Database(label = "deps_src", fixture = "/fixtures/dependency-cycles.sql")
    private static TestDatabase source;
    @Database(label = "deps_dst")
    private static TestDatabase target;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"whole-database", "per-table", "streaming"})
    void shouldMigrateTheDatabaseSoThatAnIndependentComparisonFindsNoDifference(String strategy) {
        StrategyRuns.migrateIdentically(source, "deps", strategy, (report, into) -> {
            assertThat(report.tables()).as("tables copied").isNotEmpty();
        }).close();
    }

    @Test
    void shouldReadDependenciesAcrossKindsResolvedToTheObjectsDdlCreates() {
        DatabaseModel model = DatabaseInspector.of(source.dataSource()).model();

        QualifiedName counter = QualifiedName.of("deps", "counter");
        assertThat(model.dependenciesOf(ObjectRef.domainConstraint(QualifiedName.of("deps", "even_int"), "even")))
                .as("a domain constraint depends on the function it calls")
                .contains(ObjectRef.routine("\"deps\".\"is_even\"(integer)"));
        assertThat(model.dependenciesOf(ObjectRef.columnDefault(counter, "n")))
                .as("a column default depends on the function it calls")
                .contains(ObjectRef.routine("\"deps\".\"next_n\"()"));
        assertThat(model.dependenciesOf(ObjectRef.routine("\"deps\".\"next_n\"()")))
                .as("a function with an SQL-standard body depends on the table it reads (the column, resolved "
                        + "to its table)")
                .contains(ObjectRef.table(counter));
        assertThat(model.dependenciesOf(ObjectRef.routine("\"deps\".\"total\"(i deps.item)")))
                .as("a table's row type is the table").contains(ObjectRef.table(QualifiedName.of("deps", "item")));
        assertThat(model.dependenciesOf(ObjectRef.table(QualifiedName.of("deps", "pairs"))))
                .as("a column of a composite type").contains(ObjectRef.type(QualifiedName.of("deps", "pair")));
        assertThat(model.dependenciesOf(ObjectRef.view(QualifiedName.of("deps", "item_totals"))))
                .as("a view's rule is the view")
                .contains(ObjectRef.routine("\"deps\".\"total\"(i deps.item)"),
                        ObjectRef.table(QualifiedName.of("deps", "item")));
        assertThat(model.dependenciesOf(ObjectRef.table(counter))).as("every object depends on its schema")
                .contains(ObjectRef.schema("deps"));
    }

    @Test
    void shouldCreateEveryObjectInDependencyOrderBreakingCyclesThroughSeparateParts() {
        DatabaseModel original = DatabaseInspector.of(source.dataSource()).model();
        DatabaseInspector targetInspector = DatabaseInspector.of(target.dataSource());
        List<DdlStatement> ddl = targetInspector.ddl(original);
        List<String> sql = ddl.stream().map(DdlStatement::sql).toList();

        assertThat(indexOf(sql, "CREATE OR REPLACE FUNCTION deps.is_even"))
                .as("the function a domain's CHECK calls comes before the domain")
                .isLessThan(indexOf(sql, "CREATE DOMAIN \"deps\".\"even_int\""));
        assertThat(sql).as("a NOT VALID domain constraint is added afterwards")
                .contains("ALTER DOMAIN \"deps\".\"short_text\" ADD CONSTRAINT \"short\" CHECK "
                        + "((length(VALUE) < 10)) NOT VALID");
        assertThat(sql).as("the column default in a cycle is set after the function it calls")
                .contains("ALTER TABLE ONLY \"deps\".\"counter\" ALTER COLUMN \"n\" SET DEFAULT deps.next_n()");
        assertThat(indexOf(sql, "ALTER TABLE ONLY \"deps\".\"counter\" ALTER COLUMN \"n\""))
                .isGreaterThan(indexOf(sql, "CREATE OR REPLACE FUNCTION deps.next_n"));
        assertThat(sql).as("the CHECK constraint in a cycle is added after the function it calls")
                .anyMatch(s -> s.startsWith("ALTER TABLE \"deps\".\"capped\" ADD CONSTRAINT \"below_cap\""));
        assertThat(indexOf(sql, "CREATE TABLE \"deps\".\"snapshot\""))
                .as("a table whose default reads a view through a function comes after both")
                .isGreaterThan(indexOf(sql, "CREATE VIEW \"deps\".\"item_totals\""));

        DdlApplier.apply(target, ddl);
        DatabaseModel recreated = targetInspector.model();

        assertThat(recreated.types()).as("types").isEqualTo(original.types());
        assertThat(recreated.routines()).as("routines").isEqualTo(original.routines());
        assertThat(recreated.tables()).as("tables").isEqualTo(original.tables());
        assertThat(recreated.views()).as("views").isEqualTo(original.views());
        assertThat(recreated.dependencies()).as("the dependency graph").isEqualTo(original.dependencies());
        assertThat(recreated).as("the whole model").isEqualTo(original);
    }

    private static int indexOf(List<String> statements, String prefix) {
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no statement starts with " + prefix + " in\n" + String.join(";\n", statements));
    }
}
