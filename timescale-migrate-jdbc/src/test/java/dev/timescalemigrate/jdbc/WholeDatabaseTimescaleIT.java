package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.DatabaseInspector;
import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.model.ContinuousAggregate;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole-database strategy with the TimescaleDB features that need the Timescale License: compression (the
 * target ends with the same chunks compressed), a continuous aggregate whose oldest raw rows are gone (its
 * materialized rows and watermark arrive, and a later refresh does not recompute them away), and policies with
 * their configuration and paused state. On the Timescale-licensed test server.
 */
class WholeDatabaseTimescaleIT {

    @Database(label = "whole_ts_src", licensed = true, timescale = true, fixture = "/fixtures/timescale-licensed.sql")
    private static TestDatabase source;

    private static final String CHUNKS = """
            SELECT hypertable_name || ' ' || count(*) FILTER (WHERE is_compressed) || '/' || count(*)
            FROM timescaledb_information.chunks WHERE hypertable_schema = 'tsdb' GROUP BY hypertable_name ORDER BY 1""";

    private static final String AGGREGATE_CHUNKS = """
            SELECT count(*) FILTER (WHERE c.is_compressed) || '/' || count(*)
            FROM timescaledb_information.chunks c JOIN timescaledb_information.continuous_aggregates a
              ON c.hypertable_schema = a.materialization_hypertable_schema
             AND c.hypertable_name = a.materialization_hypertable_name
            WHERE a.view_name = 'cpu_hourly'""";

    private static final String AGGREGATE = """
            SELECT bucket || ' ' || host || ' ' || avg_usage || ' ' || max_usage || ' ' || samples
            FROM tsdb.cpu_hourly ORDER BY bucket, host""";

    private static final String JOBS = """
            SELECT proc_name || ' ' || CASE WHEN hypertable_name LIKE '\\_materialized%' THEN 'cpu_hourly'
                                            ELSE hypertable_name END
                   || ' ' || schedule_interval || ' ' || scheduled || ' ' || max_retries || ' '
                   || (config - 'hypertable_id' - 'mat_hypertable_id')::text
            FROM timescaledb_information.jobs WHERE job_id >= 1000 ORDER BY 1""";

    @Test
    void shouldCarryCompressionAggregatesWithTheirDataAndPolicies() {
        try (TestDatabase target = source.sibling("whole_ts_dst").withTimescale()) {
            MigrationReport report = Migration.builder().source(source.dataSource()).target(target.dataSource())
                    .strategy("whole-database").parallelism(2).verify(true).build().run();

            assertThat(report.verificationReport().orElseThrow().mismatches()).isEmpty();
            DatabaseModel expected = DatabaseInspector.of(source.dataSource()).model();
            DatabaseModel actual = DatabaseInspector.of(target.dataSource()).model();
            assertThat(actual.timescale().hypertables()).as("dimensions, chunk intervals, compression settings")
                    .isEqualTo(expected.timescale().hypertables());
            assertThat(actual.timescale().continuousAggregates()).hasSize(1);
            ContinuousAggregate e = expected.timescale().continuousAggregates().get(0);
            ContinuousAggregate a = actual.timescale().continuousAggregates().get(0);
            assertThat(List.of(a.view(), a.hypertable(), a.materializedOnly(), a.definition()))
                    .isEqualTo(List.of(e.view(), e.hypertable(), e.materializedOnly(), e.definition()));

            assertThat(target.column(CHUNKS)).as("the same chunks compressed").isEqualTo(source.column(CHUNKS))
                    .contains("cpu 10/15");
            assertThat(target.value(AGGREGATE_CHUNKS)).as("the aggregate's compressed chunks")
                    .isEqualTo(source.value(AGGREGATE_CHUNKS)).doesNotStartWith("0/");
            List<String> rows = source.column(AGGREGATE);
            assertThat(target.column(AGGREGATE)).as("every bucket, real-time part included").isEqualTo(rows);
            assertThat(target.value("SELECT count(*) FROM tsdb.cpu_hourly WHERE bucket < '2024-01-06'"))
                    .as("buckets whose raw rows the source had dropped").isEqualTo("600");
            assertThat(target.value("SELECT count(*) FROM tsdb.cpu WHERE ts < '2024-01-06'")).isEqualTo("0");

            target.execute("CALL refresh_continuous_aggregate('tsdb.cpu_hourly', NULL, "
                    + "timestamptz '2024-01-19 00:00:00+00')");
            assertThat(target.value("SELECT count(*) FROM tsdb.cpu_hourly WHERE bucket < '2024-01-06'"))
                    .as("a later refresh does not recompute history from raw rows that are gone").isEqualTo("600");
            // the buckets of the rows changed after the source's refresh: stale on both until refreshed, then
            // recomputed on the target as on the source (the source's pending invalidations came along)
            // (from the first bucket with raw rows: the source's own refresh from NULL also empties the buckets whose
            // raw rows it dropped, which the target keeps)
            source.execute("CALL refresh_continuous_aggregate('tsdb.cpu_hourly', NULL, "
                    + "timestamptz '2024-01-19 00:00:00+00')");
            String kept = AGGREGATE.replace("FROM tsdb.cpu_hourly", "FROM tsdb.cpu_hourly WHERE bucket >= '2024-01-06'");
            String changed = "SELECT max_usage FROM tsdb.cpu_hourly WHERE bucket = '2024-01-10 10:00:00+00' "
                    + "AND host = 'host-0'";
            assertThat(source.value(changed)).as("the source's refresh recomputed the changed bucket")
                    .isNotEqualTo(rows.stream().filter(r -> r.startsWith("2024-01-10 10:00:00+00 host-0 "))
                            .findFirst().orElseThrow().split(" ")[4]);
            assertThat(target.value(changed)).isEqualTo(source.value(changed));
            assertThat(target.column(kept)).isEqualTo(source.column(kept));

            assertThat(target.column(JOBS)).as("policies with their configuration and paused state")
                    .isEqualTo(source.column(JOBS)).hasSize(4);
        }
    }

