package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.CompressionSettings;
import dev.timescalemigrate.model.ContinuousAggregate;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Dimension;
import dev.timescalemigrate.model.Hypertable;
import dev.timescalemigrate.model.Index;
import dev.timescalemigrate.model.Job;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.ServerInfo;
import dev.timescalemigrate.model.TimescaleModel;
import dev.timescalemigrate.model.View;
import dev.timescalemigrate.spi.DdlStatement;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQL that recreates continuous aggregates, compression settings and jobs, by target version. (Running it needs
 * a Timescale-licensed server: WholeDatabaseTimescaleIT.)
 */
class TimescaleDdlTest {

    private static final QualifiedName CPU = QualifiedName.of("tsdb", "cpu");
    private static final QualifiedName TICKS = QualifiedName.of("tsdb", "ticks");
    private static final QualifiedName HOURLY = QualifiedName.of("tsdb", "cpu hourly");
    private static final QualifiedName MAT = QualifiedName.of("_timescaledb_internal", "_materialized_hypertable_7");
    private static final QualifiedName POLICIES = QualifiedName.of("_timescaledb_functions", "x");

    private static QualifiedName proc(String name) {
        return QualifiedName.of(POLICIES.schema(), name);
    }

    private static DatabaseModel model() {
        CompressionSettings settings = new CompressionSettings(List.of("host"),
                List.of(new CompressionSettings.OrderBy("ts", true, true)));
        Hypertable cpu = new Hypertable(CPU, List.of(Dimension.builder("ts", "timestamp with time zone",
                Dimension.Kind.TIME).timeInterval("1 day").build()), settings);
        Hypertable ticks = new Hypertable(TICKS, List.of(Dimension.builder("tick", "integer", Dimension.Kind.TIME)
                .integerInterval(1000L).build()), settings);
        ContinuousAggregate hourly = ContinuousAggregate.builder(HOURLY).hypertable(CPU).materializationHypertable(MAT)
                .materializedOnly(false).finalized(true)
                .definition(" SELECT public.time_bucket('01:00:00'::interval, cpu.ts) AS bucket, count(*) AS n "
                        + "FROM tsdb.cpu GROUP BY (public.time_bucket('01:00:00'::interval, cpu.ts))")
                .compression(settings).comment("hourly, it's")
                .indexes(List.of(Index.builder("hourly_n").unique(false).method("btree").keys(List.of("n"))
                        .definition("CREATE INDEX hourly_n ON tsdb.hourly USING btree (n)").build()))
                .build();
        View onHourly = View.builder(QualifiedName.of("tsdb", "busy_hours")).materialized(false)
                .columns(List.of("bucket")).definition(" SELECT bucket FROM tsdb.\"cpu hourly\"")
                .dependsOn(List.of(HOURLY)).build();
        List<Job> jobs = List.of(
                Job.builder(1000, proc("policy_compression")).hypertable(CPU).scheduleInterval("12:00:00")
                        .maxRuntime("00:00:00").maxRetries(-1).retryPeriod("01:00:00").scheduled(false)
                        .config("{\"hypertable_id\": 1, \"compress_after\": \"7 days\"}").build(),
                Job.builder(1001, proc("policy_compression")).hypertable(TICKS).scheduleInterval("12:00:00")
                        .maxRuntime("00:00:00").maxRetries(-1).retryPeriod("01:00:00").scheduled(true)
                        .config("{\"hypertable_id\": 2, \"compress_after\": 5000, \"maxchunks_to_compress\": 10, \"recompress\": false}")
                        .build(),
                Job.builder(1002, proc("policy_retention")).hypertable(CPU).scheduleInterval("1 day")
                        .maxRuntime("00:05:00").maxRetries(3).retryPeriod("00:10:00").scheduled(true)
                        .config("{\"hypertable_id\": 1, \"drop_created_before\": \"1 year\"}").build(),
                Job.builder(1003, proc("policy_refresh_continuous_aggregate")).hypertable(MAT)
                        .scheduleInterval("01:00:00").maxRuntime("00:00:00").maxRetries(-1).retryPeriod("01:00:00")
                        .scheduled(true)
                        .config("{\"end_offset\": \"01:00:00\", \"start_offset\": null, \"mat_hypertable_id\": 7}")
                        .build(),
                Job.builder(1004, proc("policy_reorder")).hypertable(CPU).scheduleInterval("1 day")
                        .maxRuntime("00:00:00").maxRetries(-1).retryPeriod("00:05:00").scheduled(true)
                        .config("{\"index_name\": \"cpu_host_ts\", \"hypertable_id\": 1}").build(),
                Job.builder(1005, QualifiedName.of("ops", "it's a job")).scheduleInterval("00:10:00")
                        .maxRuntime("00:00:00").maxRetries(-1).retryPeriod("00:05:00").scheduled(false)
                        .fixedSchedule(true).config("{\"note\": \"x'y\"}").build());
        return DatabaseModel.builder().views(List.of(onHourly))
                .timescale(new TimescaleModel(List.of(cpu, ticks), List.of(hourly), jobs)).build();
    }

