package dev.timescalemigrate.internal.strategy;

import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.Constraint;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Dimension;
import dev.timescalemigrate.model.Hypertable;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The backfill's pure parts: waves by foreign keys, job configurations across servers, table comparison. */
class BackfillStrategyTest {

    private static final QualifiedName A = QualifiedName.of("s", "a");
    private static final QualifiedName B = QualifiedName.of("s", "b");
    private static final QualifiedName C = QualifiedName.of("s", "c");
    private static final QualifiedName D = QualifiedName.of("s", "d");

    private static Constraint fk(QualifiedName to) {
        return Constraint.builder("fk_" + to.name(), Constraint.Type.FOREIGN_KEY).columns(List.of("x"))
                .referencedTable(to).referencedColumns(List.of("id")).build();
    }

    @Test
    void shouldFillReferencedTablesFirst() {
        DatabaseModel model = DatabaseModel.builder().tables(List.of(
                Table.builder(C).constraints(List.of(fk(B), fk(A))).build(),
                Table.builder(B).constraints(List.of(fk(A), fk(B))).build(),
                Table.builder(A).build(),
                Table.builder(D).constraints(List.of(fk(QualifiedName.of("other", "t")))).build())).build();

        assertThat(BackfillStrategy.levels(model)).as("self references and tables left out count for nothing")
                .isEqualTo(Map.of(A, 0, B, 1, C, 2, D, 0));
    }

    @Test
    void shouldPutACycleInBoundedWaves() {
        DatabaseModel model = DatabaseModel.builder().tables(List.of(
                Table.builder(A).constraints(List.of(fk(B))).build(),
                Table.builder(B).constraints(List.of(fk(A))).build())).build();

        // the waves grow until the bound (the number of tables), then stop: both tables end in a wave, none loops
        Map<QualifiedName, Integer> levels = BackfillStrategy.levels(model);
        assertThat(levels).containsOnlyKeys(A, B);
        assertThat(levels.values()).allSatisfy(l -> assertThat(l).isBetween(1, 2)).contains(2);
    }

    @Test
    void shouldMatchTimescalesPoliciesAcrossItsInternalSchemas() {
        assertThat(BackfillStrategy.sameProcedure(QualifiedName.of("_timescaledb_internal", "policy_compression"),
                QualifiedName.of("_timescaledb_functions", "policy_compression"))).isTrue();
        assertThat(BackfillStrategy.sameProcedure(QualifiedName.of("app", "note_job"),
                QualifiedName.of("other", "note_job"))).isFalse();
        assertThat(BackfillStrategy.sameProcedure(QualifiedName.of("_timescaledb_functions", "policy_retention"),
                QualifiedName.of("_timescaledb_functions", "policy_compression"))).isFalse();
    }

    @Test
    void shouldFindTheKeyAnInsertCanConflictOn() {
        Table t = Table.builder(A).constraints(List.of(Constraint.builder("a_pkey", Constraint.Type.PRIMARY_KEY)
                .columns(List.of("x", "y")).build(), Constraint.builder("a_z", Constraint.Type.UNIQUE)
                .columns(List.of("z")).build())).build();

        assertThat(BackfillStrategy.hasKey(t, List.of("y", "x"))).isTrue();
        assertThat(BackfillStrategy.hasKey(t, List.of("z"))).isTrue();
        assertThat(BackfillStrategy.hasKey(t, List.of("x"))).isFalse();
    }

    @Test
    void shouldCompareJobConfigurationsWithoutServerIds() {
        assertThat(BackfillStrategy.normalized("{\"hypertable_id\": 7, \"compress_after\": \"7 days\"}"))
                .isEqualTo(BackfillStrategy.normalized("{\"hypertable_id\": 12, \"compress_after\": \"7 days\"}"))
                .isEqualTo("{\"compress_after\": \"7 days\"}");
        assertThat(BackfillStrategy.normalized("{\"end_offset\": \"01:00:00\", \"mat_hypertable_id\": 3}"))
                .isEqualTo("{\"end_offset\": \"01:00:00\"}");
        assertThat(BackfillStrategy.normalized(null)).isEmpty();
    }

    @Test
    void shouldNameEveryDifferenceOfATable() {
        Table source = Table.builder(A).columns(List.of(Column.builder("id", "integer").build(),
                        Column.builder("v", "text").build(), Column.builder("gone", "date").build()))
                .constraints(List.of(Constraint.builder("a_pkey", Constraint.Type.PRIMARY_KEY).columns(List.of("id"))
                        .build())).build();
        Table target = Table.builder(A).columns(List.of(Column.builder("id", "integer").build(),
                Column.builder("v", "character varying(10)").build(), Column.builder("extra", "bigint").build())).build();

        assertThat(BackfillStrategy.differences(source, target)).singleElement().asString()
                .contains("column \"v\" is character varying(10), not text")
                .contains("column \"gone\" date is missing")
                .contains("column \"extra\" bigint is not on the source")
                .contains("the primary key is missing, on the source (id)");
        assertThat(BackfillStrategy.differences(source, source)).isEmpty();
    }

    @Test
    void shouldNameEveryDifferenceOfAHypertable() {
        Hypertable wanted = new Hypertable(A, List.of(Dimension.builder("ts", "timestamp with time zone",
                Dimension.Kind.TIME).timeInterval("1 day").build()), null);
        Hypertable present = new Hypertable(A, List.of(Dimension.builder("ts", "timestamp with time zone",
                Dimension.Kind.TIME).timeInterval("7 days").build(), Dimension.builder("host", "integer",
                Dimension.Kind.SPACE).numPartitions(2).build()), null);

        assertThat(BackfillStrategy.dimensionDifferences(A, wanted, present, true)).singleElement().asString()
                .contains("has chunks of 7 days, not 1 day").contains("dimension 2 is on the target only (host)");
        assertThat(BackfillStrategy.dimensionDifferences(A, wanted, present, false)).singleElement().asString()
                .doesNotContain("chunks of");
        assertThat(BackfillStrategy.dimensionDifferences(A, wanted, wanted, true)).isEmpty();
    }
}