    @Test
    void shouldRecomputeTheMonthsWithPendingChangesAndKeepTheMonthWhoseRawRowsWerePartlyDropped() {
        try (TestDatabase monthly = TestDatabase.createLicensed("whole_ts_month_src").withTimescale();
             TestDatabase target = monthly.sibling("whole_ts_month_dst").withTimescale()) {
            monthly.execute("""
                    CREATE TABLE public.m (ts timestamptz NOT NULL, v bigint NOT NULL);
                    SELECT create_hypertable('public.m', 'ts', chunk_time_interval => interval '1 day');
                    INSERT INTO public.m SELECT g, 1
                      FROM generate_series(timestamptz '2024-01-01 00:00+00', '2024-03-31 23:00+00', interval '1 hour') g;
                    CREATE MATERIALIZED VIEW public.m_monthly WITH (timescaledb.continuous,
                      timescaledb.materialized_only = true) AS
                    SELECT time_bucket(interval '1 month', ts) AS month, sum(v) AS total FROM public.m GROUP BY 1
                    WITH NO DATA;
                    """);
            monthly.execute("CALL refresh_continuous_aggregate('public.m_monthly', NULL, "
                    + "timestamptz '2024-04-01 00:00+00')");
            monthly.execute("""
                    -- the first half of January dropped: January's bucket now lives in the aggregate only
                    SELECT drop_chunks('public.m', older_than => timestamptz '2024-01-15 00:00+00');
                    -- changed after the refresh: late January (its month is partly dropped) and March
                    UPDATE public.m SET v = 10 WHERE ts >= '2024-01-20' AND ts < '2024-01-21';
                    UPDATE public.m SET v = 10 WHERE ts >= '2024-03-10' AND ts < '2024-03-11';
                    """);
            Migration.builder().source(monthly.dataSource()).target(target.dataSource()).strategy("whole-database")
                    .build().run();
            for (TestDatabase side : List.of(monthly, target)) {
                side.execute("CALL refresh_continuous_aggregate('public.m_monthly', NULL, "
                        + "timestamptz '2024-04-01 00:00+00')");
            }
            String month = "SELECT total FROM public.m_monthly WHERE month = '%s'";
            // March: a whole month of raw rows on both sides, recomputed on the target as on the source
            assertThat(target.value(month.formatted("2024-03-01"))).isEqualTo(monthly.value(month.formatted("2024-03-01")))
                    .isEqualTo(Integer.toString(31 * 24 + 24 * 9));
            // January: not recomputed on the target from the half month of raw rows left (its pending change lies
            // within a bucket of the oldest raw chunk); the copy's materialized total stays
            assertThat(target.value(month.formatted("2024-01-01"))).isEqualTo(Integer.toString(31 * 24));
            assertThat(target.value(month.formatted("2024-02-01"))).isEqualTo(Integer.toString(29 * 24));
        }
    }
}
