package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.DatabaseInspector;
import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationPlan;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.Strategies;
import dev.timescalemigrate.TableReport;
import dev.timescalemigrate.VerificationReport;
import dev.timescalemigrate.event.MigrationEvent;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-table strategy on the rich fixture: every row, type, sequence position and object arrives unchanged. */
class PerTableMigrationIT {

    @Database(label = "pertable_src", fixture = {"/fixtures/rich-schema.sql", "/fixtures/timescale-apache.sql"})
    private static TestDatabase source;

    @BeforeAll
    static void createSource() {
        source.execute("""
                CREATE TABLE app.sensor_log (ts timestamptz NOT NULL, sensor int NOT NULL, reading double precision,
                                             PRIMARY KEY (sensor, ts));
                INSERT INTO app.sensor_log
                SELECT timestamptz '2024-01-01 00:00:00+00' + g * interval '3 minutes', g % 20, g / 7.0
                FROM generate_series(1, 60000) g;
                ANALYZE app.sensor_log;
                """);
    }

    @Test
    void shouldMigrateEveryObjectAndRowOfTheRichFixture() {
        try (TestDatabase target = TestDatabase.create("pertable_dst").withTimescale()) {
            List<MigrationEvent> events = new CopyOnWriteArrayList<>();
            MigrationReport report = Migration.builder()
                    .source(source.dataSource())
                    .target(target.dataSource())
                    .strategy(Strategies.perTable())
                    .parallelism(3)
                    .verify(true)
                    .onEvent(events::add)
                    .build()
                    .run();

            DatabaseModel expected = DatabaseInspector.of(source.dataSource()).model();
            DatabaseModel actual = DatabaseInspector.of(target.dataSource()).model();
            assertThat(actual.schemas().stream().filter(s -> !s.name().equals("timescale_migrate")).toList())
                    .as("schemas besides the checkpoint schema").isEqualTo(expected.schemas());
            assertThat(target.value("SELECT count(*) FROM pg_index WHERE NOT indisvalid")).as("invalid indexes")
                    .isEqualTo("0");
            assertThat(target.value("SELECT count(*) FROM pg_indexes WHERE tablename = 'events_2024'"))
                    .as("indexes of a partition: its key and the parent's kind index")
                    .isEqualTo(source.value("SELECT count(*) FROM pg_indexes WHERE tablename = 'events_2024'"));
            assertThat(actual.types()).as("types").isEqualTo(expected.types());
            assertThat(actual.routines()).as("routines").isEqualTo(expected.routines());
            assertThat(actual.sequences()).as("sequences and their positions").isEqualTo(expected.sequences());
            for (Table t : expected.tables()) {
                assertThat(actual.table(t.name())).as("table %s", t.name()).get()
                        .usingRecursiveComparison().isEqualTo(t);
            }
            assertThat(actual.tables().stream().filter(t -> !t.name().schema().equals("timescale_migrate")))
                    .as("tables besides the checkpoint tables").hasSameSizeAs(expected.tables());
            assertThat(actual.views()).as("views").isEqualTo(expected.views());
            assertThat(actual.timescale().hypertables()).as("hypertables")
                    .isEqualTo(expected.timescale().hypertables());

            VerificationReport verification = report.verificationReport().orElseThrow();
            long rowTables = expected.tables().stream().filter(Table::holdsRows).count();
            assertThat(verification.tables()).as("every table holding rows is verified").hasSize((int) rowTables);
            assertThat(verification.mismatches()).as("tables whose count or checksum differ").isEmpty();
            assertThat(target.value("SELECT count(*) FROM app.all_types")).isEqualTo("3");
            assertThat(target.value("SELECT count(*) FROM metrics.conditions")).isEqualTo("120");
            assertThat(target.value("SELECT count(*) FROM app.order_totals"))
                    .as("materialized view refreshed").isEqualTo(source.value("SELECT count(*) FROM app.order_totals"));

            assertThat(report.totalRows()).as("rows copied").isEqualTo(
                    verification.tables().stream().mapToLong(VerificationReport.TableVerification::sourceRows).sum());
            assertThat(report.resumed()).isFalse();
            assertThat(report.pointInTime()).isFalse();
            assertThat(report.tables()).allSatisfy(t -> assertThat(t.unitsSkipped()).isZero());
            assertThat(events).filteredOn(MigrationEvent.MigrationStarted.class::isInstance).hasSize(1);
            int started = events.indexOf(events.stream().filter(MigrationEvent.MigrationStarted.class::isInstance)
                    .findFirst().orElseThrow());
            int firstUnit = events.indexOf(events.stream().filter(MigrationEvent.UnitCopied.class::isInstance)
                    .findFirst().orElseThrow());
            assertThat(started).as("the start comes before the first unit").isLessThan(firstUnit);
            assertThat(events).filteredOn(MigrationEvent.TableFinished.class::isInstance).hasSize((int) rowTables);
            assertThat(events).last().isInstanceOf(MigrationEvent.MigrationFinished.class);
            assertThat(events).filteredOn(MigrationEvent.TableStarted.class::isInstance)
                    .map(MigrationEvent.TableStarted.class::cast).hasSize((int) rowTables)
                    .allSatisfy(e -> assertThat(e.units()).as("units of %s", e.table()).isPositive());
        }
    }

