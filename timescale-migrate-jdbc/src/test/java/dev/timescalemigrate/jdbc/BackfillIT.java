package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.Strategies;
import dev.timescalemigrate.VerificationReport;
import dev.timescalemigrate.exception.ConfigurationException;
import dev.timescalemigrate.exception.DataTransferException;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;
import dev.timescalemigrate.testing.TimescaleOracle;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

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

    static final Instant CUTOFF = Instant.parse("2025-03-15T00:00:00Z");
    static final long BATCH_CUTOFF = 10_000;

    @Database(label = "bf_src", licensed = true, fixture = "/fixtures/timescale-backfill.sql")
    TestDatabase source;

    private static Migration.Builder migration(TestDatabase source, TestDatabase target) {
        return Migration.builder().source(source.dataSource()).target(target.dataSource())
                .strategy(Strategies.wholeDatabase()).parallelism(2).unitBytes(1024 * 1024);
    }

    private static Migration.Builder backfill(TestDatabase source, TestDatabase target) {
        return migration(source, target).backfillUntil(CUTOFF).backfillUntil("plant.batches", BATCH_CUTOFF)
                .verify(true);
    }

    /** What the application writes into both databases from the cutoff on. */
    static void writeNewest(TestDatabase db) {
        db.execute("INSERT INTO plant.machines VALUES (9, 'machine-9', 'line-1')");
        db.execute("""
                INSERT INTO plant.readings
                SELECT timestamptz '2025-03-15 00:00:00+00' + (g / 9) * interval '2 minutes', 1 + g % 9,
                       30 + (g % 50) / 3.0, 'new'
                FROM generate_series(0, 720 * 9 - 1) g""");
        db.execute("INSERT INTO plant.batches SELECT g, 1 + g % 9, g % 13 FROM generate_series(10000, 10999) g");
    }

    /** Schema only, then the application's writes into both, then (on the source) its aggregate's refresh. */
    private void schemaThenDualWrites(TestDatabase target) {
        MigrationReport schema = migration(source, target).schemaOnly().build().run();

        assertThat(schema.tables()).as("no rows copied").allSatisfy(t -> assertThat(t.rows()).isZero());
        assertThat(target.value("SELECT count(*) FROM plant.readings")).isEqualTo("0");
        assertThat(target.value("SELECT count(*) FROM plant.machines")).isEqualTo("0");
        assertThat(target.value("SELECT count(*) FROM plant.hourly")).as("the aggregate exists, empty").isEqualTo("0");
        assertThat(target.column("SELECT proc_name || ' ' || scheduled FROM timescaledb_information.jobs "
                + "WHERE job_id >= 1000 ORDER BY 1"))
                .as("every job created paused").hasSize(3).allSatisfy(j -> assertThat(j).endsWith(" false"));
        assertThat(target.value("SELECT last_value FROM plant.ticket_seq")).isEqualTo("500");
        assertThat(target.column("SELECT hypertable_name || ' ' || compression_enabled "
                + "FROM timescaledb_information.hypertables WHERE hypertable_schema = 'plant' ORDER BY 1"))
                .containsExactly("batches true", "readings true");

        writeNewest(source);
        writeNewest(target);
        source.execute("CALL refresh_continuous_aggregate('plant.hourly', timestamptz '2025-03-14 00:00:00+00', "
                + "timestamptz '2025-03-16 00:00:00+00')");
        // the sequences move on both sides: the source's further along for one, the target's for the other
        source.execute("SELECT nextval('plant.ticket_seq') FROM generate_series(1, 10)");
        target.execute("SELECT nextval('plant.ticket_seq') FROM generate_series(1, 3)");
        target.execute("SELECT setval('plant.order_seq', 120)");
    }

    private void assertTargetEqualsSource(TestDatabase target, MigrationReport report) {
        VerificationReport verification = report.verificationReport().orElseThrow();
        assertThat(verification.mismatches()).isEmpty();
        assertThat(verification.tables()).extracting(t -> t.table().name() + ": " + t.compared())
                .contains("readings: rows with \"ts\" < 2025-03-15 00:00:00.000000+00",
                        "batches: rows with \"batch_no\" < 10000",
                        "machines: " + VerificationReport.EVERY_ROW, "notes: " + VerificationReport.EVERY_ROW);
        Map<String, List<String>> expected = TimescaleOracle.describe(source, "plant");
        Map<String, List<String>> actual = TimescaleOracle.describe(target, "plant");
        expected.forEach((section, lines) -> assertThat(actual.get(section)).as(section).isEqualTo(lines));
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        assertThat(target.value("SELECT count(*) FROM plant.hourly WHERE hour < '2025-03-04 00:00:00+00'"))
                .as("hourly buckets whose raw rows the source had dropped").isEqualTo(String.valueOf(3 * 24 * 8));
        assertThat(target.value("SELECT last_value FROM plant.ticket_seq")).as("the source's, further along")
                .isEqualTo("510");
        assertThat(target.value("SELECT last_value FROM plant.order_seq")).as("the target's, further along")
                .isEqualTo("120");
        assertThat(target.value("SELECT count(*) FROM (SELECT machine_id, ts FROM plant.readings "
                + "GROUP BY 1, 2 HAVING count(*) > 1) d")).as("no row twice").isEqualTo("0");
        // the backfilled history is no invalidation: a refresh of the target's whole history keeps its buckets
        target.execute("CALL refresh_continuous_aggregate('plant.hourly', NULL, timestamptz '2025-03-15 00:00:00+00')");
        assertThat(target.value("SELECT count(*) FROM plant.hourly WHERE hour < '2025-03-04 00:00:00+00'"))
                .as("history kept through the target's own refresh").isEqualTo(String.valueOf(3 * 24 * 8));
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
            assertThat(target.column("SELECT proc_name || ' ' || scheduled FROM timescaledb_information.jobs "
                    + "WHERE job_id >= 1000 ORDER BY 1")).as("the source's states")
                    .containsExactly("policy_compression false", "policy_compression true",
                            "policy_refresh_continuous_aggregate false");
        }
    }

    @Test
    void shouldResumeAFailedBackfillWithoutCopyingARowTwice() {
        try (TestDatabase target = source.sibling("bf_dst_resume")) {
            schemaThenDualWrites(target);
            // a row the application wrote before the cutoff by mistake: the batches unit fails on its key
            target.execute("INSERT INTO plant.batches VALUES (5500, 5, 0)");

            DataTransferException failure = catchThrowableOfType(DataTransferException.class,
                    () -> backfill(source, target).build().run());

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
            assertThat(target.value("SELECT count(*) FROM plant.readings")).isEqualTo("0");
            assertThat(target.value("SELECT count(*) FROM plant.notes")).isEqualTo("1");
        }
    }
}