    private static ServerInfo server(String timescale) {
        return ServerInfo.builder().database("db").serverVersion("15").serverVersionNum(150000).user("u")
                .superuser(false).timescaleVersion(timescale).timescaleLicense("timescale").build();
    }

    private static List<String> sql(List<DdlStatement> statements, DdlStatement.Kind kind) {
        return statements.stream().filter(s -> s.kind() == kind).map(DdlStatement::sql).toList();
    }

    @Test
    void shouldUseTheCompressionNamesBefore218() {
        List<DdlStatement> ddl = new DdlGenerator(server("2.17.2")).generate(model());

        assertThat(sql(ddl, DdlStatement.Kind.COMPRESSION)).contains("ALTER TABLE \"tsdb\".\"cpu\" SET "
                + "(timescaledb.compress, timescaledb.compress_segmentby = '\"host\"', "
                + "timescaledb.compress_orderby = '\"ts\" DESC NULLS FIRST')");
        List<String> jobs = sql(ddl, DdlStatement.Kind.JOB);
        assertThat(jobs).hasSize(6);
        assertThat(jobs.get(0)).isEqualTo("SELECT public.alter_job(public.add_compression_policy("
                + "'\"tsdb\".\"cpu\"'::pg_catalog.regclass, compress_after => '7 days'::interval, "
                + "schedule_interval => '12:00:00'::interval, if_not_exists => true), "
                + "schedule_interval => '12:00:00'::interval, max_runtime => '00:00:00'::interval, max_retries => -1, retry_period => '01:00:00'::interval, "
                + "scheduled => false)");
        assertThat(jobs.get(1)).as("an integer offset has the time column's type")
                .contains("compress_after => 5000::integer")
                .as("settings the policy function has no argument for, set on the job its function returned")
                .startsWith("SELECT public.alter_job(j.job_id, config => j.config || "
                        + "'{\"maxchunks_to_compress\":10,\"recompress\":false}'::jsonb) FROM public.alter_job("
                        + "public.add_compression_policy('\"tsdb\".\"ticks\"'")
                .endsWith("scheduled => true) j");
        assertThat(jobs.get(2)).contains("public.add_retention_policy('\"tsdb\".\"cpu\"'")
                .contains("drop_created_before => '1 year'::interval").contains("max_retries => 3");
        assertThat(jobs.get(3)).as("a refresh policy names the aggregate, not its materialization hypertable")
                .contains("add_continuous_aggregate_policy('\"tsdb\".\"cpu hourly\"'::pg_catalog.regclass, "
                        + "start_offset => NULL, end_offset => '01:00:00'::interval");
        assertThat(jobs.get(4)).contains("add_reorder_policy(").contains("index_name => 'cpu_host_ts'")
                .as("the schedule, which add_reorder_policy takes no argument for")
                .contains("schedule_interval => '1 day'::interval");
        assertThat(jobs.get(5)).isEqualTo("SELECT public.alter_job(public.add_job("
                + "'\"ops\".\"it''s a job\"'::pg_catalog.regproc, '00:10:00'::interval, "
                + "config => '{\"note\": \"x''y\"}'::jsonb, fixed_schedule => true), "
                + "schedule_interval => '00:10:00'::interval, max_runtime => '00:00:00'::interval, "
                + "max_retries => -1, retry_period => '00:05:00'::interval, fixed_schedule => true, scheduled => false)");
    }

