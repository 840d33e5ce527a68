package dev.timescalemigrate.internal;

import dev.timescalemigrate.Backfill;
import dev.timescalemigrate.Migration;
import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.Constraint;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Dimension;
import dev.timescalemigrate.model.Hypertable;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.model.TimescaleModel;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Which rows of each table a backfill covers, on a model alone. */
class BackfillScopeTest {

    private static final QualifiedName METRICS = QualifiedName.of("app", "metrics");
    private static final QualifiedName COUNTERS = QualifiedName.of("app", "counters");
    private static final QualifiedName DAYS = QualifiedName.of("app", "days");
    private static final QualifiedName HOSTS = QualifiedName.of("app", "hosts");
    private static final QualifiedName TAGS = QualifiedName.of("app", "tags");
    private static final QualifiedName NOTES = QualifiedName.of("app", "notes");
    private static final QualifiedName EVENTS = QualifiedName.of("app", "events");
    private static final QualifiedName SAMPLES = QualifiedName.of("app", "samples");
    private static final Instant CUTOFF = Instant.parse("2025-03-15T06:30:00Z");

    private static Table table(QualifiedName name, List<Column> columns, Constraint... constraints) {
        return Table.builder(name).columns(columns).constraints(List.of(constraints)).build();
    }

    private static Column col(String name, String type, boolean notNull) {
        return Column.builder(name, type).notNull(notNull).build();
    }

    private static Hypertable hypertable(QualifiedName table, String column, String type) {
        return new Hypertable(table, List.of(Dimension.builder(column, type, Dimension.Kind.TIME).build()), null);
    }

    private static DatabaseModel model() {
        return DatabaseModel.builder().tables(List.of(
                        table(METRICS, List.of(col("ts", "timestamp with time zone", true), col("v", "double precision", false))),
                        table(COUNTERS, List.of(col("n", "bigint", true))),
                        table(DAYS, List.of(col("day", "date", true))),
                        table(HOSTS, List.of(col("id", "smallint", true)), Constraint.builder("hosts_pkey",
                                Constraint.Type.PRIMARY_KEY).columns(List.of("id")).build()),
                        table(TAGS, List.of(col("name", "text", true), col("alias", "text", false)),
                                Constraint.builder("tags_alias_key", Constraint.Type.UNIQUE).columns(List.of("alias"))
                                        .build(),
                                Constraint.builder("tags_name_key", Constraint.Type.UNIQUE).columns(List.of("name"))
                                        .build()),
                        table(NOTES, List.of(col("body", "text", false))),
                        table(EVENTS, List.of(col("at", "timestamp without time zone", true), col("what", "text", false))),
                        table(SAMPLES, List.of(col("at", "timestamp(3) with time zone", true), col("n", "smallint", true),
                                col("noted", "timestamp with time zone", false)))))
                .timescale(new TimescaleModel(List.of(hypertable(METRICS, "ts", "timestamp with time zone"),
                        hypertable(COUNTERS, "n", "bigint"), hypertable(DAYS, "day", "date")), List.of(), List.of()))
                .build();
    }

    private static Backfill backfill(UnaryOperator<Migration.Builder> settings) {
        return settings.apply(Migration.builder().source("jdbc:postgresql://h/s", "u", null)
                .target("jdbc:postgresql://h/t", "u", null).backfillUntil(CUTOFF)).build().config().backfill()
                .orElseThrow();
    }

    @Test
    void shouldBoundTimePartitionedTablesAndKeyTheOthers() {
        BackfillScope scope = BackfillScope.of(backfill(b -> b.backfillUntil("app.counters", 5000)
                .backfillUntil("app.days", Instant.parse("2025-03-15T00:00:00Z"))
                .backfillTimeColumn("app.events", "at").backfillTimeColumn("app.samples", "at")), model(),
                DatabaseModel.builder().build());

        assertThat(scope.problems()).isEmpty();
        assertThat(scope.tables().get(METRICS)).isEqualTo(new BackfillScope.Before(METRICS, "ts",
                "timestamp with time zone", "2025-03-15 06:30:00.000000+00"));
        assertThat(scope.tables().get(COUNTERS)).isEqualTo(new BackfillScope.Before(COUNTERS, "n", "bigint", "5000"));
        assertThat(scope.tables().get(DAYS)).as("a date column takes its midnight bound's UTC date")
                .isEqualTo(new BackfillScope.Before(DAYS, "day", "date", "2025-03-15"));
        assertThat(scope.tables().get(SAMPLES)).as("a timestamp with a precision is a timestamp")
                .isEqualTo(new BackfillScope.Before(SAMPLES, "at", "timestamp with time zone",
                        "2025-03-15 06:30:00.000000+00"));
        assertThat(scope.tables().get(EVENTS)).isEqualTo(new BackfillScope.Before(EVENTS, "at",
                "timestamp without time zone", "2025-03-15 06:30:00.000000+00"));
        assertThat(scope.tables().get(HOSTS)).isEqualTo(new BackfillScope.MissingKeys(HOSTS, List.of("id")));
        assertThat(scope.tables().get(TAGS)).as("the first unique key on NOT NULL columns")
                .isEqualTo(new BackfillScope.MissingKeys(TAGS, List.of("name")));
        assertThat(scope.tables().get(NOTES)).isEqualTo(new BackfillScope.Every(NOTES));
        assertThat(((BackfillScope.Before) scope.tables().get(METRICS)).range().upper())
                .isEqualTo("2025-03-15 06:30:00.000000+00");
    }

