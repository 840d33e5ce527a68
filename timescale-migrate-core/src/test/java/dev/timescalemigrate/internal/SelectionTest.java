package dev.timescalemigrate.internal;

import dev.timescalemigrate.model.CatalogObject;
import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.Constraint;
import dev.timescalemigrate.model.ContinuousAggregate;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Job;
import dev.timescalemigrate.model.ObjectRef;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Routine;
import dev.timescalemigrate.model.Schema;
import dev.timescalemigrate.model.Sequence;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.model.TimescaleModel;
import dev.timescalemigrate.model.View;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The selection on a model alone, no database: which tables the patterns choose, and the model reduced to them. */
class SelectionTest {

    private static final QualifiedName ORDERS = QualifiedName.of("shop", "orders");
    private static final QualifiedName ITEMS = QualifiedName.of("shop", "items");
    private static final QualifiedName LOG = QualifiedName.of("audit", "log");
    private static final QualifiedName LOG_2024 = QualifiedName.of("audit", "log_2024");
    private static final QualifiedName ORDER_IDS = QualifiedName.of("shop", "orders_id_seq");

    private static DatabaseModel source() {
        Table orders = Table.builder(ORDERS).columns(List.of(Column.builder("id", "bigint").notNull(true)
                .defaultValue("nextval('shop.orders_id_seq'::regclass)").build())).build();
        Table items = Table.builder(ITEMS).columns(List.of(Column.builder("order_id", "bigint").build()))
                .constraints(List.of(Constraint.builder("items_order_fk", Constraint.Type.FOREIGN_KEY)
                        .columns(List.of("order_id")).referencedTable(ORDERS).referencedColumns(List.of("id"))
                        .build())).build();
        Table log = Table.builder(LOG).kind(Table.Kind.PARTITIONED).build();
        Table log2024 = Table.builder(LOG_2024).partitionOf(new Table.PartitionOf(LOG, "FOR VALUES ...")).build();
        return DatabaseModel.builder()
                .schemas(List.of(new Schema("shop", null), new Schema("audit", null)))
                .sequences(List.of(new Sequence(ORDER_IDS, null, null, null, null)))
                .tables(List.of(orders, items, log, log2024))
                .views(List.of(View.builder(QualifiedName.of("shop", "order_items")).dependsOn(List.of(ORDERS, ITEMS))
                        .build(), View.builder(QualifiedName.of("audit", "recent")).dependsOn(List.of(LOG)).build()))
                .build();
    }

    private static List<TablePattern> patterns(String... p) {
        return java.util.Arrays.stream(p).map(TablePattern::parse).toList();
    }

    @Test
    void shouldSelectEveryTableWithoutPatterns() {
        Selection.Tables t = Selection.tables(source(), List.of(), List.of());

        assertThat(t.names()).containsExactly(ORDERS, ITEMS, LOG, LOG_2024);
        assertThat(t.problems()).isEmpty();
    }

    @Test
    void shouldLetPartitionsFollowTheirParentAndNameWhatMatchesNothing() {
        Selection.Tables t = Selection.tables(source(), patterns("audit.log", "nosuch.*"), patterns("shop.gone"));

        assertThat(t.names()).containsExactly(LOG, LOG_2024);
        assertThat(t.problems()).singleElement().asString().contains("include pattern 'nosuch.*' matches no table");
        assertThat(t.warnings()).singleElement().asString().contains("exclude pattern 'shop.gone'");
    }

    @Test
    void shouldRefuseAPartitionWithoutItsParentAndAParentWithoutAPartition() {
        assertThat(Selection.tables(source(), patterns("audit.log_2024"), List.of()).problems())
                .singleElement().asString().contains("is selected but its parent");
        assertThat(Selection.tables(source(), List.of(), patterns("audit.log_2024")).problems())
                .singleElement().asString().contains("is excluded, but a partitioned table is migrated with all");
        assertThat(Selection.tables(source(), List.of(), patterns("*.*")).problems())
                .singleElement().asString().startsWith("No table selected");
    }

