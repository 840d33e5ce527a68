package dev.timescalemigrate.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The builders of the model classes: required arguments, defaults, defensive copies and value equality. */
class ModelBuildersTest {

    private static final QualifiedName T = QualifiedName.of("app", "t");

    private static Table fullTable() {
        return Table.builder(T).kind(Table.Kind.PARTITIONED).unlogged(true)
                .columns(List.of(Column.builder("ts", "timestamp with time zone").notNull(true).defaultValue("now()")
                        .collation("\"C\"").comment("time").build()))
                .constraints(List.of(Constraint.builder("t_pkey", Constraint.Type.PRIMARY_KEY)
                        .definition("PRIMARY KEY (ts)").columns(List.of("ts")).build()))
                .indexes(List.of(Index.builder("t_ts").keys(List.of("ts")).definition("CREATE INDEX t_ts ...").build()))
                .triggers(List.of(new Trigger("t_trg", "CREATE TRIGGER ...", Trigger.Enabled.ORIGIN, null)))
                .partitionKey("RANGE (ts)").options(List.of("fillfactor=70")).comment("a table").build();
    }

    @Test
    void shouldRefuseMissingIdentityArguments() {
        assertThatNullPointerException().isThrownBy(() -> Table.builder(null)).withMessage("name");
        assertThatNullPointerException().isThrownBy(() -> Column.builder("c", null)).withMessage("type");
        assertThatNullPointerException().isThrownBy(() -> Constraint.builder("c", null)).withMessage("type");
        assertThatNullPointerException().isThrownBy(() -> Index.builder(null)).withMessage("name");
        assertThatNullPointerException().isThrownBy(() -> View.builder(null)).withMessage("name");
        assertThatNullPointerException().isThrownBy(() -> ContinuousAggregate.builder(null)).withMessage("view");
        assertThatNullPointerException().isThrownBy(() -> Job.builder(1000, null)).withMessage("procedure");
        assertThatNullPointerException().isThrownBy(() -> Chunk.builder(T, null)).withMessage("chunk");
        assertThatNullPointerException().isThrownBy(() -> Dimension.builder("ts", "date", null)).withMessage("kind");
        assertThatNullPointerException().isThrownBy(() -> UserType.RangeType.builder(T, null))
                .withMessage("subtype");
        assertThatNullPointerException().isThrownBy(() -> UserType.DomainType.builder(null, "int"))
                .withMessage("name");
        assertThatNullPointerException().as("a required field cannot be unset later either")
                .isThrownBy(() -> Table.builder(T).name(null)).withMessage("name");
        assertThatNullPointerException().as("a model always has its TimescaleDB part")
                .isThrownBy(() -> DatabaseModel.builder().timescale(null)).withMessage("timescale");
    }

    @Test
    void shouldRefuseNullListsAndNullElements() {
        assertThatNullPointerException().isThrownBy(() -> Table.builder(T).columns(null));
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatNullPointerException().isThrownBy(() -> Index.builder("i").keys(withNull));
    }

    @Test
    void shouldStartFromTheDocumentedDefaults() {
        Table table = Table.builder(T).build();
        assertThat(table.kind()).as("kind").isEqualTo(Table.Kind.ORDINARY);
        assertThat(table.unlogged()).as("unlogged").isFalse();
        assertThat(table.columns()).as("columns").isEmpty();
        assertThat(table.constraints()).as("constraints").isEmpty();
        assertThat(table.options()).as("options").isEmpty();
        assertThat(table.partitionOf()).as("partitionOf").isNull();
        assertThat(table.comment()).as("comment").isNull();

        Constraint check = Constraint.builder("positive", Constraint.Type.CHECK).build();
        assertThat(check.validated()).as("validated").isTrue();
        assertThat(check.deferrable()).as("deferrable").isFalse();
        assertThat(check.columns()).as("columns").isEmpty();

        assertThat(Index.builder("i").build().method()).as("index method").isEqualTo("btree");
        assertThat(Column.builder("c", "text").build().notNull()).as("column nullable").isFalse();

        Job job = Job.builder(1000, QualifiedName.of("public", "p")).build();
        assertThat(job.scheduled()).as("job scheduled").isTrue();
        assertThat(job.maxRetries()).as("job retries unlimited").isEqualTo(-1);
        assertThat(job.fixedSchedule()).as("fixed schedule unknown").isNull();

        ContinuousAggregate aggregate = ContinuousAggregate.builder(T).build();
        assertThat(aggregate.finalized()).as("aggregate finalized").isTrue();
        assertThat(aggregate.indexes()).as("aggregate indexes").isEmpty();
        assertThat(UserType.DomainType.builder(T, "int").build().checks()).as("domain checks").isEmpty();
        assertThat(DatabaseModel.builder().build().timescale()).as("model timescale").isEqualTo(TimescaleModel.NONE);
        assertThat(ServerInfo.builder().build().hasTimescale()).as("no TimescaleDB").isFalse();

        SequenceOptions options = SequenceOptions.builder().build();
        assertThat(List.of(options.dataType(), options.start(), options.increment(), options.minValue(),
                options.maxValue(), options.cache(), options.cycle())).as("CREATE SEQUENCE defaults")
                .containsExactly("bigint", 1L, 1L, 1L, Long.MAX_VALUE, 1L, false);
    }