    @Test
    void shouldUseTheColumnstoreNamesFrom218() {
        List<DdlStatement> ddl = new DdlGenerator(server("2.19.3")).generate(model());

        assertThat(sql(ddl, DdlStatement.Kind.COMPRESSION)).contains("ALTER TABLE \"tsdb\".\"cpu\" SET "
                + "(timescaledb.enable_columnstore, timescaledb.segmentby = '\"host\"', "
                + "timescaledb.orderby = '\"ts\" DESC NULLS FIRST')");
        List<String> jobs = sql(ddl, DdlStatement.Kind.JOB);
        assertThat(jobs.get(0)).isEqualTo("CALL public.add_columnstore_policy('\"tsdb\".\"cpu\"'::pg_catalog.regclass, "
                + "after => '7 days'::interval, schedule_interval => '12:00:00'::interval, if_not_exists => true)");
        assertThat(jobs.get(1)).as("the procedure returns no id: the job is found by its hypertable")
                .startsWith("SELECT public.alter_job(j.job_id, schedule_interval => '12:00:00'::interval, "
                        + "max_runtime => '00:00:00'::interval")
                .contains("scheduled => false").contains("'tsdb', 'cpu'");
        assertThat(sql(ddl, DdlStatement.Kind.CONTINUOUS_AGGREGATE)).as("an aggregate keeps its own settings")
                .contains("ALTER MATERIALIZED VIEW \"tsdb\".\"cpu hourly\" SET (timescaledb.enable_columnstore, "
                        + "timescaledb.segmentby = '\"host\"', timescaledb.orderby = '\"ts\" DESC NULLS FIRST')");
    }

    @Test
    void shouldCreateAggregatesEmptyAfterTheDataAndViewsOverThemAfterThose() {
        List<DdlStatement> ddl = new DdlGenerator(server("2.17.2")).generate(model());

        List<String> aggregate = sql(ddl, DdlStatement.Kind.CONTINUOUS_AGGREGATE);
        assertThat(aggregate.get(0)).isEqualTo("CREATE MATERIALIZED VIEW \"tsdb\".\"cpu hourly\" WITH "
                + "(timescaledb.continuous, timescaledb.materialized_only = false) AS  SELECT "
                + "public.time_bucket('01:00:00'::interval, cpu.ts) AS bucket, count(*) AS n FROM tsdb.cpu GROUP BY "
                + "(public.time_bucket('01:00:00'::interval, cpu.ts)) WITH NO DATA");
        assertThat(aggregate).contains("COMMENT ON MATERIALIZED VIEW \"tsdb\".\"cpu hourly\" IS 'hourly, it''s'",
                "ALTER MATERIALIZED VIEW \"tsdb\".\"cpu hourly\" SET (timescaledb.compress, "
                        + "timescaledb.compress_segmentby = '\"host\"', "
                        + "timescaledb.compress_orderby = '\"ts\" DESC NULLS FIRST')",
                "CREATE INDEX hourly_n ON tsdb.hourly USING btree (n)");
        int create = indexOf(ddl, DdlStatement.Kind.CONTINUOUS_AGGREGATE);
        int view = indexOf(ddl, DdlStatement.Kind.VIEW);
        int job = indexOf(ddl, DdlStatement.Kind.JOB);
        assertThat(ddl.get(create).phase()).isEqualTo(DdlStatement.Phase.POST_DATA);
        assertThat(ddl.get(view).phase()).as("a view over an aggregate waits for it")
                .isEqualTo(DdlStatement.Phase.POST_DATA);
        assertThat(create).isLessThan(view);
        assertThat(view).isLessThan(job);
    }

    private static int indexOf(List<DdlStatement> ddl, DdlStatement.Kind kind) {
        for (int i = 0; i < ddl.size(); i++) {
            if (ddl.get(i).kind() == kind) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void shouldAlterAHypertableWithoutOnlyWhichTimescaleRefuses() {
        assertThat(DdlGenerator.withoutOnly("ALTER TABLE ONLY \"tsdb\".\"cpu\" ALTER COLUMN \"v\" SET STATISTICS 500", CPU))
                .isEqualTo("ALTER TABLE \"tsdb\".\"cpu\" ALTER COLUMN \"v\" SET STATISTICS 500");
        assertThat(DdlGenerator.withoutOnly("ALTER TABLE ONLY \"tsdb\".\"cpu\" FORCE ROW LEVEL SECURITY", CPU))
                .isEqualTo("ALTER TABLE \"tsdb\".\"cpu\" FORCE ROW LEVEL SECURITY");
        assertThat(DdlGenerator.withoutOnly("ALTER TABLE ONLY \"tsdb\".\"ticks\" CLUSTER ON i", CPU))
                .as("another table's statement").isEqualTo("ALTER TABLE ONLY \"tsdb\".\"ticks\" CLUSTER ON i");
        assertThat(DdlGenerator.withoutOnly("COMMENT ON TABLE \"tsdb\".\"cpu\" IS 'ALTER TABLE ONLY'", CPU))
                .isEqualTo("COMMENT ON TABLE \"tsdb\".\"cpu\" IS 'ALTER TABLE ONLY'");
    }
}