    @Test
    void shouldReduceTheModelToWhatTheSelectedTablesNeed() {
        DatabaseModel source = source();
        Selection.Tables t = Selection.tables(source, patterns("shop.items"), List.of());

        Selection.Reduced reduced = Selection.reduce(source, t.names(),
                source.tables().stream().filter(x -> t.names().contains(x.name())).toList(), List.of(),
                TimescaleModel.NONE, true);

        assertThat(reduced.model().tables()).extracting(Table::name).containsExactly(ITEMS);
        assertThat(reduced.model().tables().get(0).constraints()).as("the foreign key to a table left out").isEmpty();
        assertThat(reduced.model().sequences()).as("used by no selected table").isEmpty();
        assertThat(reduced.model().views()).as("a view over a table left out").isEmpty();
        assertThat(reduced.model().schemas()).extracting(Schema::name).containsExactly("shop");
        assertThat(reduced.warnings()).anySatisfy(w -> assertThat(w).contains("Foreign key items_order_fk"))
                .anySatisfy(w -> assertThat(w).contains("Views left out").contains("\"shop\".\"order_items\""));
    }

    @Test
    void shouldKeepTheSequenceATableUsesAndTheViewsOverSelectedTables() {
        DatabaseModel source = source();
        Selection.Tables t = Selection.tables(source, patterns("shop.*"), List.of());

        Selection.Reduced reduced = Selection.reduce(source, t.names(),
                source.tables().stream().filter(x -> t.names().contains(x.name())).toList(), List.of(),
                TimescaleModel.NONE, true);

        assertThat(reduced.model().sequences()).extracting(Sequence::name).containsExactly(ORDER_IDS);
        assertThat(reduced.model().tables().get(1).constraints()).hasSize(1);
        assertThat(reduced.model().views()).extracting(View::name)
                .containsExactly(QualifiedName.of("shop", "order_items"));
    }

    @Test
    void shouldLeaveOutWhatDependsOnATableLeftOutAndRefuseASelectedTableThatNeedsIt() {
        Routine total = new Routine(QualifiedName.of("shop", "total"), Routine.Kind.FUNCTION, "o shop.orders",
                "CREATE FUNCTION ...", null);
        Routine viaTotal = new Routine(QualifiedName.of("shop", "via_total"), Routine.Kind.FUNCTION, "",
                "CREATE FUNCTION ...", null);
        CatalogObject agg = CatalogObject.builder("aggregate", "shop.sum_total(shop.orders)")
                .statements(List.of("CREATE AGGREGATE ...")).build();
        ObjectRef totalRef = ObjectRef.routine(total.signature());
        DatabaseModel source = source().toBuilder().routines(List.of(total, viaTotal)).objects(List.of(agg))
                .dependencies(Map.of(totalRef, Set.of(ObjectRef.table(ORDERS)),
                        ObjectRef.routine(viaTotal.signature()), Set.of(totalRef),
                        agg.ref(), Set.of(totalRef))).build();
        Selection.Tables t = Selection.tables(source, patterns("shop.items"), List.of());

        Selection.Reduced reduced = Selection.reduce(source, t.names(),
                source.tables().stream().filter(x -> t.names().contains(x.name())).toList(), List.of(),
                TimescaleModel.NONE, true);

        assertThat(reduced.model().routines()).as("a function taking a left-out table's row type, and one on it")
                .isEmpty();
        assertThat(reduced.model().objects()).as("an aggregate over it").isEmpty();
        assertThat(reduced.warnings()).anySatisfy(w -> assertThat(w).startsWith("Left out because they depend on")
                .contains("function \"shop\".\"total\"(o shop.orders)").contains("\"shop\".\"via_total\"()")
                .contains("aggregate shop.sum_total(shop.orders)"));
        assertThat(reduced.problems()).isEmpty();

        ObjectRef itemsCheck = ObjectRef.tableConstraint(ITEMS, "positive");
        DatabaseModel needing = source.toBuilder().tables(source.tables().stream().map(x -> x.name().equals(ITEMS)
                        ? x.toBuilder().constraints(List.of(Constraint.builder("positive", Constraint.Type.CHECK)
                        .definition("CHECK (shop.via_total() > 0)").build())).build() : x).toList())
                .dependencies(Map.of(totalRef, Set.of(ObjectRef.table(ORDERS)),
                        ObjectRef.routine(viaTotal.signature()), Set.of(totalRef),
                        itemsCheck, Set.of(ObjectRef.routine(viaTotal.signature())))).build();
        Selection.Reduced refused = Selection.reduce(needing, t.names(),
                needing.tables().stream().filter(x -> t.names().contains(x.name())).toList(), List.of(),
                TimescaleModel.NONE, true);

        assertThat(refused.problems()).singleElement().asString().startsWith("Table \"shop\".\"items\" needs routine "
                + "\"shop\".\"via_total\"()").contains("include what it needs");
    }

