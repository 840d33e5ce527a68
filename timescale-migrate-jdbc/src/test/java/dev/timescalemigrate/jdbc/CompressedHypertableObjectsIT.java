package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.Strategies;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.timescalemigrate.exception.ConfigurationException;
import dev.timescalemigrate.exception.ErrorCode;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The streaming strategy (and the whole-database one, from a TimescaleDB source) with what TimescaleDB refuses to add to a hypertable once its compression is enabled or
 * its chunks are compressed: a foreign key and a NOT VALID check some rows violate (2.19 refuses both on
 * compressed chunks, 2.28 checks the NOT VALID one against them), a partial unique index the rows outside its
 * predicate would violate (2.28 checks compressed rows without the predicate), column storage and options, and
 * row level security (refused once compression is enabled). The source's definitions are valid for its rows; the
 * target must end with every one of them, every chunk compressed where the target can compress, every row equal.
 */
class CompressedHypertableObjectsIT {

    private static final String CONSTRAINTS = """
            SELECT conname || ' ' || contype::text || ' ' || convalidated || ' ' || pg_get_constraintdef(oid)
            FROM pg_constraint WHERE conrelid = 'cons.readings'::regclass ORDER BY conname""";
    private static final String INDEXES = "SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = "
            + "'cons.readings'::regclass ORDER BY 1";
    /** Each column's storage, statistics target and options (but pg_attver, the server's own bookkeeping). */
    private static final String COLUMNS = """
            SELECT attname || ' ' || attstorage::text || ' ' || attstattarget || ' ' || array_to_string(ARRAY(
                SELECT o FROM unnest(attoptions) o WHERE o NOT LIKE 'pg_attver=%'), ',')
            FROM pg_attribute WHERE attrelid = 'cons.readings'::regclass AND attnum > 0 ORDER BY attnum""";

    @Database(label = "stream_cons_src")
    private static TestDatabase source;

    @BeforeAll
    static void createSource() {
        source.execute("""
                CREATE SCHEMA cons;
                CREATE TABLE cons.devices (id int PRIMARY KEY, name text NOT NULL);
                INSERT INTO cons.devices SELECT g, 'd' || g FROM generate_series(0, 9) g;
                CREATE TABLE cons.readings (ts timestamptz NOT NULL, device_id int NOT NULL REFERENCES cons.devices,
                                            v double precision, k int, note text, PRIMARY KEY (device_id, ts));
                INSERT INTO cons.readings SELECT timestamptz '2024-01-01 00:00:00+00' + g * interval '10 seconds',
                       g % 5, CASE WHEN g % 500 = 0 THEN -1 ELSE g END, g % 7, 'n' || g
                FROM generate_series(0, 60479) g;
                -- device 6 repeats (k, ts) pairs of the others: allowed, the unique index leaves device 6 out
                INSERT INTO cons.readings SELECT timestamptz '2024-01-01 00:00:00+00' + g * interval '10 seconds',
                       6, g, g % 7, NULL FROM generate_series(0, 60479, 37) g;
                ALTER TABLE cons.readings ADD CONSTRAINT readings_v_nonnegative CHECK (v >= 0) NOT VALID;
                CREATE UNIQUE INDEX readings_k_ts ON cons.readings (k, ts) WHERE device_id <> 6;
                ALTER TABLE cons.readings ALTER COLUMN note SET STORAGE EXTERNAL;
                ALTER TABLE cons.readings ALTER COLUMN v SET (n_distinct = 100);
                ALTER TABLE cons.readings ALTER COLUMN k SET STATISTICS 500;
                CREATE TABLE cons.events (ts timestamptz NOT NULL, device_id int NOT NULL, what text);
                INSERT INTO cons.events SELECT timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute',
                       g % 5, 'e' || g FROM generate_series(0, 10079) g;
                ALTER TABLE cons.events ENABLE ROW LEVEL SECURITY;
                CREATE POLICY events_all ON cons.events USING (true);
                ANALYZE;
                """);
    }

    private static TestDatabase target(String kind) {
        return kind.equals("apache") ? TestDatabase.create("stream_cons").withTimescale()
                : TestDatabase.createLicensed("stream_cons").withTimescale(kind.substring("licensed ".length()));
    }

    private static int count(TestDatabase db, String sql) {
        return Integer.parseInt(db.value(sql));
    }