    @Test
    void shouldCopyListsSoThatLaterChangesDoNotLeakIn() {
        List<Column> columns = new ArrayList<>(List.of(Column.builder("a", "int").build()));
        Table.Builder builder = Table.builder(T).columns(columns);
        columns.add(Column.builder("b", "int").build());
        Table table = builder.build();

        assertThat(table.columns()).extracting(Column::name).containsExactly("a");

        List<Index> indexes = new ArrayList<>(List.of(Index.builder("i").build()));
        ContinuousAggregate aggregate = ContinuousAggregate.builder(T).indexes(indexes).build();
        indexes.clear();
        assertThat(aggregate.indexes()).extracting(Index::name).containsExactly("i");
        assertThatThrownBy(() -> table.columns().add(Column.builder("c", "int").build()))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldCompareByEveryField() {
        Table table = fullTable();

        assertThat(fullTable()).as("equal fields").isEqualTo(table).hasSameHashCodeAs(table);
        assertThat(table.toBuilder().build()).as("toBuilder keeps every field").isEqualTo(table);
        assertThat(table.toBuilder().comment("another").build()).as("one field differs").isNotEqualTo(table);
        assertThat(table.toBuilder().unlogged(false).build()).as("a boolean differs").isNotEqualTo(table);

        Job job = Job.builder(1000, QualifiedName.of("public", "p")).hypertable(T).scheduleInterval("1 day")
                .maxRuntime("00:00:00").maxRetries(3).retryPeriod("00:05:00").scheduled(false).fixedSchedule(true)
                .config("{}").build();
        assertThat(job.toBuilder().build()).isEqualTo(job).hasSameHashCodeAs(job);
        assertThat(job.toBuilder().maxRetries(4).build()).isNotEqualTo(job);

        Dimension space = Dimension.builder("device", "integer", Dimension.Kind.SPACE).numPartitions(4).build();
        assertThat(space.toBuilder().build()).isEqualTo(space);
        assertThat(space.toBuilder().numPartitions(8).build()).isNotEqualTo(space);

        UserType.RangeType range = UserType.RangeType.builder(T, "double precision").subtypeDiffFunction("float8mi")
                .multirangeName(QualifiedName.of("app", "tm")).comment("r").build();
        assertThat(range.toBuilder().build()).isEqualTo(range);
        assertThat(range.toBuilder().comment(null).build()).isNotEqualTo(range);
    }

    @Test
    void shouldPrintTheFieldsAsRecordsDo() {
        assertThat(Index.builder("t_ts").keys(List.of("ts")).definition("CREATE INDEX t_ts").build())
                .hasToString("Index[name=t_ts, unique=false, method=btree, keys=[ts], included=[], predicate=null, "
                        + "definition=CREATE INDEX t_ts, comment=null]");
        assertThat(Chunk.builder(T, QualifiedName.of("_timescaledb_internal", "_hyper_1_1_chunk"))
                .rangeStartInteger(0L).rangeEndInteger(10L).compressed(true).build())
                .hasToString("Chunk[hypertable=\"app\".\"t\", chunk=\"_timescaledb_internal\".\"_hyper_1_1_chunk\", "
                        + "rangeStart=null, rangeEnd=null, rangeStartInteger=0, rangeEndInteger=10, compressed=true]");
    }
}