    @Test
    void shouldKeepTheSequenceACatalogObjectUsesWhenNoSelectedTableUsesIt() {
        CatalogObject remote = CatalogObject.builder("foreign table", "audit.remote")
                .statements(List.of("CREATE FOREIGN TABLE ...")).build();
        DatabaseModel source = source().toBuilder().objects(List.of(remote))
                .dependencies(Map.of(remote.ref(), Set.of(ObjectRef.sequence(ORDER_IDS)))).build();
        Selection.Tables t = Selection.tables(source, patterns("audit.*"), List.of());

        Selection.Reduced reduced = Selection.reduce(source, t.names(),
                source.tables().stream().filter(x -> t.names().contains(x.name())).toList(), List.of(),
                TimescaleModel.NONE, true);

        assertThat(reduced.model().objects()).containsExactly(remote);
        assertThat(reduced.model().sequences()).extracting(Sequence::name).containsExactly(ORDER_IDS);
        assertThat(reduced.model().schemas()).extracting(Schema::name).contains("shop");
    }

    @Test
    void shouldChooseTheAggregatesAndJobsOfTheSelectedHypertablesOnlyWhenTheStrategyCarriesThem() {
        QualifiedName metrics = QualifiedName.of("ts", "metrics");
        QualifiedName other = QualifiedName.of("ts", "other");
        QualifiedName hourly = QualifiedName.of("ts", "hourly");
        QualifiedName mat = QualifiedName.of("_timescaledb_internal", "_materialized_hypertable_2");
        QualifiedName proc = QualifiedName.of("_timescaledb_functions", "policy_retention");
        DatabaseModel source = DatabaseModel.builder()
                .tables(List.of(Table.builder(metrics).build(), Table.builder(other).build()))
                .timescale(new TimescaleModel(List.of(), List.of(ContinuousAggregate.builder(hourly).hypertable(metrics)
                        .materializationHypertable(mat).definition("SELECT 1").build()), List.of(
                        Job.builder(1000, proc).hypertable(metrics).build(),
                        Job.builder(1001, proc).hypertable(other).build(),
                        Job.builder(1002, QualifiedName.of("public", "my_job")).build())))
                .build();

        Selection.Timescale carried = Selection.timescaleObjects(source, java.util.Set.of(metrics), false, true,
                "whole-database");
        assertThat(carried.aggregates()).extracting(ContinuousAggregate::view).containsExactly(hourly);
        assertThat(carried.jobs()).extracting(Job::id).as("the job of the selected hypertable; none of a table left "
                + "out; a user job only when nothing is filtered").containsExactly(1000);
        assertThat(carried.warnings()).anySatisfy(w -> assertThat(w).contains("job 1001"));

        Selection.Timescale all = Selection.timescaleObjects(source, java.util.Set.of(metrics, other), true, true,
                "whole-database");
        assertThat(all.jobs()).extracting(Job::id).containsExactly(1000, 1001, 1002);

        Selection.Timescale notCarried = Selection.timescaleObjects(source, java.util.Set.of(metrics, other), true,
                false, "per-table");
        assertThat(notCarried.aggregates()).isEmpty();
        assertThat(notCarried.jobs()).isEmpty();
        assertThat(notCarried.warnings()).anySatisfy(w -> assertThat(w).contains("not migrated by the per-table"))
                .hasSize(2);
    }
}
