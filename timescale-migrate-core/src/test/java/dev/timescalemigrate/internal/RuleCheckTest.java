package dev.timescalemigrate.internal;

import dev.timescalemigrate.HypertableRule;
import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.Constraint;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Dimension;
import dev.timescalemigrate.model.Hypertable;
import dev.timescalemigrate.model.Index;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.model.TimescaleModel;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hypertable rules checked on a model alone, no database: the refusals the database tests do not reach
 * (PreflightIT and InheritanceIT cover a missing table, a missing or non-time column, a partitioned table, a
 * primary key without the time column, and inheritance), and what a rule that passes makes.
 */
class RuleCheckTest {

    private static final QualifiedName TICKS = QualifiedName.of("app", "ticks");
    private static final QualifiedName EVENTS = QualifiedName.of("app", "events");
    private static final QualifiedName LOG = QualifiedName.of("app", "log");
    private static final QualifiedName LOG_2024 = QualifiedName.of("app", "log_2024");
    private static final QualifiedName METRICS = QualifiedName.of("app", "metrics");

    private static final Hypertable METRICS_HYPERTABLE = new Hypertable(METRICS, List.of(Dimension.builder("ts",
            "timestamp with time zone", Dimension.Kind.TIME).timeInterval("7 days").build()), null);

    private static DatabaseModel source() {
        Table ticks = Table.builder(TICKS).columns(List.of(Column.builder("tick", "bigint").notNull(true).build(),
                Column.builder("ts", "timestamp with time zone").notNull(true).build())).build();
        Table events = Table.builder(EVENTS).columns(List.of(Column.builder("id", "bigint").notNull(true).build(),
                        Column.builder("ts", "timestamp with time zone").notNull(true).build()))
                .indexes(List.of(Index.builder("events_id_key").unique(true).keys(List.of("id")).build(),
                        Index.builder("events_id_ts_key").unique(true).keys(List.of("id", "ts")).build()))
                .build();
        Table log = Table.builder(LOG).kind(Table.Kind.PARTITIONED)
                .columns(List.of(Column.builder("ts", "timestamp with time zone").build())).build();
        Table log2024 = Table.builder(LOG_2024).partitionOf(new Table.PartitionOf(LOG, "FOR VALUES ..."))
                .columns(List.of(Column.builder("ts", "timestamp with time zone").build())).build();
        Table metrics = Table.builder(METRICS).columns(List.of(
                Column.builder("ts", "timestamp with time zone").notNull(true).build(),
                Column.builder("at", "timestamp without time zone").notNull(true).build())).build();
        return DatabaseModel.builder().tables(List.of(ticks, events, log, log2024, metrics))
                .timescale(new TimescaleModel(List.of(METRICS_HYPERTABLE), List.of(), List.of())).build();
    }

    private static final Set<QualifiedName> ALL = Set.of(TICKS, EVENTS, LOG, LOG_2024, METRICS);

    private static RuleCheck.Outcome check(Set<QualifiedName> selected, HypertableRule... rules) {
        return RuleCheck.check(List.of(rules), source(), selected,
                selected.contains(METRICS) ? List.of(METRICS_HYPERTABLE) : List.of());
    }

    @Test
    void shouldRefuseARuleForATableThePatternsLeaveOut() {
        RuleCheck.Outcome o = check(Set.of(EVENTS), HypertableRule.builder(TICKS).timeColumn("ts").build());

        assertThat(o.problems()).singleElement().asString().contains("\"app\".\"ticks\"",
                "which the include/exclude patterns leave out", "include the table or drop the rule");
        assertThat(o.hypertables()).isEmpty();
    }

    @Test
    void shouldRefuseARuleForAPartitionNamingItsParent() {
        RuleCheck.Outcome o = check(ALL, HypertableRule.builder(LOG_2024).timeColumn("ts").build());

        assertThat(o.problems()).singleElement().asString().contains("\"app\".\"log_2024\", which is a partition "
                + "of \"app\".\"log\"", "cannot be partitioned declaratively");
    }

