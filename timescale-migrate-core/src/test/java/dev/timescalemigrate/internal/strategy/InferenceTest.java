package dev.timescalemigrate.internal.strategy;

import dev.timescalemigrate.HypertableRule;
import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.CompressionSettings;
import dev.timescalemigrate.model.Constraint;
import dev.timescalemigrate.model.Dimension;
import dev.timescalemigrate.model.Hypertable;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.adapter.TableStatistics;
import dev.timescalemigrate.adapter.TableStatistics.ColumnStatistics;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InferenceTest {

    private static final long DAY = 86_400_000_000L;
    private static final long MIB = 1024 * 1024;
    private static final long T0 = 1_704_067_200_000_000L; // 2024-01-01 UTC in microseconds

    private static Column col(String name, String type, boolean notNull) {
        return Column.builder(name, type).notNull(notNull).build();
    }

    private static Constraint key(String name, Constraint.Type type, String... columns) {
        return Constraint.builder(name, type).definition("").columns(List.of(columns)).validated(true).build();
    }

    private static Table table(String name, List<Column> columns, List<Constraint> constraints) {
        return Table.builder(QualifiedName.of("app", name)).columns(columns).constraints(constraints).build();
    }

    private static ColumnStatistics stat(String name, String type, boolean notNull, int rank, Double nd, Long min,
                                         Long max) {
        return ColumnStatistics.builder(name, type).notNull(notNull).indexRank(rank).nDistinct(nd)
                .nullFraction(nd == null ? null : 0.0).min(min).max(max).build();
    }

    @Test
    void shouldChooseTheTimeColumnThatLeadsThePrimaryKeyAndSizeChunksFromSpanAndBytes() {
        // 30 days, 300 MiB, 10 M rows, 50 devices; chunks of about 10 MiB -> 1 day
        Table metrics = table("metrics", List.of(col("device_id", "integer", true), col("created", "timestamp with time zone", true),
                        col("ts", "timestamp with time zone", true), col("v", "double precision", false)),
                List.of(key("metrics_pkey", Constraint.Type.PRIMARY_KEY, "ts", "device_id")));
        TableStatistics stats = new TableStatistics(10_000_000, 300 * MIB, true, List.of(
                stat("device_id", "integer", true, -1, 50.0, null, null),
                stat("created", "timestamp with time zone", true, -1, -1.0, T0, T0 + 30 * DAY),
                stat("ts", "timestamp with time zone", true, 0, -1.0, T0, T0 + 30 * DAY - 1),
                stat("v", "double precision", false, -1, -0.9, null, null)));

        Inference.Layout layout = Inference.layout(metrics, stats, null, null, null, 10 * MIB, true);

        assertThat(layout.problems()).isEmpty();
        Dimension d = layout.hypertable().primaryDimension();
        assertThat(d.column()).isEqualTo("ts");
        assertThat(d.timeInterval()).isEqualTo("1 day");
        assertThat(layout.sliceWidth()).isEqualTo(DAY);
        assertThat(layout.hypertable().compression().segmentBy()).containsExactly("device_id");
        assertThat(layout.hypertable().compression().orderBy())
                .containsExactly(new CompressionSettings.OrderBy("ts", true, true));
        assertThat(layout.note()).contains("time column ts (leads the primary key)", "chunk interval 1 day",
                "segmentby device_id (n_distinct 50)", "orderby ts DESC");
    }

    @Test
    void shouldNotCompressATableWithAnExclusionConstraint() {
        Table bookings = table("bookings", List.of(col("room", "integer", true),
                        col("ts", "timestamp with time zone", true)),
                List.of(key("no_overlap", Constraint.Type.EXCLUSION, "room", "ts")));
        TableStatistics stats = new TableStatistics(1_000_000, 30 * MIB, true, List.of(
                stat("room", "integer", true, -1, 20.0, null, null),
                stat("ts", "timestamp with time zone", true, -1, -1.0, T0, T0 + 30 * DAY)));

        Inference.Layout layout = Inference.layout(bookings, stats, null, null, null, 10 * MIB, true);

        assertThat(layout.hypertable()).as("still a hypertable").isNotNull();
        assertThat(layout.compressed()).isFalse();
        assertThat(layout.note()).contains("not compressed", "exclusion constraint (no_overlap)");
    }

    @Test
    void shouldSkipTimeColumnsThatAUniqueKeyLacksAndCopyThePlainTable() {
        Table users = table("users", List.of(col("id", "bigint", true), col("created_at", "timestamp with time zone", true)),
                List.of(key("users_pkey", Constraint.Type.PRIMARY_KEY, "id")));
        TableStatistics stats = new TableStatistics(1000, MIB, true, List.of(
                stat("id", "bigint", true, 0, -1.0, 1L, 1000L),
                stat("created_at", "timestamp with time zone", true, -1, -1.0, T0, T0 + DAY)));

        Inference.Layout layout = Inference.layout(users, stats, null, null, null, 10 * MIB, true);

        assertThat(layout.hypertable()).isNull();
        assertThat(layout.problems()).isEmpty();
        assertThat(layout.note()).contains("plain table");
    }

    @Test
    void shouldPreferAnIndexedColumnAndAcceptTimeNamedIntegersOnly() {
        // a nullable timestamp is not a candidate; "seq" is an integer without a time name; "epoch_s" is one
        Table events = table("events", List.of(col("seq", "bigint", true), col("epoch_s", "bigint", true),
                col("seen", "timestamp without time zone", false), col("host", "text", true)), List.of());
        TableStatistics stats = new TableStatistics(1_000_000, 100 * MIB, true, List.of(
                stat("seq", "bigint", true, 2, -1.0, 0L, 1_000_000L),
                stat("epoch_s", "bigint", true, 2, -0.5, 0L, 999_999L),
                stat("seen", "timestamp without time zone", false, 2, -1.0, null, null),
                stat("host", "text", true, -1, 20.0, null, null)));

        Inference.Layout layout = Inference.layout(events, stats, null, null, null, 10 * MIB, true);

        Dimension d = layout.hypertable().primaryDimension();
        assertThat(d.column()).isEqualTo("epoch_s");
        assertThat(d.integerInterval()).isEqualTo(100_000L); // 10 chunks over a span of 1,000,000
        assertThat(layout.hypertable().compression().segmentBy()).containsExactly("host");
    }

    @Test
    void shouldNotSegmentWithoutStatisticsNorByAColumnWithTooManyValues() {
        Table t = table("readings", List.of(col("day", "date", true), col("sensor", "uuid", true)), List.of());
        TableStatistics none = new TableStatistics(100_000, 50 * MIB, false, List.of(
                stat("day", "date", true, -1, null, T0, T0 + 100 * DAY),
                stat("sensor", "uuid", true, -1, null, null, null)));
        Inference.Layout layout = Inference.layout(t, none, null, null, null, MIB, true);
        assertThat(layout.hypertable().primaryDimension().timeInterval()).isEqualTo("2 days");
        assertThat(layout.hypertable().compression().segmentBy()).isEmpty();
        assertThat(layout.note()).contains("no statistics");

        TableStatistics unique = new TableStatistics(100_000, 50 * MIB, true, List.of(
                stat("day", "date", true, -1, -1.0, T0, T0 + 100 * DAY),
                stat("sensor", "uuid", true, -1, -0.8, null, null)));
        assertThat(Inference.layout(t, unique, null, null, null, MIB, true).hypertable().compression().segmentBy())
                .isEmpty();
    }

    @Test
    void shouldFollowTheRuleAndInferOnlyWhatItLeavesOut() {
        Table metrics = table("metrics", List.of(col("ts", "timestamp with time zone", true),
                col("device", "text", true)), List.of());
        TableStatistics stats = new TableStatistics(1_000_000, 100 * MIB, true, List.of(
                stat("ts", "timestamp with time zone", true, -1, -1.0, T0, T0 + 10 * DAY),
                stat("device", "text", true, -1, 10.0, null, null)));
        HypertableRule rule = HypertableRule.builder(QualifiedName.of("app", "metrics")).timeColumn("ts").segmentBy()
                .orderBy("\"device\" ASC", "ts DESC NULLS LAST").compressAfter(Duration.ofDays(30)).build();
        Hypertable stated = new Hypertable(rule.table(), List.of(Dimension.builder("ts", "timestamp with time zone",
                Dimension.Kind.TIME).timeInterval("7 days").build()), null);

        Inference.Layout layout = Inference.layout(metrics, stats, rule, stated, null, 10 * MIB, true);

        assertThat(layout.problems()).isEmpty();
        assertThat(layout.hypertable().primaryDimension().timeInterval()).isEqualTo("1 day"); // inferred
        assertThat(layout.hypertable().compression().segmentBy()).isEmpty(); // stated: none
        assertThat(layout.hypertable().compression().orderBy()).containsExactly(
                new CompressionSettings.OrderBy("device", false, false),
                new CompressionSettings.OrderBy("ts", true, false));
        assertThat(layout.compressAfter()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void shouldKeepWhatAnEarlierRunCreatedAndLeaveCompressionOutWhenNotCompressing() {
        Table metrics = table("metrics", List.of(col("ts", "timestamp with time zone", true)), List.of());
        TableStatistics stats = new TableStatistics(1_000_000, 100 * MIB, true, List.of(
                stat("ts", "timestamp with time zone", true, -1, -1.0, T0, T0 + 10 * DAY)));
        Hypertable created = new Hypertable(metrics.name(), List.of(Dimension.builder("ts", "timestamp with time zone",
                Dimension.Kind.TIME).timeInterval("06:00:00").build()), new CompressionSettings(List.of(),
                List.of(new CompressionSettings.OrderBy("ts", true, true))));

        Inference.Layout layout = Inference.layout(metrics, stats, null, null, created, 10 * MIB, true);
        assertThat(layout.hypertable().primaryDimension().timeInterval()).isEqualTo("21600 seconds");
        assertThat(layout.sliceWidth()).isEqualTo(6 * 3_600_000_000L);
        assertThat(layout.hypertable().compression()).isEqualTo(created.compression());

        Inference.Layout apache = Inference.layout(metrics, stats, null, null, null, 10 * MIB, false);
        assertThat(apache.hypertable().compression()).isNull();
        assertThat(apache.compressed()).isFalse();
    }

    @Test
    void shouldReportARuleWhoseTimeColumnCannotBeInferred() {
        Table t = table("things", List.of(col("name", "text", true)), List.of());
        HypertableRule rule = HypertableRule.builder(t.name()).build();
        Inference.Layout layout = Inference.layout(t, new TableStatistics(10, 8192, true, List.of(
                stat("name", "text", true, -1, -1.0, null, null))), rule, null, null, MIB, true);
        assertThat(layout.problems()).singleElement().asString().contains("names no time column", ".timeColumn(");
    }

    @Test
    void shouldReportEveryProblemOfARuleNotOnlyTheLast() {
        Table t = table("events", List.of(col("ts", "timestamp with time zone", true), col("v", "integer", false)),
                List.of());
        HypertableRule rule = HypertableRule.builder(t.name()).timeColumn("ts").segmentBy("nosuch")
                .orderBy("ghost DESC", "ts sideways").build();
        Inference.Layout layout = Inference.layout(t, new TableStatistics(1000, 81920, true, List.of(
                stat("ts", "timestamp with time zone", true, 1, -1.0, T0, T0 + DAY))), rule, null, null, MIB, true);

        assertThat(layout.problems()).hasSize(3)
                .anySatisfy(p -> assertThat(p).contains("orderBy entry 'ts sideways'"))
                .anySatisfy(p -> assertThat(p).contains("segments by \"nosuch\""))
                .anySatisfy(p -> assertThat(p).contains("orders by \"ghost\""));
    }

    @Test
    void shouldParseAndRoundIntervals() {
        assertThat(Inference.micros("7 days")).isEqualTo(7 * DAY);
        assertThat(Inference.micros("1 day 02:00:00")).isEqualTo(DAY + 7_200_000_000L);
        assertThat(Inference.micros("3600 seconds")).isEqualTo(3_600_000_000L);
        assertThat(Inference.roundMicros(5 * 3_600_000_000L, false)).isEqualTo(3 * 3_600_000_000L);
        assertThat(Inference.roundMicros(5 * 3_600_000_000L, true)).isEqualTo(DAY);
        assertThat(Inference.roundInteger(73_000)).isEqualTo(50_000);
        assertThat(Inference.pgInterval(DAY)).isEqualTo("1 day");
        assertThat(Inference.orderBy("ts")).contains(new CompressionSettings.OrderBy("ts", false, false));
        assertThat(Inference.orderBy("ts sideways")).isEmpty();
    }
}