    @Test
    void shouldCreateHypertablesFromRulesAndPlanWithoutWriting() {
        try (TestDatabase target = TestDatabase.create("pertable_ht").withTimescale()) {
            Migration migration = Migration.builder()
                    .source(source.dataSource())
                    .target(target.dataSource())
                    .include("\"Sales Data\".*", "app.sensor_log")
                    .hypertable("app.sensor_log", h -> h.timeColumn("ts").chunkInterval(Duration.ofDays(30)))
                    .unitBytes(1024 * 1024)
                    .verify(true)
                    .build();

            MigrationPlan plan = migration.plan();
            assertThat(plan.notes()).as("the plan says it leaves owners and privileges out")
                    .anyMatch(n -> n.startsWith("owners and privileges are not recreated by this strategy"));
            assertThat(plan.toString()).contains("CREATE TABLE \"Sales Data\".\"Order Lines\"")
                    .contains("create_hypertable").contains("[copy]");
            assertThat(target.column("SELECT nspname FROM pg_namespace WHERE nspname IN ('app', 'timescale_migrate')"))
                    .as("a plan writes nothing").isEmpty();

            MigrationReport report = migration.run();

            assertThat(report.verificationReport().orElseThrow().matches()).isTrue();
            assertThat(target.column("SELECT hypertable_schema || '.' || hypertable_name "
                    + "FROM timescaledb_information.hypertables ORDER BY 1")).containsExactly("app.sensor_log");
            assertThat(target.value("SELECT time_interval::text FROM timescaledb_information.dimensions "
                    + "WHERE hypertable_name = 'sensor_log'")).isEqualTo("30 days");
            assertThat(target.value("SELECT count(*) FROM timescaledb_information.chunks "
                    + "WHERE hypertable_name = 'sensor_log'")).as("about 125 days of rows in 30-day chunks")
                    .isIn("5", "6");
            assertThat(plan.copySteps().stream().filter(c -> c.unit().table().name().equals("sensor_log")).count())
                    .as("a table larger than the unit size is split").isGreaterThan(1);
            assertThat(report.tables()).extracting(TableReport::table).contains(
                    QualifiedName.of("app", "sensor_log"), QualifiedName.of("Sales Data", "Order Lines"))
                    .doesNotContain(QualifiedName.of("app", "all_types"));
            assertThat(report.warnings()).anySatisfy(w -> assertThat(w)
                    .contains("Views left out because they read tables the include/exclude patterns leave out")
                    .contains("\"app\".\"customer_names\"", "\"app\".\"Happy Customers\"",
                            "\"Sales Data\".\"big_spenders\"")
                    .doesNotContain("order_totals"));
            assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("Foreign key")
                    .contains("references \"app\".\"customers\", which is not migrated"));
            assertThat(target.value("SELECT count(*) FROM app.order_totals"))
                    .as("a materialized view over selected tables is migrated and refreshed")
                    .isEqualTo(source.value("SELECT count(*) FROM app.order_totals"));
        }
    }
}
