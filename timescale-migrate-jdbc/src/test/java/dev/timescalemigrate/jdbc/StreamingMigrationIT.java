package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationPlan;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.StorageReport;
import dev.timescalemigrate.Strategies;
import dev.timescalemigrate.TableReport;
import dev.timescalemigrate.exception.ConfigurationException;
import dev.timescalemigrate.exception.DataTransferException;
import dev.timescalemigrate.exception.ErrorCode;
import dev.timescalemigrate.testing.Faults;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The streaming strategy: hypertables inferred and created on the fly, data identical by checksum, resume after
 * an abort, the license preflight; and on the Timescale-licensed test server every chunk compressed with bounded
 * peak storage. The source is on the default server; targets on either.
 */
class StreamingMigrationIT {

    private static final int METRIC_ROWS = 216_000; // every 8 s for 20 days
    private static final int PARALLELISM = 2;
    @Database(label = "stream_src")
    private static TestDatabase source;

    @BeforeAll
    static void createSource() {
        source.execute("""
                CREATE SCHEMA app;
                CREATE TABLE app.metrics (ts timestamptz NOT NULL, device_id int NOT NULL, v double precision,
                                          note text, PRIMARY KEY (ts, device_id));
                INSERT INTO app.metrics SELECT timestamptz '2024-01-01 00:00:00+00' + g * interval '8 seconds',
                       g %% 50, g * 0.5, CASE WHEN g %% 7 = 0 THEN 'n' || (g %% 13) END
                FROM generate_series(0, %d) g;
                CREATE TABLE app.daily (day date NOT NULL, host text NOT NULL, hits int);
                CREATE INDEX ON app.daily (day);
                INSERT INTO app.daily SELECT date '2023-01-01' + (g / 40), 'h' || (g %% 40), g FROM generate_series(0, 29199) g;
                CREATE TABLE app.users (id bigint PRIMARY KEY, created_at timestamptz NOT NULL, name text);
                INSERT INTO app.users SELECT g, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour', 'u' || g
                FROM generate_series(1, 500) g;
                ANALYZE;
                """.formatted(METRIC_ROWS - 1));
    }

    private static boolean licensed(TestDatabase target) {
        return "timescale".equals(target.timescaleLicense());
    }

    /** A target on the default (Apache) server, or on the licensed one, which compresses. */
    private static TestDatabase target(String label, boolean licensed) {
        return (licensed ? TestDatabase.createLicensed(label) : TestDatabase.create(label)).withTimescale();
    }

    /**
     * A target for {@code "apache"} (the default server), or a licensed one of the TimescaleDB version named
     * ({@code "licensed 2.19.3"}: compressed after the copy; {@code "licensed 2.28.3"}: written compressed by COPY).
     */
    private static TestDatabase target(String label, String kind) {
        return kind.equals("apache") ? TestDatabase.create(label).withTimescale()
                : TestDatabase.createLicensed(label).withTimescale(kind.substring("licensed ".length()));
    }

    /** Whether the target's TimescaleDB writes the streaming strategy's chunks compressed on COPY (2.28+). */
    private static boolean direct(TestDatabase target) {
        return licensed(target) && !target.timescaleVersion().startsWith("2.19.");
    }

    private static Migration.Builder migration(TestDatabase target) {
        return Migration.builder().source(source.dataSource()).target(target.dataSource())
                .strategy(Strategies.streaming()).include("app.*")
                .parallelism(PARALLELISM).unitBytes(1024 * 1024).initialBackoff(Duration.ofMillis(100))
                .migrationId("streaming-test").skipLicensedFeatures(true).verify(true);
    }

    private static int count(TestDatabase db, String sql) {
        return Integer.parseInt(db.value(sql));
    }

    @Test
    void shouldShowEveryInferredChoiceInThePlanWithoutTouchingTheTarget() {
        try (TestDatabase target = TestDatabase.create("stream_plan").withTimescale()) {
            MigrationPlan plan = migration(target).build().plan();

            String notes = String.join("\n", plan.notes());
            assertThat(notes).contains("\"app\".\"metrics\": time column ts (leads the primary key), chunk interval 1 day (~");
            assertThat(notes).contains("\"app\".\"daily\": time column day (leads an index), chunk interval 180 days");
            assertThat(notes).contains("\"app\".\"users\": copied as a plain table");
            if (licensed(target)) {
                assertThat(notes).contains("segmentby device_id (n_distinct 50)", "orderby ts DESC",
                        "segmentby host (n_distinct 40)");
            } else {
                assertThat(notes).contains("not compressed", "Apache edition");
            }
            List<MigrationPlan.CopyStep> metricUnits = plan.copySteps().stream()
                    .filter(c -> c.unit().table().name().equals("metrics")).toList();
            assertThat(metricUnits).as("one slice per day of 20 days").hasSize(20);
            assertThat(metricUnits.get(1).unit().range().lower()).isEqualTo("2024-01-02 00:00:00.000000+00");
            assertThat(metricUnits.get(1).unit().range().upper()).isEqualTo("2024-01-03 00:00:00.000000+00");
            assertThat(plan.toString()).contains("create_hypertable(").contains("'1 day'::interval");
            assertThat(count(target, "SELECT count(*) FROM pg_namespace WHERE nspname IN ('app', 'timescale_migrate')"))
                    .as("nothing written to the target").isZero();
        }
    }