    @Test
    void shouldRefuseAnIntegerColumnWithoutAnIntegerChunkInterval() {
        RuleCheck.Outcome o = check(ALL, HypertableRule.builder(TICKS).timeColumn("tick").build());

        assertThat(o.problems()).singleElement().asString().contains("the integer column \"tick\"",
                ".integerChunkInterval(...)");
        assertThat(o.hypertables()).extracting(Hypertable::table).containsExactly(METRICS);
    }

    @Test
    void shouldRefuseAnIntegerChunkIntervalForATimestampColumn() {
        RuleCheck.Outcome o = check(ALL,
                HypertableRule.builder(TICKS).timeColumn("ts").integerChunkInterval(1000).build());

        assertThat(o.problems()).singleElement().asString().contains("integer chunk interval for the timestamp "
                + "with time zone column \"ts\"", ".chunkInterval(Duration)");
    }

    @Test
    void shouldRefuseEveryUniqueIndexWithoutTheTimeColumnAndKeepThoseWithIt() {
        RuleCheck.Outcome o = check(ALL, HypertableRule.builder(EVENTS).timeColumn("ts").build());

        assertThat(o.problems()).singleElement().asString().startsWith("Unique index events_id_key on "
                + "\"app\".\"events\" does not include the time column \"ts\"");
    }

    @Test
    void shouldReplaceTheDimensionsOfASourceHypertableWithAWarning() {
        RuleCheck.Outcome o = check(ALL,
                HypertableRule.builder(METRICS).timeColumn("at").chunkInterval(Duration.ofDays(1)).build());

        assertThat(o.problems()).isEmpty();
        assertThat(o.warnings()).singleElement().asString().isEqualTo("\"app\".\"metrics\" is already a "
                + "hypertable in the source; the rule replaces its dimensions.");
        assertThat(o.hypertables()).singleElement().satisfies(h -> {
            assertThat(h.table()).isEqualTo(METRICS);
            assertThat(h.dimensions()).singleElement().satisfies(d -> {
                assertThat(d.column()).isEqualTo("at");
                assertThat(d.columnType()).isEqualTo("timestamp without time zone");
                assertThat(d.timeInterval()).isEqualTo("1 day");
                assertThat(d.integerInterval()).isNull();
            });
        });
    }

    @Test
    void shouldMakeAnIntegerHypertableAfterTheSourcesOwnInTheRulesOrder() {
        RuleCheck.Outcome o = check(ALL,
                HypertableRule.builder(TICKS).timeColumn("tick").integerChunkInterval(1000).build(),
                HypertableRule.builder(EVENTS).timeColumn("id").integerChunkInterval(10).build());

        assertThat(o.problems()).isEmpty();
        assertThat(o.hypertables()).extracting(Hypertable::table).containsExactly(METRICS, TICKS, EVENTS);
        assertThat(o.hypertables().get(1).dimensions()).singleElement().satisfies(d -> {
            assertThat(d.timeInterval()).isNull();
            assertThat(d.integerInterval()).isEqualTo(1000L);
        });
    }

    @Test
    void shouldLeaveARuleWithoutTimeColumnToTheStreamingStrategy() {
        RuleCheck.Outcome o = check(ALL, HypertableRule.builder(TICKS).build());

        assertThat(o.problems()).isEmpty();
        assertThat(o.hypertables()).extracting(Hypertable::table).containsExactly(METRICS);
    }

    @Test
    void shouldListEveryRulesProblemInTheRulesOrder() {
        RuleCheck.Outcome o = check(ALL, HypertableRule.builder(EVENTS).timeColumn("ts").build(),
                HypertableRule.builder(TICKS).timeColumn("tick").build(),
                HypertableRule.builder(LOG).timeColumn("ts").build());

        assertThat(o.problems()).hasSize(3);
        assertThat(o.problems().get(0)).contains("events_id_key");
        assertThat(o.problems().get(1)).contains("\"tick\"");
        assertThat(o.problems().get(2)).contains("a partitioned table");
    }
}