    @ParameterizedTest(name = "target: {0}")
    @ValueSource(strings = {"apache", "licensed 2.19.3", "licensed 2.28.3"})
    void shouldCarryEveryConstraintIndexAndTableOptionIntoACompressedHypertable(String kind) {
        try (TestDatabase target = target(kind)) {
            Migration migration = Migration.builder().source(source.dataSource()).target(target.dataSource())
                    .strategy(Strategies.streaming()).include("cons.*").parallelism(2).unitBytes(1024 * 1024)
                    .hypertable("cons.readings", h -> h.timeColumn("ts").chunkInterval(Duration.ofDays(1))
                            .segmentBy("device_id"))
                    .hypertable("cons.events", h -> h.timeColumn("ts").chunkInterval(Duration.ofDays(1)))
                    .initialBackoff(Duration.ofMillis(100)).migrationId("stream-cons")
                    .skipLicensedFeatures(kind.equals("apache")).verify(true).build();
            java.util.List<String> notes = migration.plan().notes();
            MigrationReport report = migration.run();

            assertThat(report.verificationReport().orElseThrow().mismatches()).isEmpty();
            assertThat(target.column("SELECT hypertable_name FROM timescaledb_information.hypertables "
                    + "WHERE hypertable_schema = 'cons' ORDER BY 1")).containsExactly("events", "readings");
            if (!kind.equals("apache")) {
                assertThat(count(target, "SELECT count(*) FROM timescaledb_information.chunks "
                        + "WHERE hypertable_name = 'readings'")).isEqualTo(7);
                assertThat(count(target, "SELECT count(*) FROM timescaledb_information.chunks "
                        + "WHERE hypertable_name = 'readings' AND NOT is_compressed")).as("uncompressed chunks")
                        .isZero();
                assertThat(notes).as("row level security: TimescaleDB cannot compress it")
                        .anyMatch(n -> n.contains("\"cons\".\"events\"") && n.contains("not compressed")
                                && n.contains("row level security"));
                assertThat(count(target, "SELECT count(*) FROM timescaledb_information.chunks "
                        + "WHERE hypertable_name = 'events' AND is_compressed")).isZero();
                assertThat(notes).as("a NOT VALID check: compressed after it is added")
                        .anyMatch(n -> n.startsWith("\"cons\".\"readings\" is compressed after its constraints"));
            }
            assertThat(target.column(CONSTRAINTS)).isEqualTo(source.column(CONSTRAINTS)).hasSize(3);
            assertThat(target.column(INDEXES)).isEqualTo(source.column(INDEXES)).hasSize(2);
            assertThat(target.column(COLUMNS)).isEqualTo(source.column(COLUMNS));
            String security = "SELECT relname || ' ' || relrowsecurity || ' ' || relforcerowsecurity FROM pg_class "
                    + "WHERE relnamespace = 'cons'::regnamespace AND relkind = 'r' ORDER BY 1";
            assertThat(target.column(security)).isEqualTo(source.column(security))
                    .contains("events true false", "readings false false");
            assertThat(target.column("SELECT policyname FROM pg_policies WHERE schemaname = 'cons'"))
                    .containsExactly("events_all");
        }
    }

    @Test
    void shouldCarryThemFromACompressedSourceHypertableInAWholeDatabaseMigration() {
        try (TestDatabase tsSource = TestDatabase.createLicensed("whole_cons_src").withTimescale();
             TestDatabase target = TestDatabase.createLicensed("whole_cons").withTimescale()) {
            // the source set the column attributes before it enabled compression, as TimescaleDB requires
            tsSource.execute("""
                    CREATE SCHEMA cons;
                    CREATE TABLE cons.devices (id int PRIMARY KEY);
                    INSERT INTO cons.devices SELECT generate_series(0, 9);
                    CREATE TABLE cons.readings (ts timestamptz NOT NULL, device_id int NOT NULL REFERENCES cons.devices,
                                                v double precision, k int, note text);
                    SELECT public.create_hypertable('cons.readings', 'ts', chunk_time_interval => interval '1 day');
                    ALTER TABLE cons.readings ALTER COLUMN note SET STORAGE EXTERNAL;
                    ALTER TABLE cons.readings ALTER COLUMN v SET (n_distinct = 100);
                    ALTER TABLE cons.readings ALTER COLUMN k SET STATISTICS 500;
                    ALTER TABLE cons.readings SET (timescaledb.compress, timescaledb.compress_segmentby = 'device_id');
                    INSERT INTO cons.readings SELECT timestamptz '2024-01-01 00:00:00+00' + g * interval '10 seconds',
                           g % 5, CASE WHEN g % 500 = 0 THEN -1 ELSE g END, g % 7, 'n' || g
                    FROM generate_series(0, 60479) g;
                    INSERT INTO cons.readings SELECT timestamptz '2024-01-01 00:00:00+00' + g * interval '10 seconds',
                           6, g, g % 7, NULL FROM generate_series(0, 60479, 37) g;
                    ALTER TABLE cons.readings ADD CONSTRAINT readings_v_nonnegative CHECK (v >= 0) NOT VALID;
                    CREATE UNIQUE INDEX readings_k_ts ON cons.readings (k, ts) WHERE device_id <> 6;
                    SELECT count(public.compress_chunk(c)) FROM public.show_chunks('cons.readings') c;
                    """);

            MigrationReport report = Migration.builder().source(tsSource.dataSource()).target(target.dataSource())
                    .strategy(Strategies.wholeDatabase()).include("cons.*").initialBackoff(Duration.ofMillis(100))
                    .migrationId("whole-cons").verify(true).build().run();

            assertThat(report.verificationReport().orElseThrow().mismatches()).isEmpty();
            String chunks = "SELECT count(*) FILTER (WHERE is_compressed) || '/' || count(*) "
                    + "FROM timescaledb_information.chunks WHERE hypertable_name = 'readings'";
            assertThat(target.value(chunks)).isEqualTo(tsSource.value(chunks)).isEqualTo("7/7");
            for (String sql : new String[] {CONSTRAINTS, INDEXES, COLUMNS}) {
                assertThat(target.column(sql)).as(sql).isEqualTo(tsSource.column(sql)).isNotEmpty();
            }
        }
    }