    @Test
    void shouldRefuseAnApacheTargetUnlessTheUserSkipsCompression() {
        try (TestDatabase target = TestDatabase.create("stream_apache").withTimescale()) {
            org.assertj.core.api.Assumptions.assumeThat(target.timescaleLicense()).as("the Apache edition")
                    .isEqualTo("apache");
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                    () -> migration(target).skipLicensedFeatures(false).build().run());

            assertThat(e).isNotNull();
            assertThat(e.code()).isEqualTo(ErrorCode.PREFLIGHT_FAILED);
            assertThat(e.getMessage()).contains("Apache edition", "cannot compress", "\"app\".\"metrics\"",
                    "skipLicensedFeatures(true)", "--skip-licensed-features");
            assertThat(count(target, "SELECT count(*) FROM pg_namespace WHERE nspname IN ('app', 'timescale_migrate')"))
                    .as("nothing written to the target").isZero();
        }
    }

    @ParameterizedTest(name = "licensed target: {0}")
    @ValueSource(booleans = {false, true})
    void shouldCreateHypertablesOnTheFlyAndCopyEveryRowIdentically(boolean licensedTarget) {
        try (TestDatabase target = target("stream_run", licensedTarget)) {
            MigrationReport report = migration(target).build().run();

            assertThat(report.verificationReport().orElseThrow().mismatches()).isEmpty();
            assertThat(target.column("""
                    SELECT hypertable_name || ':' || column_name || ':' || time_interval
                    FROM timescaledb_information.dimensions WHERE hypertable_schema = 'app' ORDER BY 1"""))
                    .containsExactly("daily:day:180 days", "metrics:ts:1 day");
            assertThat(count(target, "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = "
                    + "'metrics'")).isEqualTo(20);
            assertThat(count(target, "SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_name "
                    + "= 'users'")).isZero();
            assertThat(target.value("SELECT count(*) FROM app.metrics")).isEqualTo(String.valueOf(METRIC_ROWS));
            assertThat(count(target, "SELECT count(*) FROM pg_indexes WHERE tablename = 'metrics' AND indexname = "
                    + "'metrics_pkey'")).as("the primary key").isEqualTo(1);
            StorageReport storage = storage(report, "metrics");
            assertThat(storage.chunks()).isEqualTo(20);
            assertThat(storage.finalBytes()).isPositive();
            assertThat(report.summary()).contains("20 chunks");
            if (licensed(target)) {
                assertThat(storage.compressedChunks()).isEqualTo(20);
            } else {
                assertThat(storage.compressedChunks()).isZero();
                assertThat(report.warnings()).anyMatch(w -> w.contains("created but not compressed"));
            }
        }
    }

    @ParameterizedTest(name = "target: {0}")
    @ValueSource(strings = {"apache", "licensed 2.19.3", "licensed 2.28.3"})
    void shouldResumeAnAbortedRunLeavingNoChunkUncompressed(String kind) throws InterruptedException {
        try (TestDatabase target = target("stream_resume", kind)) {
            AtomicInteger killed = new AtomicInteger();
            Thread killer = Faults.killer(target, "COPY \"app\".\"metrics\"", () -> Faults.unitsDone(target) >= 5,
                    killed);
            Throwable failure = catchThrowable(() -> migration(target).maxAttempts(1).build().run());
            killer.join();

            assertThat(killed.get()).as("a COPY into the target was terminated").isEqualTo(1);
            assertThat(failure).as("with one attempt, the terminated unit fails the run")
                    .isInstanceOf(DataTransferException.class);
            int doneBefore = Faults.unitsDone(target);
            assertThat(doneBefore).isGreaterThanOrEqualTo(5);

            MigrationReport second = migration(target).build().run();

            assertThat(second.resumed()).isTrue();
            assertThat(second.unitsSkipped()).as("finished slices are not copied again").isEqualTo(doneBefore);
            assertThat(second.verificationReport().orElseThrow().mismatches()).isEmpty();
            assertThat(target.value("SELECT count(*) FROM app.metrics")).isEqualTo(String.valueOf(METRIC_ROWS));
            if (licensed(target)) {
                assertThat(count(target, "SELECT count(*) FROM timescaledb_information.chunks WHERE "
                        + "hypertable_schema = 'app' AND NOT is_compressed")).as("uncompressed chunks").isZero();
                assertThat(count(target, "SELECT count(*) FROM timescale_migrate.steps WHERE step_key LIKE "
                        + "'compress:%'")).as(direct(target) ? "no chunk compressed after its copy: COPY wrote them "
                        + "compressed" : "one compression step per chunk")
                        .isEqualTo(direct(target) ? 0 : count(target, "SELECT count(*) FROM "
                                + "timescaledb_information.chunks WHERE hypertable_schema = 'app'"));
            }
        }
    }

    @ParameterizedTest(name = "target: {0}")
    @ValueSource(strings = {"licensed 2.19.3", "licensed 2.28.3"})
    void shouldCompressEveryChunkWithPeakStorageNearTheCompressedSize(String kind) {
        try (TestDatabase target = target("stream_lic", kind)) {
            MigrationReport report = migration(target).skipLicensedFeatures(false)
                    .hypertable("app.metrics", h -> h.compressAfter(Duration.ofDays(7))).build().run();

            assertThat(report.verificationReport().orElseThrow().mismatches()).isEmpty();
            assertThat(count(target, "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_schema = "
                    + "'app' AND NOT is_compressed")).as("uncompressed chunks").isZero();
            assertThat(target.value("SELECT segmentby FROM timescaledb_information.hypertable_compression_settings "
                    + "WHERE hypertable = 'app.metrics'::regclass")).isEqualTo("device_id");
            assertThat(count(target, "SELECT count(*) FROM timescaledb_information.jobs WHERE hypertable_name = "
                    + "'metrics' AND proc_name IN ('policy_compression', 'policy_columnstore')"))
                    .as("the compression policy").isEqualTo(1);
            StorageReport storage = storage(report, "metrics");
            assertThat(storage.compressedChunks()).isEqualTo(storage.chunks());
            assertThat(storage.uncompressedBytes()).isGreaterThan(storage.finalBytes());
            if (direct(target)) {
                // written compressed: nothing uncompressed ever lands on the target, the peak is the final size
                // plus, at most, the chunks the copies in flight are writing
                long largestChunk = Long.parseLong(target.value("SELECT max(total_bytes) "
                        + "FROM chunks_detailed_size('app.metrics')"));
                assertThat(storage.peakBytes()).as("peak target size, final %d, largest chunk %d",
                        storage.finalBytes(), largestChunk)
                        .isLessThanOrEqualTo((long) (1.2 * storage.finalBytes()) + PARALLELISM * largestChunk);
                assertThat(report.warnings()).noneMatch(w -> w.contains("did not compress"));
                assertThat(count(target, "SELECT count(*) FROM pg_indexes WHERE tablename = 'metrics' "
                        + "AND indexname = 'metrics_pkey'")).as("the primary key, added after the copy").isEqualTo(1);
            } else {
                long largestChunk = Long.parseLong(target.value("SELECT max(before_compression_total_bytes) "
                        + "FROM chunk_compression_stats('app.metrics')"));
                long inFlight = (PARALLELISM + 2) * largestChunk;
                assertThat(storage.peakBytes()).as("peak target size, final %d, largest chunk %d",
                        storage.finalBytes(), largestChunk).isLessThan((long) (1.5 * storage.finalBytes()) + inFlight);
            }
        }
    }

    @Test
    void shouldCompressAfterTheCopyWhatDirectCompressionLeftUncompressedAndSaySo() {
        try (TestDatabase target = target("stream_fallback", "licensed 2.28.3")) {
            // a row trigger on the target's hypertable, put there as the migration creates it: TimescaleDB then
            // writes plain rows on COPY (with a warning to the session only)
            target.execute("""
                    CREATE SCHEMA hook;
                    CREATE FUNCTION hook.pass() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN RETURN NEW; END $f$;
                    CREATE FUNCTION hook.on_create() RETURNS event_trigger LANGUAGE plpgsql AS $f$
                    BEGIN
                        IF EXISTS (SELECT FROM pg_event_trigger_ddl_commands()
                                   WHERE command_tag = 'CREATE TABLE' AND object_identity = 'app.metrics') THEN
                            CREATE TRIGGER pass BEFORE INSERT ON app.metrics FOR EACH ROW EXECUTE FUNCTION hook.pass();
                        END IF;
                    END $f$;
                    CREATE EVENT TRIGGER hook ON ddl_command_end WHEN TAG IN ('CREATE TABLE')
                        EXECUTE FUNCTION hook.on_create();
                    """);
            MigrationReport report = migration(target).skipLicensedFeatures(false).build().run();

            assertThat(report.verificationReport().orElseThrow().mismatches()).isEmpty();
            int chunks = count(target, "SELECT count(*) FROM timescaledb_information.chunks "
                    + "WHERE hypertable_name = 'metrics'");
            assertThat(count(target, "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_schema = "
                    + "'app' AND NOT is_compressed")).as("uncompressed chunks").isZero();
            assertThat(count(target, "SELECT count(*) FROM timescale_migrate.steps WHERE step_key LIKE 'compress:%'"))
                    .as("every chunk compressed after its copy").isEqualTo(chunks);
            assertThat(report.warnings()).anyMatch(w -> w.contains("TimescaleDB did not compress " + chunks
                    + " chunk(s) of \"app\".\"metrics\" on COPY"));
        }
    }

    /** Chunks of app.metrics with TimescaleDB's "unordered" status bit (2) set, read from its catalog. */
    private static int unorderedChunks(TestDatabase target) {
        return count(target, """
                SELECT count(*) FROM _timescaledb_catalog.chunk c
                JOIN _timescaledb_catalog.hypertable h ON h.id = c.hypertable_id
                WHERE h.schema_name = 'app' AND h.table_name = 'metrics' AND c.status & 2 <> 0""");
    }

    /**
     * Queries that TimescaleDB answers from compressed batches in their order when a chunk is ordered, on the
     * target, each next to the source's answer: rows out of order within a batch (or batches that overlap) would
     * give other rows or another order here.
     */
    private static void assertOrderedQueriesAnswerAsOnTheSource(TestDatabase target) {
        for (int device : new int[] {0, 7, 49}) {
            String latest = "SELECT ts || '|' || v FROM app.metrics WHERE device_id = " + device
                    + " ORDER BY ts DESC LIMIT 300";
            assertThat(target.column(latest)).as(latest).isEqualTo(source.column(latest)).hasSize(300);
            String earliest = "SELECT ts || '|' || v FROM app.metrics WHERE device_id = " + device
                    + " ORDER BY ts LIMIT 300";
            assertThat(target.column(earliest)).as(earliest).isEqualTo(source.column(earliest));
        }
        String all = "SELECT ts || '|' || device_id FROM app.metrics ORDER BY ts DESC";
        assertThat(target.column(all)).as(all).isEqualTo(source.column(all)).hasSize(METRIC_ROWS);
    }

    @Test
    void shouldKeepChunksWrittenCompressedOrderedByReadingTheSourceInCompressionOrder() {
        try (TestDatabase target = target("stream_sorted", "licensed 2.28.3")) {
            Migration migration = migration(target).skipLicensedFeatures(false).build();
            assertThat(migration.plan().notes()).anyMatch(n -> n.contains("\"app\".\"metrics\"")
                    && n.contains("ORDER BY device_id, ts DESC") && n.contains("stay ordered"));

            MigrationReport report = migration.run();

            assertThat(report.verificationReport().orElseThrow().mismatches()).isEmpty();
            assertThat(count(target, "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = "
                    + "'metrics' AND NOT is_compressed")).as("uncompressed chunks").isZero();
            assertThat(count(target, "SELECT count(*) FROM timescale_migrate.steps WHERE step_key LIKE 'compress:%'"))
                    .as("written compressed by COPY, none compressed afterwards").isZero();
            assertThat(unorderedChunks(target)).as("chunks TimescaleDB marked unordered").isZero();
            assertOrderedQueriesAnswerAsOnTheSource(target);
        }
    }

    @Test
    void shouldLeaveTheSortToTimescaleWhereTheOrderbyIsNotLedByTheTimeColumn() {
        try (TestDatabase target = target("stream_unsorted", "licensed 2.28.3")) {
            Migration migration = migration(target).skipLicensedFeatures(false)
                    .hypertable("app.metrics", h -> h.orderBy("v", "ts DESC")).build();
            assertThat(migration.plan().notes()).anyMatch(n -> n.contains("\"app\".\"metrics\"")
                    && n.contains("marks its chunks unordered"));

            MigrationReport report = migration.run();

            assertThat(report.verificationReport().orElseThrow().mismatches()).isEmpty();
            assertThat(count(target, "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = "
                    + "'metrics' AND NOT is_compressed")).as("uncompressed chunks").isZero();
            assertThat(unorderedChunks(target)).as("TimescaleDB sorted each COPY's rows itself and said so")
                    .isEqualTo(count(target, "SELECT count(*) FROM timescaledb_information.chunks "
                            + "WHERE hypertable_name = 'metrics'"));
            assertOrderedQueriesAnswerAsOnTheSource(target);
        }
    }

    private static StorageReport storage(MigrationReport report, String table) {
        return report.tables().stream().filter(t -> t.table().name().equals(table))
                .map(TableReport::storageReport).flatMap(java.util.Optional::stream).findFirst().orElseThrow();
    }
}
