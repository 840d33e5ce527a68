package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.exception.ConnectionException;
import dev.timescalemigrate.exception.ErrorCode;
import dev.timescalemigrate.exception.MigrationException;
import dev.timescalemigrate.exception.SchemaException;
import dev.timescalemigrate.internal.DriverManagerDataSource;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.adapter.CheckpointStore.RunState;
import dev.timescalemigrate.spi.CopyUnit;
import dev.timescalemigrate.adapter.DatabaseAdapter;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.adapter.TransferSession;
import dev.timescalemigrate.adapter.TransferSettings;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The checkpoint store, the DDL writer and opening a session, against real databases. The checkpoint schema has a
 * name that needs quoting, so that every statement is shown to use the setting.
 */
class CheckpointStoreIT {

    private static final String CHECKPOINT_SCHEMA = "My \"Checkpoints\"";

    @Database(label = "ckpt_src")
    private static TestDatabase source;
    @Database(label = "ckpt_dst")
    private static TestDatabase target;

    @BeforeAll
    static void createDatabases() {
        source.execute("CREATE SCHEMA app; CREATE TABLE app.t (id int PRIMARY KEY, v text)");
    }

    private static TransferSession open(String migrationId) {
        return DatabaseAdapter.load().open(source.dataSource(), target.dataSource(),
                new TransferSettings(migrationId, CHECKPOINT_SCHEMA, 2));
    }

    private static boolean checkpointSchemaExists() {
        return "t".equals(target.value("SELECT to_regnamespace('\"My \"\"Checkpoints\"\"\"') IS NOT NULL"));
    }

    @Test
    void shouldPeekWithoutCreatingAnythingAndThenBeginNew() {
        try (TransferSession session = open("fresh")) {
            RunState peeked = session.checkpoints().peek();
            boolean createdByPeek = checkpointSchemaExists() && !"0".equals(target.value(
                    "SELECT count(*) FROM \"My \"\"Checkpoints\"\"\".runs WHERE migration_id = 'fresh'"));

            assertThat(peeked).as("state of a migration never run").isEqualTo(RunState.NEW);
            assertThat(createdByPeek).as("peek recorded the migration").isFalse();
            assertThat(session.checkpoints().doneSteps()).as("steps done before begin").isEmpty();
            assertThat(session.checkpoints().units(QualifiedName.of("app", "t"))).as("units before begin").isEmpty();

            assertThat(session.checkpoints().begin("per-table")).as("state at the first begin").isEqualTo(RunState.NEW);
            assertThat(target.column("SELECT table_name::text FROM information_schema.tables "
                    + "WHERE table_schema = 'My \"Checkpoints\"' ORDER BY 1"))
                    .as("checkpoint tables").containsExactly("runs", "steps", "units");
            assertThat(target.value("SELECT strategy FROM \"My \"\"Checkpoints\"\"\".runs WHERE migration_id = 'fresh'"))
                    .as("strategy recorded").isEqualTo("per-table");
        }
    }

    @Test
    void shouldAddTheDigestColumnsToAStoreCreatedWithoutThemAndKeepDigestsThere() {
        // the units table as versions before digests created it
        target.execute("""
                CREATE SCHEMA old_store;
                CREATE TABLE old_store.units (migration_id text, unit_key text, table_schema text, table_name text,
                    ordinal int, range_column text, range_type text, lower_bound text, upper_bound text,
                    include_nulls boolean, estimated_rows bigint, estimated_bytes bigint, done_at timestamptz,
                    rows_copied bigint, bytes_copied bigint, PRIMARY KEY (migration_id, unit_key));
                CREATE TABLE old_store.t_copy (id int, v text);
                """);
        source.execute("INSERT INTO app.t SELECT g, 'v' || g FROM generate_series(1, 50) g ON CONFLICT DO NOTHING");
        try (TransferSession s = DatabaseAdapter.load().open(source.dataSource(), target.dataSource(),
                new TransferSettings("upgrade", "old_store", 2))) {
            s.checkpoints().begin("per-table");
            assertThat(target.column("SELECT attname::text FROM pg_attribute WHERE attrelid = 'old_store.units'::regclass "
                    + "AND attname::text LIKE 'digest%' ORDER BY 1")).containsExactly("digest", "digest_of", "digest_rows");

            Table t = s.sourceModel().table(QualifiedName.of("app", "t")).orElseThrow();
            List<CopyUnit> units = s.copy().split(t, null, Long.MAX_VALUE, 1);
            s.checkpoints().saveUnits(t.name(), units);
            s.copy().copy(t, units.get(0), QualifiedName.of("old_store", "t_copy"));
            long rows = Long.parseLong(source.value("SELECT count(*) FROM app.t"));
            assertThat(s.verifier().copiedDigests(t)).as("the digest the copy took, of every row it streamed")
                    .containsOnlyKeys(units.get(0).key())
                    .hasValueSatisfying(new org.assertj.core.api.Condition<>(c -> c.count() == rows, "%d rows", rows));
            assertThat(s.verifier().copiedDigests(t).get(units.get(0).key()))
                    .as("the same as reading the source now").isEqualTo(s.verifier().source(t));
        } finally {
            target.execute("DROP SCHEMA old_store CASCADE");
        }
    }

