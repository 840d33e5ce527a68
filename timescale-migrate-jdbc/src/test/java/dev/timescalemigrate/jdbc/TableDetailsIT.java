package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.DatabaseInspector;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.StrategyRuns;
import dev.timescalemigrate.testing.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Table details pg_dump carries ({@code table-details.sql}): typed tables, a user table access method, TOAST
 * storage parameters, unlogged sequences, a partition's trigger enabled otherwise than its parent's, comments on a
 * key's index and on domain constraints, and a partitioned index some sub-partition has none of; every strategy
 * migrates them so that pg_dump finds no difference.
 */
class TableDetailsIT {

    @Database(label = "details_src", fixture = "/fixtures/table-details.sql")
    private static TestDatabase source;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"whole-database", "per-table", "streaming"})
    void shouldMigrateTheDetailsSoThatAnIndependentComparisonFindsNoDifference(String strategy) {
        StrategyRuns.migrateIdentically(source, "details", strategy, (report, into) -> {
            assertThat(report.tables()).as("tables copied").isNotEmpty();
            assertThat(into.value("SELECT count(*) FROM pg_catalog.pg_index WHERE NOT indisvalid"))
                    .as("the partitioned indexes left invalid in the source").isEqualTo("2");
        }).close();
    }

    @Test
    void shouldReadTypedTablesAccessMethodsAndToastOptions() {
        DatabaseModel model = DatabaseInspector.of(source.dataSource()).model();

        Table persons = model.table(QualifiedName.of("details", "persons")).orElseThrow();
        assertThat(persons.ofType()).isEqualTo(QualifiedName.of("details", "person"));
        assertThat(persons.accessMethod()).as("heap, the default").isNull();
        assertThat(model.table(QualifiedName.of("details", "other_am")).orElseThrow().accessMethod())
                .isEqualTo("details_heap2");
        assertThat(model.table(QualifiedName.of("details", "toasted")).orElseThrow().options())
                .containsExactly("fillfactor=40", "toast.autovacuum_vacuum_cost_delay=23",
                        "toast.autovacuum_enabled=false");
        assertThat(model.sequences()).filteredOn(s -> s.name().name().equals("unlogged_seq"))
                .singleElement().satisfies(s -> assertThat(s.options().unlogged()).isTrue());
    }
}
