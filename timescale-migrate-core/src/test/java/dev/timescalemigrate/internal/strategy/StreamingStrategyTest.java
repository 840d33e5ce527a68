package dev.timescalemigrate.internal.strategy;

import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.CompressionSettings;
import dev.timescalemigrate.model.Dimension;
import dev.timescalemigrate.model.Hypertable;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.spi.CopyUnit;
import dev.timescalemigrate.spi.DdlStatement;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the streaming strategy puts a compressed hypertable's keys, and how it asks for direct compression. */
class StreamingStrategyTest {

    private static final QualifiedName T = QualifiedName.of("app", "metrics");
    private static final DdlStatement KEY = new DdlStatement(DdlStatement.Phase.POST_DATA, DdlStatement.Kind.KEY, T,
            "constraint metrics_pkey", "ALTER TABLE \"app\".\"metrics\" ADD CONSTRAINT metrics_pkey PRIMARY KEY (ts)");
    private static final DdlStatement INDEX = new DdlStatement(DdlStatement.Phase.POST_DATA, DdlStatement.Kind.INDEX,
            T, "index metrics_ts", "CREATE UNIQUE INDEX metrics_ts ON app.metrics (ts)");
    private static final DdlStatement TRIGGER = new DdlStatement(DdlStatement.Phase.POST_DATA,
            DdlStatement.Kind.TRIGGER, T, "trigger t", "CREATE TRIGGER t ...");

    private static List<Inference.Layout> compressed() {
        Table table = Table.builder(T).columns(List.of(Column.builder("ts", "bigint").notNull(true).build())).build();
        Hypertable hypertable = new Hypertable(T, List.of(Dimension.builder("ts", "bigint", Dimension.Kind.TIME)
                .integerInterval(10L).build()), new CompressionSettings(List.of(), List.of()));
        return List.of(new Inference.Layout(table, hypertable, 10, null, "", List.of()));
    }

    @Test
    void shouldCreateKeysBeforeTheDataOnlyWhenChunksAreCompressedAfterTheirCopy() {
        assertThat(StreamingStrategy.beforeData(compressed(), Set.of(), Set.of(), KEY)).as("compressed after the copy")
                .isTrue();
        assertThat(StreamingStrategy.beforeData(compressed(), Set.of(), Set.of(), INDEX)).isTrue();
        assertThat(StreamingStrategy.beforeData(compressed(), Set.of(), Set.of(), TRIGGER)).as("not a key").isFalse();
        assertThat(StreamingStrategy.beforeData(compressed(), Set.of(T), Set.of(), KEY))
                .as("written compressed by COPY: a unique index would turn that off").isFalse();
        assertThat(StreamingStrategy.beforeData(compressed(), Set.of(T), Set.of(), INDEX)).isFalse();
        assertThat(StreamingStrategy.beforeData(compressed(), Set.of(), Set.of(T), KEY))
                .as("compressed after its post-data statements: keys built after the data").isFalse();
    }

    @Test
    void shouldSizeTimescaleSortOfADirectCopyToTheUnit() {
        CopyUnit small = new CopyUnit(T, T.quoted() + "#0001", null, 1_000, 100_000);
        CopyUnit large = new CopyUnit(T, T.quoted() + "#0002", null, 3_000_000, 300_000_000);
        CopyUnit huge = new CopyUnit(T, T.quoted() + "#0003", null, 900_000_000, Long.MAX_VALUE / 2);
        assertThat(StreamingStrategy.directSettings(small)).containsEntry("timescaledb.enable_direct_compress_copy",
                "on").containsEntry("timescaledb.direct_compress_copy_tuple_sort_limit", "100000");
        assertThat(StreamingStrategy.directSettings(large))
                .containsEntry("timescaledb.direct_compress_copy_tuple_sort_limit", "6000000");
        assertThat(StreamingStrategy.directSettings(huge)).as("capped")
                .containsEntry("timescaledb.direct_compress_copy_tuple_sort_limit", "50000000");
    }

    private static Inference.Layout layout(String interval, List<String> segmentBy,
                                           List<CompressionSettings.OrderBy> orderBy, Column... more) {
        List<Column> columns = new java.util.ArrayList<>(List.of(
                Column.builder("ts", "timestamp with time zone").notNull(true).build(),
                Column.builder("device", "integer").build(),
                Column.builder("host", "text").build(),
                Column.builder("v", "double precision").build()));
        columns.addAll(List.of(more));
        Table table = Table.builder(T).columns(columns).build();
        Hypertable hypertable = new Hypertable(T, List.of(Dimension.builder("ts", "timestamp with time zone",
                Dimension.Kind.TIME).timeInterval(interval).build()), new CompressionSettings(segmentBy, orderBy));
        return new Inference.Layout(table, hypertable, 86_400_000_000L, null, "", List.of());
    }

    private static final CompressionSettings.OrderBy TS_DESC = new CompressionSettings.OrderBy("ts", true, true);

    @Test
    void shouldSortTheSourceAsCompressionDoesOnlyWhereTheTargetWouldSortAlike() {
        assertThat(StreamingStrategy.sourceOrder(layout("1 day", List.of("device", "host"), List.of(TS_DESC,
                new CompressionSettings.OrderBy("v", false, false)))))
                .as("segmentby ascending, NULLs last, then the orderby as set")
                .containsExactly(new CompressionSettings.OrderBy("device", false, false),
                        new CompressionSettings.OrderBy("host", false, false), TS_DESC,
                        new CompressionSettings.OrderBy("v", false, false));
        assertThat(StreamingStrategy.sourceOrder(layout("7 days", List.of(), List.of(TS_DESC))))
                .containsExactly(TS_DESC);

        assertThat(StreamingStrategy.sourceOrder(layout("1 mon", List.of("device"), List.of(TS_DESC))))
                .as("months vary in length: slices and chunks may not line up").isEmpty();
        assertThat(StreamingStrategy.sourceOrder(layout("1 day", List.of("device"),
                List.of(new CompressionSettings.OrderBy("v", false, false), TS_DESC))))
                .as("an orderby not led by the time column").isEmpty();
        assertThat(StreamingStrategy.sourceOrder(layout("1 day", List.of("device"), List.of())))
                .as("no orderby: TimescaleDB's default").isEmpty();
        assertThat(StreamingStrategy.sourceOrder(layout("1 day", List.of(), List.of(TS_DESC,
                new CompressionSettings.OrderBy("host", false, false)))))
                .as("a text orderby sorts by collation, which may differ between the servers").isEmpty();
        assertThat(StreamingStrategy.sourceOrder(layout("1 day", List.of("name"), List.of(TS_DESC),
                Column.builder("name", "text").collation("\"de-x-icu\"").build())))
                .as("a text segmentby of a collation of its own (it may be nondeterministic)").isEmpty();
        assertThat(StreamingStrategy.sourceOrder(layout("1 day", List.of("tags"), List.of(TS_DESC),
                Column.builder("tags", "jsonb").build())))
                .as("a type whose order is not known to be the same everywhere").isEmpty();
        assertThat(StreamingStrategy.sourceOrder(compressed().get(0))).as("no orderby, integer time").isEmpty();
    }

    @Test
    void shouldTellTimescaleTheRowsComeSortedWithoutSizingItsSort() {
        assertThat(StreamingStrategy.sortedDirectSettings())
                .containsEntry("timescaledb.enable_direct_compress_copy", "on")
                .containsEntry("timescaledb.enable_direct_compress_copy_client_sorted", "on")
                .doesNotContainKey("timescaledb.direct_compress_copy_tuple_sort_limit");
    }
}