    @Test
    void shouldResumeAnUnfinishedRunAndReportAFinishedOne() {
        try (TransferSession first = open("lifecycle")) {
            assertThat(first.checkpoints().begin("per-table")).as("first run").isEqualTo(RunState.NEW);
        }
        try (TransferSession second = open("lifecycle")) {
            assertThat(second.checkpoints().peek()).as("peek after an unfinished run").isEqualTo(RunState.RESUMED);
            assertThat(second.checkpoints().begin("per-table")).as("second run").isEqualTo(RunState.RESUMED);
            second.checkpoints().finish();
        }
        try (TransferSession third = open("lifecycle")) {
            assertThat(third.checkpoints().begin("per-table")).as("run after a finished one")
                    .isEqualTo(RunState.FINISHED);
            assertThat(third.targetModel().schemas()).as("target schemas seen by a session")
                    .noneMatch(s -> s.name().equals(CHECKPOINT_SCHEMA));
        }
    }

    @Test
    void shouldRefuseASecondRunOfTheSameMigrationWhileTheFirstIsOpen() {
        try (TransferSession first = open("locked"); TransferSession second = open("locked");
             TransferSession other = open("another-migration")) {
            first.checkpoints().begin("per-table");

            MigrationException e = catchThrowableOfType(MigrationException.class,
                    () -> second.checkpoints().begin("per-table"));

            assertThat(e).as("failure of a second begin").isNotNull();
            assertThat(e.code()).as("error code").isEqualTo(ErrorCode.PREFLIGHT_FAILED);
            assertThat(e.getMessage()).as("message").contains("Another run of migration 'locked' is active");
            assertThat(other.checkpoints().begin("per-table")).as("begin of another migration meanwhile")
                    .isEqualTo(RunState.NEW);

            first.close();

            assertThat(second.checkpoints().begin("per-table")).as("begin once the first session closed")
                    .isEqualTo(RunState.RESUMED);
        }
    }

    @Test
    void shouldSaveUnitsOnceAndReturnThemInOrder() {
        QualifiedName table = QualifiedName.of("app", "t");
        List<CopyUnit> units = List.of(
                new CopyUnit(table, table.quoted() + "#0001", new CopyUnit.Range("id", "integer", null, "100", true), 99, 4096),
                new CopyUnit(table, table.quoted() + "#0002", new CopyUnit.Range("id", "integer", "100", "200", false), 100, 4096),
                new CopyUnit(table, table.quoted() + "#0003", new CopyUnit.Range("id", "integer", "200", null, false), 7, 512));
        try (TransferSession session = open("units")) {
            session.checkpoints().begin("per-table");

            session.checkpoints().saveUnits(table, units);
            session.checkpoints().saveUnits(table, List.of(new CopyUnit(table, table.quoted() + "#0001",
                    new CopyUnit.Range("id", "integer", null, "5", false), 1, 1)));

            assertThat(session.checkpoints().units(table)).as("saved units").isEqualTo(Optional.of(units));
            assertThat(session.checkpoints().units(QualifiedName.of("app", "other"))).as("units of another table")
                    .isEmpty();
            assertThat(session.checkpoints().doneUnits()).as("units done").isEmpty();
        }
        try (TransferSession rerun = open("units")) {
            assertThat(rerun.checkpoints().units(table)).as("units seen by a later session")
                    .isEqualTo(Optional.of(units));
        }
    }

    @Test
    void shouldRunADdlStepOnlyOnce() {
        DdlStatement create = new DdlStatement(DdlStatement.Phase.PRE_DATA, "table \"public\".\"once\"",
                "CREATE TABLE public.once (id int)");
        try (TransferSession session = open("ddl-once")) {
            session.checkpoints().begin("per-table");

            boolean first = session.schema().execute(create, "create once");
            boolean second = session.schema().execute(create, "create once");

            assertThat(first).as("first execution ran").isTrue();
            assertThat(second).as("second execution ran").isFalse();
            assertThat(session.checkpoints().isDone("create once")).as("step done").isTrue();
            assertThat(session.checkpoints().doneSteps()).as("steps done").containsExactly("create once");
        }
        try (TransferSession rerun = open("ddl-once")) {
            rerun.checkpoints().begin("per-table");
            assertThat(rerun.schema().execute(create, "create once")).as("execution in a rerun").isFalse();
        }
        assertThat(target.value("SELECT to_regclass('public.once') IS NOT NULL")).as("table exists").isEqualTo("t");
    }

