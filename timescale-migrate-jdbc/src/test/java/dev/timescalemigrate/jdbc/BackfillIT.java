package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.Strategies;
import dev.timescalemigrate.VerificationReport;
import dev.timescalemigrate.exception.ConfigurationException;
import dev.timescalemigrate.exception.DataTransferException;
import dev.timescalemigrate.testing.BackfillScenario;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;
import dev.timescalemigrate.testing.TimescaleOracle;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Timescale's method for a database that keeps ingesting, on a Timescale-licensed server: a schema-only run into an
 * empty database; the application then writes its newest rows (at or after the cutoff) into both databases; a
 * backfill up to the cutoff copies the history. The target then equals the source, compared through
 * {@link TimescaleOracle} (TimescaleDB's information views and a checksum of every row of every table and
 * aggregate, not this project's model), aggregate history whose raw rows the source dropped included.
 */
class BackfillIT {

    static final Instant CUTOFF = Instant.parse(BackfillScenario.CUTOFF);
    static final long BATCH_CUTOFF = BackfillScenario.BATCH_BOUND;

    @Database(label = "bf_src", licensed = true, timescale = true, fixture = "/fixtures/timescale-backfill.sql")
    TestDatabase source;

    private static Migration.Builder migration(TestDatabase source, TestDatabase target) {
        return Migration.builder().source(source.dataSource()).target(target.dataSource())
                .strategy(Strategies.wholeDatabase()).parallelism(2).unitBytes(1024 * 1024);
    }

    private static Migration.Builder backfill(TestDatabase source, TestDatabase target) {
        return migration(source, target).backfillUntil(CUTOFF).backfillUntil("plant.batches", BATCH_CUTOFF)
                .verify(true);
    }

    /** Schema only, then the application's writes into both. */
    private void schemaThenDualWrites(TestDatabase target) {
        MigrationReport schema = migration(source, target).schemaOnly().build().run();

        assertThat(schema.tables()).as("no rows copied").allSatisfy(t -> assertThat(t.rows()).isZero());
        BackfillScenario.assertSchemaOnly(target);
        BackfillScenario.dualWrites(source, target);
    }

    private void assertTargetEqualsSource(TestDatabase target, MigrationReport report) {
        VerificationReport verification = report.verificationReport().orElseThrow();
        assertThat(verification.mismatches()).isEmpty();
        assertThat(verification.tables()).extracting(t -> t.table().name() + ": " + t.compared())
                .containsExactlyInAnyOrderElementsOf(BackfillScenario.COMPARED);
        BackfillScenario.assertEqual(source, target);
    }

    @Test
    void shouldCopyTheHistoryBeforeTheCutoffBesideTheApplicationsRows() {
        try (TestDatabase target = source.sibling("bf_dst")) {
            schemaThenDualWrites(target);

            MigrationReport report = backfill(source, target).build().run();

            assertThat(report.strategy()).isEqualTo("backfill");
            assertThat(report.tables()).filteredOn(t -> t.table().name().equals("machines"))
                    .extracting(t -> t.rows()).as("the 8 machines the target lacked, not the one both have")
                    .containsExactly(8L);
            assertTargetEqualsSource(target, report);
        }
    }

    @Test
    void shouldResumeAFailedBackfillWithoutCopyingARowTwice() throws java.sql.SQLException {
        try (TestDatabase target = source.sibling("bf_dst_resume")) {
            schemaThenDualWrites(target);
            // while the backfill runs, the application writes a row before the cutoff by mistake: the batches unit
            // fails on its key. The test holds the target's batches until a readings unit is done (reads pass, the
            // copy waits), then writes the row in the same transaction and lets the copy go on.
            DataTransferException failure;
            try (java.sql.Connection lock = target.connect()) {
                lock.setAutoCommit(false);
                try (java.sql.Statement st = lock.createStatement()) {
                    st.execute("LOCK TABLE plant.batches IN EXCLUSIVE MODE");
                }
                java.util.concurrent.atomic.AtomicBoolean written = new java.util.concurrent.atomic.AtomicBoolean();
                dev.timescalemigrate.event.MigrationListener mistake = new dev.timescalemigrate.event.MigrationListener() {
                    @Override
                    public void dispatch(dev.timescalemigrate.event.MigrationEvent event) {
                        if (event instanceof dev.timescalemigrate.event.MigrationEvent.UnitCopied u
                                && u.table().name().equals("readings") && written.compareAndSet(false, true)) {
                            try (java.sql.Statement st = lock.createStatement()) {
                                st.execute("INSERT INTO plant.batches VALUES (5500, 5, 0)");
                                lock.commit();
                            } catch (java.sql.SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }
                };

                failure = catchThrowableOfType(DataTransferException.class,
                        () -> backfill(source, target).listener(mistake).build().run());
                assertThat(written).as("the application's row was written during the run").isTrue();
            }

            assertThat(failure).isNotNull();
            assertThat(failure.table()).isEqualTo("\"plant\".\"batches\"");
            assertThat(failure.sqlState()).hasValue("23505");
            long doneBefore = Long.parseLong(target.value(
                    "SELECT count(*) FROM timescale_migrate.units WHERE done_at IS NOT NULL"));
            assertThat(doneBefore).as("units finished before the failure").isGreaterThanOrEqualTo(2);

            target.execute("DELETE FROM plant.batches WHERE batch_no = 5500");
            MigrationReport second = backfill(source, target).build().run();

            assertThat(second.resumed()).isTrue();
            assertThat(second.unitsSkipped()).as("finished units are not copied again").isEqualTo(doneBefore);
            assertTargetEqualsSource(target, second);
        }
    }

    @Test
    void shouldNameEveryProblemBeforeWritingAnything() {
        try (TestDatabase target = source.sibling("bf_dst_bad")) {
            migration(source, target).schemaOnly().build().run();
            target.execute("INSERT INTO plant.notes VALUES ('written on the target', NULL)");
            target.execute("ALTER TABLE plant.machines ADD COLUMN extra integer");
            target.execute("ALTER TABLE plant.machines ALTER COLUMN line TYPE varchar(20)");
            target.execute("INSERT INTO plant.readings VALUES ('2025-03-10 00:00:00+00', 1, 20, 'early')");

            ConfigurationException problem = catchThrowableOfType(ConfigurationException.class,
                    () -> migration(source, target).backfillUntil(CUTOFF).build().run());

            assertThat(problem).isNotNull();
            assertThat(problem.problems()).anySatisfy(p -> assertThat(p).contains("\"plant\".\"batches\"")
                    .contains("integer column \"batch_no\"").contains("--backfill-until=plant.batches:VALUE"));
            assertThat(problem.problems()).anySatisfy(p -> assertThat(p).contains("\"plant\".\"notes\"")
                    .contains("neither a time column nor a primary or unique key"));
            assertThat(problem.problems()).anySatisfy(p -> assertThat(p).contains("\"plant\".\"machines\"")
                    .contains("column \"extra\" integer is not on the source")
                    .contains("column \"line\" is character varying(20), not text"));
            assertThat(problem.problems()).anySatisfy(p -> assertThat(p).contains("\"plant\".\"readings\" already holds "
                    + "rows with \"ts\" < 2025-03-15 00:00:00.000000+00 on the target"));
            assertThat(target.value("SELECT count(*) FROM plant.readings")).isEqualTo("1");
            assertThat(target.value("SELECT count(*) FROM plant.notes")).isEqualTo("1");
        }
    }

    @Test
    void shouldCreateTheSchemaWithoutRowsWithEveryStrategy() {
        for (var strategy : List.of(Strategies.perTable(), Strategies.streaming())) {
            try (TestDatabase target = source.sibling("bf_dst_" + strategy.name().replace('-', '_'))) {
                dev.timescalemigrate.MigrationPlan plan = migration(source, target).strategy(strategy).schemaOnly()
                        .build().plan();
                assertThat(plan.copySteps()).as(strategy.name()).isEmpty();
                assertThat(plan.notes()).anySatisfy(n -> assertThat(n).startsWith("schema only: no rows are copied"));

                migration(source, target).strategy(strategy).schemaOnly().build().run();

                assertThat(target.column("SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE nspname = 'plant' AND relkind = 'r' ORDER BY 1")).as(strategy.name())
                        .containsExactly("batches", "machines", "notes", "readings");
                assertThat(target.value("SELECT (SELECT count(*) FROM plant.readings) + (SELECT count(*) FROM "
                        + "plant.batches) + (SELECT count(*) FROM plant.machines) + (SELECT count(*) FROM plant.notes)"))
                        .as(strategy.name() + ": no rows").isEqualTo("0");
                assertThat(target.value("SELECT count(*) FROM timescaledb_information.hypertables "
                        + "WHERE hypertable_schema = 'plant'")).as(strategy.name()).isEqualTo("2");
                assertThat(target.value("SELECT count(*) FROM pg_constraint WHERE contype = 'f' "
                        + "AND connamespace = 'plant'::regnamespace")).as(strategy.name() + ": foreign keys wait")
                        .isEqualTo("0");
                assertThat(target.column("SELECT scheduled::text FROM timescaledb_information.jobs WHERE job_id >= 1000"))
                        .as(strategy.name() + ": jobs paused").allSatisfy(j -> assertThat(j).isEqualTo("false"));
            }
        }
    }

    @Test
    void shouldShowTheCutoffAndEachTablesRowsInThePlan() {
        try (TestDatabase target = source.sibling("bf_dst_plan")) {
            migration(source, target).schemaOnly().build().run();

            String plan = backfill(source, target).build().plan().toString();

            assertThat(plan).startsWith("Plan (backfill)")
                    .contains("note: backfill up to 2025-03-15T00:00:00Z into the existing tables of the target")
                    .contains("[backfill] \"plant\".\"readings\": rows with \"ts\" < 2025-03-15 00:00:00.000000+00")
                    .contains("[backfill] \"plant\".\"batches\": rows with \"batch_no\" < 10000")
                    .contains("[backfill] \"plant\".\"machines\": rows whose key (\"machine_id\") the target lacks")
                    .contains("replace its materialized rows before 2025-03-15 00:00:00.000000+00 with the source's")
                    .contains("ADD CONSTRAINT \"readings_machine_id_fkey\" FOREIGN KEY")
                    .contains("sequence \"plant\".\"ticket_seq\": the larger of the target's position");
            assertThat(target.value("SELECT count(*) FROM plant.readings")).as("a plan writes nothing").isEqualTo("0");
        }
    }

    /**
     * With the streaming strategy, a plain source table becomes a compressed hypertable: the backfill compresses
     * the chunks of its history, as the streaming strategy compresses every chunk it fills.
     */
    @Test
    void shouldCompressTheHistoryOfTheStreamingStrategysHypertables() {
        source.execute("CREATE TABLE plant.log (at timestamptz NOT NULL, machine_id integer NOT NULL, v integer)");
        source.execute("""
                INSERT INTO plant.log SELECT timestamptz '2025-03-10 00:00:00+00' + g * interval '10 minutes',
                                             1 + g % 8, g FROM generate_series(0, 5 * 144 - 1) g""");
        try (TestDatabase target = source.sibling("bf_dst_stream")) {
            java.util.function.Supplier<Migration.Builder> streaming = () -> migration(source, target)
                    .strategy(Strategies.streaming()).include("plant.log")
                    .hypertable("plant.log", h -> h.timeColumn("at").chunkInterval(java.time.Duration.ofDays(1))
                            .segmentBy("machine_id").orderBy("at DESC").compressAfter(java.time.Duration.ofDays(3650)));
            streaming.get().schemaOnly().build().run();
            assertThat(target.value("SELECT count(*) FROM timescaledb_information.jobs WHERE hypertable_name = 'log'"))
                    .as("no policy compresses what the application and the backfill write into").isEqualTo("0");
            for (TestDatabase db : List.of(source, target)) {
                db.execute("INSERT INTO plant.log SELECT timestamptz '2025-03-15 00:00:00+00' + g * interval '10 minutes',"
                        + " 9, -g FROM generate_series(0, 143) g");
            }

            MigrationReport report = streaming.get().backfillUntil(CUTOFF).verify(true).build().run();

            assertThat(report.verificationReport().orElseThrow().mismatches()).isEmpty();
            assertThat(target.value("SELECT count(*) || ' ' || sum(v) FROM plant.log"))
                    .isEqualTo(source.value("SELECT count(*) || ' ' || sum(v) FROM plant.log"));
            assertThat(target.column("SELECT range_start::date || ' ' || is_compressed FROM "
                    + "timescaledb_information.chunks WHERE hypertable_name = 'log' ORDER BY range_start"))
                    .containsExactly("2025-03-10 true", "2025-03-11 true", "2025-03-12 true", "2025-03-13 true",
                            "2025-03-14 true", "2025-03-15 false");
            assertThat(target.value("SELECT proc_name || ' ' || scheduled FROM timescaledb_information.jobs "
                    + "WHERE hypertable_name = 'log'")).as("the rule's policy, added by the backfill")
                    .isEqualTo("policy_compression true");
        }
    }

    /**
     * A bucket across the cutoff takes the target's value, computed from all its raw rows (the backfilled and the
     * application's), not the source's, which it materialized before the application's rows of the bucket came.
     */
    @Test
    void shouldLeaveABucketAcrossTheCutoffToTheTargetsRefresh() {
        source.execute("CREATE TABLE plant.flow (ts timestamptz NOT NULL, v integer NOT NULL)");
        source.execute("SELECT create_hypertable('plant.flow', 'ts', chunk_time_interval => interval '1 day')");
        source.execute("INSERT INTO plant.flow SELECT timestamptz '2025-03-10 00:00:00+00' + g * interval '10 minutes',"
                + " g FROM generate_series(0, 5 * 144 + 72 - 1) g"); // to 2025-03-15 12:00
        source.execute("""
                CREATE MATERIALIZED VIEW plant.flow_daily WITH (timescaledb.continuous,
                    timescaledb.materialized_only = false) AS
                SELECT time_bucket(interval '1 day', ts) AS day, count(*) AS n, sum(v) AS total
                FROM plant.flow GROUP BY 1 WITH NO DATA""");
        // the source materializes 2025-03-15 with its morning only
        source.execute("CALL refresh_continuous_aggregate('plant.flow_daily', NULL, timestamptz '2025-03-16 00:00:00+00')");
        Instant noon = Instant.parse("2025-03-15T12:00:00Z");
        try (TestDatabase target = source.sibling("bf_dst_across")) {
            migration(source, target).include("plant.flow").schemaOnly().build().run();
            for (TestDatabase db : List.of(source, target)) {
                db.execute("INSERT INTO plant.flow SELECT timestamptz '2025-03-15 12:00:00+00' + g * interval '10 minutes',"
                        + " 1000 + g FROM generate_series(0, 71) g");
            }

            MigrationReport report = migration(source, target).include("plant.flow").backfillUntil(noon).verify(true)
                    .build().run();

            assertThat(report.verificationReport().orElseThrow().mismatches()).isEmpty();
            assertThat(target.value("SELECT n FROM plant.flow_daily WHERE day = '2025-03-15'"))
                    .as("the whole day, from every raw row").isEqualTo("144");
            assertThat(source.value("SELECT n FROM plant.flow_daily WHERE day = '2025-03-15'"))
                    .as("the source's materialized morning").isEqualTo("72");
            source.execute("CALL refresh_continuous_aggregate('plant.flow_daily', NULL, "
                    + "timestamptz '2025-03-16 00:00:00+00')");
            assertThat(target.column("SELECT t::text FROM plant.flow_daily t ORDER BY 1"))
                    .isEqualTo(source.column("SELECT t::text FROM plant.flow_daily t ORDER BY 1")).hasSize(6);
        }
    }

    /** The same across an integer bound: the bucket [50, 60) across the bound 55 is the target's. */
    @Test
    void shouldLeaveAnIntegerBucketAcrossTheBoundToTheTargetsRefresh() {
        source.execute("CREATE FUNCTION plant.count_now() RETURNS bigint LANGUAGE sql STABLE AS 'SELECT 1000::bigint'");
        source.execute("CREATE TABLE plant.counts (n bigint NOT NULL, v integer NOT NULL)");
        source.execute("SELECT create_hypertable('plant.counts', 'n', chunk_time_interval => 100)");
        source.execute("SELECT set_integer_now_func('plant.counts', 'plant.count_now')");
        source.execute("INSERT INTO plant.counts SELECT g, g FROM generate_series(0, 54) g");
        source.execute("""
                CREATE MATERIALIZED VIEW plant.per_ten WITH (timescaledb.continuous,
                    timescaledb.materialized_only = false) AS
                SELECT time_bucket(10::bigint, n) AS ten, count(*) AS c, sum(v) AS total
                FROM plant.counts GROUP BY 1 WITH NO DATA""");
        source.execute("CALL refresh_continuous_aggregate('plant.per_ten', NULL, 60::bigint)");
        try (TestDatabase target = source.sibling("bf_dst_int")) {
            migration(source, target).include("plant.counts").schemaOnly().build().run();
            for (TestDatabase db : List.of(source, target)) {
                db.execute("INSERT INTO plant.counts SELECT g, 100 + g FROM generate_series(55, 79) g");
            }

            MigrationReport report = migration(source, target).include("plant.counts").backfillUntil(CUTOFF)
                    .backfillUntil("plant.counts", 55).verify(true).build().run();

            assertThat(report.verificationReport().orElseThrow().mismatches()).isEmpty();
            assertThat(target.value("SELECT c FROM plant.per_ten WHERE ten = 50"))
                    .as("the bucket across the bound, from every raw row").isEqualTo("10");
            assertThat(source.value("SELECT c FROM plant.per_ten WHERE ten = 50"))
                    .as("the source's, materialized before the application's rows").isEqualTo("5");
            source.execute("CALL refresh_continuous_aggregate('plant.per_ten', NULL, 60::bigint)");
            assertThat(target.column("SELECT t::text FROM plant.per_ten t ORDER BY 1"))
                    .isEqualTo(source.column("SELECT t::text FROM plant.per_ten t ORDER BY 1")).hasSize(8);
        }
    }
}