    /** A source table planned plain at first (no NOT NULL time column), and a first run that saves its units. */
    private static void firstRunSplitsItAsAPlainTable(TestDatabase src, TestDatabase target, Migration.Builder migration,
                                                      String extra) {
        src.execute("""
                CREATE SCHEMA app;
                CREATE TABLE app.m (id bigint NOT NULL, ts timestamptz, dev int, v bigint);
                CREATE UNIQUE INDEX ON app.m (id, ts);
                INSERT INTO app.m SELECT g, timestamptz '2024-01-01 00:00:00+00' + (g * 7919 % 200000) * interval '3 s',
                       g % 4, g FROM generate_series(1, 200000) g;
                """ + extra + "ANALYZE;");
        // the first run plans a plain table, saves its units, and fails at the table
        target.execute("""
                CREATE FUNCTION public.refuse() RETURNS event_trigger LANGUAGE plpgsql AS $f$
                BEGIN
                    IF EXISTS (SELECT FROM pg_event_trigger_ddl_commands() WHERE object_identity = 'app.m') THEN
                        RAISE EXCEPTION 'refused by the test';
                    END IF;
                END $f$;
                CREATE EVENT TRIGGER refuse ON ddl_command_end WHEN TAG IN ('CREATE TABLE')
                    EXECUTE FUNCTION public.refuse();
                """);
        assertThat(catchThrowable(() -> migration.build().run())).hasMessageContaining("refused by the test");
        target.execute("DROP EVENT TRIGGER refuse");
        src.execute("ALTER TABLE app.m ALTER COLUMN ts SET NOT NULL; ANALYZE;");
    }

    private static Migration.Builder staleUnits(TestDatabase src, TestDatabase target) {
        return Migration.builder().source(src.dataSource()).target(target.dataSource())
                .strategy(Strategies.streaming()).include("app.*").unitBytes(1024 * 1024).maxAttempts(1)
                .migrationId("stale-units").verify(true);
    }

    @Test
    void shouldRefuseToResumeWithUnitsThatAreNotTimeSlicesOfTheCompressedHypertableTheRerunMakes() {
        try (TestDatabase src = TestDatabase.create("stale_units_src");
             TestDatabase target = TestDatabase.createLicensed("stale_units").withTimescale()) {
            Migration.Builder migration = staleUnits(src, target);
            firstRunSplitsItAsAPlainTable(src, target, migration, "");

            ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                    () -> migration.build().run());

            assertThat(e.code()).isEqualTo(ErrorCode.PREFLIGHT_FAILED);
            assertThat(e.getMessage()).contains("An earlier run of migration stale-units split \"app\".\"m\" "
                    + "into units by id;", "this run makes it a hypertable on ts", "a new migration id");
            assertThat(target.value("SELECT count(*) FROM pg_tables WHERE schemaname = 'app'")).as("nothing created")
                    .isEqualTo("0");
        }
    }

    @Test
    void shouldResumeWithSuchUnitsWhenTheHypertableIsCompressedOnlyAfterItsConstraints() {
        try (TestDatabase src = TestDatabase.create("stale_deferred_src");
             TestDatabase target = TestDatabase.createLicensed("stale_deferred").withTimescale()) {
            Migration.Builder migration = staleUnits(src, target);
            // a NOT VALID check: the hypertable is copied uncompressed and compressed whole after its constraints,
            // so units that are not time slices do no harm
            firstRunSplitsItAsAPlainTable(src, target, migration,
                    "ALTER TABLE app.m ADD CONSTRAINT m_v CHECK (v > 100) NOT VALID;");

            MigrationReport report = migration.build().run();

            assertThat(report.resumed()).isTrue();
            assertThat(report.verificationReport().orElseThrow().mismatches()).isEmpty();
            assertThat(target.value("SELECT count(*) FILTER (WHERE is_compressed) || '/' || count(*) "
                    + "FROM timescaledb_information.chunks WHERE hypertable_name = 'm'")).matches("(\\d+)/\\1");
            assertThat(count(target, "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'm'"))
                    .isGreaterThan(1);
            String latest = "SELECT id FROM app.m WHERE dev = 1 ORDER BY ts DESC LIMIT 50";
            assertThat(target.column(latest)).isEqualTo(src.column(latest));
        }
    }
}
