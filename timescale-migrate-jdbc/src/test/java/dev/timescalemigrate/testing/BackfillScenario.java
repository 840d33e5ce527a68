package dev.timescalemigrate.testing;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backfill tests' scenario on {@code /fixtures/timescale-backfill.sql}, shared by the API's and the command
 * line's: what a schema-only run must leave, the application's writes into both databases from the cutoff
 * (2025-03-15 00:00 UTC, batch 10000) on, and the checks that the target then equals the source.
 */
public final class BackfillScenario {

    /** The cutoff. */
    public static final String CUTOFF = "2025-03-15T00:00:00Z";
    /** The integer hypertable's own bound. */
    public static final long BATCH_BOUND = 10_000;
    /** What the verification compares per table, as {@code name: compared}. */
    public static final List<String> COMPARED = List.of(
            "readings: rows with \"ts\" < 2025-03-15 00:00:00.000000+00", "batches: rows with \"batch_no\" < 10000",
            "machines: every row", "notes: every row");

    private BackfillScenario() {
    }

    /** What a schema-only run leaves: every object, no row, every job paused, the source's sequence positions. */
    public static void assertSchemaOnly(TestDatabase target) {
        assertThat(target.value("SELECT (SELECT count(*) FROM plant.readings) + (SELECT count(*) FROM plant.batches) "
                + "+ (SELECT count(*) FROM plant.machines) + (SELECT count(*) FROM plant.notes)")).as("no rows")
                .isEqualTo("0");
        assertThat(target.value("SELECT count(*) FROM plant.hourly")).as("the aggregate exists, empty").isEqualTo("0");
        assertThat(target.column("SELECT proc_name || ' ' || scheduled FROM timescaledb_information.jobs "
                + "WHERE job_id >= 1000 ORDER BY 1"))
                .as("every job created paused").hasSize(3).allSatisfy(j -> assertThat(j).endsWith(" false"));
        assertThat(target.value("SELECT last_value FROM plant.ticket_seq")).isEqualTo("500");
        assertThat(target.column("SELECT hypertable_name || ' ' || compression_enabled "
                + "FROM timescaledb_information.hypertables WHERE hypertable_schema = 'plant' ORDER BY 1"))
                .containsExactly("batches true", "readings true");
        assertThat(target.value("SELECT count(*) FROM pg_constraint WHERE contype = 'f' "
                + "AND connamespace = 'plant'::regnamespace")).as("foreign keys wait for the backfill").isEqualTo("0");
    }

    /**
     * The application at work after the schema-only run: its newest rows into both databases (a new machine, a day
     * of readings of every machine, batches from the bound on), the source's aggregate refreshed over them as its
     * policy would, and the sequences moved on both sides (one further along on the source, one on the target).
     */
    public static void dualWrites(TestDatabase source, TestDatabase target) {
        writeNewest(source);
        writeNewest(target);
        source.execute("CALL refresh_continuous_aggregate('plant.hourly', timestamptz '2025-03-14 00:00:00+00', "
                + "timestamptz '2025-03-16 00:00:00+00')");
        source.execute("SELECT nextval('plant.ticket_seq') FROM generate_series(1, 10)");
        target.execute("SELECT nextval('plant.ticket_seq') FROM generate_series(1, 3)");
        target.execute("SELECT setval('plant.order_seq', 120)");
    }

    private static void writeNewest(TestDatabase db) {
        db.execute("INSERT INTO plant.machines VALUES (9, 'machine-9', 'line-1')");
        db.execute("""
                INSERT INTO plant.readings
                SELECT timestamptz '2025-03-15 00:00:00+00' + (g / 9) * interval '2 minutes', 1 + g % 9,
                       30 + (g % 50) / 3.0, 'new'
                FROM generate_series(0, 720 * 9 - 1) g""");
        db.execute("INSERT INTO plant.batches SELECT g, 1 + g % 9, g % 13 FROM generate_series(10000, 10999) g");
    }

    /**
     * The target equals the source: TimescaleDB's objects and every row of every table and aggregate
     * ({@link TimescaleOracle}), aggregate history whose raw rows the source dropped included, kept through a refresh
     * of the target's whole history; sequences at the larger position; no row twice; the foreign keys in place; the
     * jobs in the source's states.
     */
    public static void assertEqual(TestDatabase source, TestDatabase target) {
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
                + "GROUP BY 1, 2 HAVING count(*) > 1) d")).as("no reading twice").isEqualTo("0");
        assertThat(target.value("SELECT count(*) FROM (SELECT machine_id, batch_no FROM plant.batches "
                + "GROUP BY 1, 2 HAVING count(*) > 1) d")).as("no batch twice").isEqualTo("0");
        assertThat(target.column("SELECT conname || ' ' || convalidated FROM pg_constraint WHERE contype = 'f' "
                + "AND connamespace = 'plant'::regnamespace ORDER BY 1"))
                .isEqualTo(source.column("SELECT conname || ' ' || convalidated FROM pg_constraint WHERE contype = 'f' "
                        + "AND connamespace = 'plant'::regnamespace ORDER BY 1")).hasSize(2);
        assertThat(target.value("SELECT obj_description(oid, 'pg_constraint') FROM pg_constraint "
                + "WHERE conname = 'readings_machine_id_fkey' AND conrelid = 'plant.readings'::regclass"))
                .as("the foreign key's comment, added with it")
                .isEqualTo("every reading names its machine");
        assertThat(target.column("SELECT proc_name || ' ' || scheduled FROM timescaledb_information.jobs "
                + "WHERE job_id >= 1000 ORDER BY 1")).as("the source's states")
                .containsExactly("policy_compression false", "policy_compression true",
                        "policy_refresh_continuous_aggregate false");
        // the backfilled history is no invalidation: a refresh of the target's whole history keeps its buckets
        target.execute("CALL refresh_continuous_aggregate('plant.hourly', NULL, timestamptz '2025-03-15 00:00:00+00')");
        assertThat(target.value("SELECT count(*) FROM plant.hourly WHERE hour < '2025-03-04 00:00:00+00'"))
                .as("history kept through the target's own refresh").isEqualTo(String.valueOf(3 * 24 * 8));
    }
}