    @Test
    void shouldRollBackAFailingStatementAndRecordNoStep() {
        DdlStatement failing = new DdlStatement(DdlStatement.Phase.PRE_DATA, "table \"public\".\"half\"", """
                DO $$ BEGIN
                  CREATE TABLE public.half (id int);
                  CREATE TABLE public.half_broken (id no_such_type);
                END $$""");
        try (TransferSession session = open("ddl-failing")) {
            session.checkpoints().begin("per-table");

            SchemaException e = catchThrowableOfType(SchemaException.class,
                    () -> session.schema().execute(failing, "create half"));

            assertThat(e).as("failure of a statement that fails half-way").isNotNull();
            assertThat(e.sqlState()).as("SQLSTATE").contains("42704");
            assertThat(e.statement()).as("statement").isEqualTo(failing.sql());
            assertThat(e.getMessage()).as("message").contains("table \"public\".\"half\"", "no_such_type", "42704",
                    "rerun");
            assertThat(session.checkpoints().isDone("create half")).as("step done").isFalse();
            assertThat(target.value("SELECT to_regclass('public.half') IS NULL")).as("first table rolled back")
                    .isEqualTo("t");

            DdlStatement fixed = new DdlStatement(DdlStatement.Phase.PRE_DATA, "table \"public\".\"half\"",
                    "CREATE TABLE public.half (id int)");
            assertThat(session.schema().execute(fixed, "create half")).as("the step after a fix").isTrue();
        }
    }

    @Test
    void shouldSetUpTargetConnectionsWithFixedSessionSettings() {
        DdlStatement capture = new DdlStatement(DdlStatement.Phase.PRE_DATA, "table \"public\".\"settings_seen\"", """
                CREATE TABLE public.settings_seen AS
                SELECT name, setting FROM pg_catalog.pg_settings
                WHERE name IN ('DateStyle', 'IntervalStyle', 'extra_float_digits', 'TimeZone', 'bytea_output',
                               'standard_conforming_strings', 'search_path', 'synchronous_commit')""");
        PGSimpleDataSource driverDataSource = new PGSimpleDataSource();
        driverDataSource.setURL(target.url());
        try (TransferSession session = DatabaseAdapter.load().open(source.dataSource(), driverDataSource,
                new TransferSettings("settings", CHECKPOINT_SCHEMA, 1))) {
            session.checkpoints().begin("per-table");
            session.schema().execute(capture, "capture settings");
        }

        assertThat(target.column("SELECT name || '=' || setting FROM public.settings_seen ORDER BY name"))
                .as("session settings of a target connection").containsExactlyInAnyOrder(
                        "bytea_output=hex", "DateStyle=ISO, MDY", "extra_float_digits=3", "IntervalStyle=postgres",
                        "search_path=\"\"", "standard_conforming_strings=on", "synchronous_commit=off",
                        "TimeZone=UTC");
    }

    @Test
    void shouldOpenAtMostOneConnectionMoreThanTheBudgetPerSide() throws Exception {
        String application = "tsm-pool-bound";
        String url = source.url() + (source.url().contains("?") ? "&" : "?") + "ApplicationName=" + application;
        String targetUrl = target.url() + (target.url().contains("?") ? "&" : "?") + "ApplicationName=" + application;
        source.execute("CREATE TABLE IF NOT EXISTS app.filler AS SELECT g AS id, md5(g::text) AS s "
                + "FROM generate_series(1, 100000) g");
        String connections = "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + application
                + "' AND datname = current_database()";
        try (TransferSession session = DatabaseAdapter.load().open(new DriverManagerDataSource(url, null, null),
                new DriverManagerDataSource(targetUrl, null, null), new TransferSettings("pool", CHECKPOINT_SCHEMA, 2))) {
            var filler = session.sourceModel().table(QualifiedName.of("app", "filler")).orElseThrow();
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
            List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
            java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
            try {
                for (int i = 0; i < 16; i++) {
                    futures.add(threads.submit(() -> {
                        session.verifier().source(filler);
                        most.accumulateAndGet(Integer.parseInt(source.value(connections)), Math::max);
                    }));
                }
                for (var f : futures) {
                    f.get();
                }
            } finally {
                threads.shutdownNow();
            }

            assertThat(most.get()).as("most source connections of the session open at once (budget 2)")
                    .isBetween(1, 3);
            assertThat(Integer.parseInt(source.value(connections))).as("source connections open at the end")
                    .isBetween(1, 3);
        }
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(Integer.parseInt(source.value(connections))).as("source connections left after close")
                        .isZero());
    }

    @Test
    void shouldSayWhatIsWrongWhenTheSourceDatabaseDoesNotExist() {
        String url = source.url().replace("/" + source.name(), "/tsm_no_such_database");
        DriverManagerDataSource missing = new DriverManagerDataSource(url, null, "s3cret-pw");

        ConnectionException e = catchThrowableOfType(ConnectionException.class, () -> DatabaseAdapter.load()
                .open(missing, target.dataSource(), new TransferSettings("missing", CHECKPOINT_SCHEMA, 1)));

        assertThat(e).as("failure to open a session on a missing database").isNotNull();
        assertThat(e.sqlState()).as("SQLSTATE").contains("3D000");
        assertThat(e.getMessage()).as("message").contains("source", "tsm_no_such_database", "does not exist")
                .doesNotContain("s3cret-pw");
    }
}