    @Test
    void shouldTakeATablesOwnInstantAndTheTargetsHypertables() {
        DatabaseModel target = DatabaseModel.builder().timescale(new TimescaleModel(List.of(
                hypertable(EVENTS, "at", "timestamp without time zone")), List.of(), List.of())).build();

        BackfillScope scope = BackfillScope.of(backfill(b -> b.backfillUntil("app.counters", 1)
                .backfillUntil("app.days", Instant.parse("2025-03-15T00:00:00Z"))
                .backfillUntil("app.metrics", Instant.parse("2025-01-01T00:00:00.0000001Z"))), model(), target);

        assertThat(scope.problems()).isEmpty();
        assertThat(((BackfillScope.Before) scope.tables().get(METRICS)).bound())
                .as("between two microseconds: the later, so that a row at the earlier is copied")
                .isEqualTo("2025-01-01 00:00:00.000001+00");
        assertThat(scope.tables().get(EVENTS)).as("a hypertable the streaming strategy made on the target")
                .isInstanceOf(BackfillScope.Before.class);
    }

    @Test
    void shouldNameEveryProblem() {
        BackfillScope scope = BackfillScope.of(backfill(b -> b.backfillUntil("app.days", 7)
                .backfillUntil("app.hosts", 3).backfillUntil("app.gone", 1).backfillTimeColumn("app.notes", "body")
                .backfillTimeColumn("app.tags", "missing")), model(), DatabaseModel.builder().build());

        assertThat(scope.problems()).anySatisfy(p -> assertThat(p).contains("\"app\".\"counters\"")
                .contains("integer column \"n\"").contains("--backfill-until=app.counters:VALUE"));
        assertThat(scope.problems()).anySatisfy(p -> assertThat(p).contains("bound of \"app\".\"days\" is '7'")
                .contains("give an instant"));
        assertThat(scope.problems()).anySatisfy(p -> assertThat(p).contains("\"app\".\"gone\"")
                .contains("not among the tables migrated"));
        assertThat(scope.problems()).anySatisfy(p -> assertThat(p).contains("\"body\" of \"app\".\"notes\" is of type text"));
        assertThat(scope.problems()).anySatisfy(p -> assertThat(p).contains("\"missing\" of \"app\".\"tags\" does not exist"));
        assertThat(scope.problems()).anySatisfy(p -> assertThat(p).contains("bound is given for \"app\".\"hosts\", which has "
                + "no time column"));
        assertThat(scope.tables()).doesNotContainKeys(COUNTERS, DAYS);
    }

    @Test
    void shouldRefuseBoundsThatWouldLoseRows() {
        BackfillScope scope = BackfillScope.of(backfill(b -> b.backfillUntil("app.counters", 1)
                .backfillTimeColumn("app.samples", "noted").backfillTimeColumn("app.hosts", "id")
                .backfillUntil("app.hosts", 40_000)), model(), DatabaseModel.builder().build());

        assertThat(scope.problems()).anySatisfy(p -> assertThat(p).contains("\"app\".\"days\" is bounded by the date "
                + "column \"day\", and its cutoff 2025-03-15T06:30:00Z is not midnight UTC")
                .contains("--backfill-until=app.days:2025-03-15T00:00:00Z"));
        assertThat(scope.problems()).anySatisfy(p -> assertThat(p).contains("\"noted\" of \"app\".\"samples\" can be "
                + "NULL"));
        assertThat(scope.problems()).anySatisfy(p -> assertThat(p).contains("bound 40000 of \"app\".\"hosts\" does "
                + "not fit its time column \"id\" (smallint)"));
        assertThat(scope.tables()).doesNotContainKeys(DAYS, SAMPLES, HOSTS);
    }

    @Test
    void shouldRefuseACutoffFinerThanTheTimeColumnKeeps() {
        BackfillScope scope = BackfillScope.of(backfill(b -> b.backfillUntil("app.counters", 1)
                .backfillUntil("app.days", Instant.parse("2025-03-15T00:00:00Z"))
                .backfillUntil("app.samples", Instant.parse("2025-03-15T06:30:00.0004Z"))
                .backfillTimeColumn("app.samples", "at")), model(), DatabaseModel.builder().build());

        assertThat(scope.problems()).singleElement().asString().contains("2025-03-15T06:30:00.000400Z")
                .contains("finer than its time column \"at\" (timestamp(3) with time zone)");
        assertThat(scope.tables()).doesNotContainKey(SAMPLES).containsKey(METRICS);
    }
}
