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
}
