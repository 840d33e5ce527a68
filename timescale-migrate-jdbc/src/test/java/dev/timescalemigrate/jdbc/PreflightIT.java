package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationPlan;
import dev.timescalemigrate.internal.DriverManagerDataSource;
import dev.timescalemigrate.exception.ConfigurationException;
import dev.timescalemigrate.exception.ConnectionException;
import dev.timescalemigrate.exception.ErrorCode;
import dev.timescalemigrate.exception.MigrationException;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;
import dev.timescalemigrate.testing.TestServer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Bad input is refused before anything is written, with a message that names the problem and the fix. After
 * each refusal the target is exactly as it was: no schema, no table, no checkpoint.
 */
class PreflightIT {

    @Database(label = "preflight_src")
    private static TestDatabase source;

    @BeforeAll
    static void createSource() {
        source.execute("""
                CREATE SCHEMA app;
                CREATE TABLE app.metrics (ts timestamptz NOT NULL, device int NOT NULL, v double precision,
                                          label text, PRIMARY KEY (device, ts));
                CREATE TABLE app.devices (id int PRIMARY KEY, name text);
                CREATE TABLE app.keyed (id bigint PRIMARY KEY, ts timestamptz NOT NULL);
                CREATE TABLE app.parted (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
                INSERT INTO app.metrics SELECT now() - g * interval '1 minute', g % 3, g, 'x' FROM generate_series(1, 100) g;
                INSERT INTO app.devices VALUES (1, 'a'), (2, 'b');
                """);
    }

    private static ConfigurationException refused(TestDatabase target, UnaryOperator<Migration.Builder> configure) {
        Migration migration = configure.apply(Migration.builder().source(source.dataSource())
                .target(target.dataSource())).build();
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, migration::run);
        assertThat(e).as("the migration must be refused").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.PREFLIGHT_FAILED);
        assertThat(e.getMessage()).contains("nothing was written to the target");
        assertUntouched(target);
        return e;
    }

    private static void assertUntouched(TestDatabase target) {
        assertThat(target.column("SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' "
                        + "AND nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE '\\_timescaledb%' "
                        + "AND nspname NOT LIKE 'timescaledb\\_%' AND nspname <> 'toolkit_experimental' ORDER BY 1"))
                .as("schemas on the target").isEmpty();
        assertThat(target.value("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')"))
                .as("relations in public on the target").isEqualTo("0");
    }

    @Test
    void shouldRefuseAnIncludePatternThatMatchesNoTable() {
        try (TestDatabase target = TestDatabase.create("preflight_dst").withTimescale()) {
            ConfigurationException e = refused(target, b -> b.include("app.nosuch", "app.dev*"));

            assertThat(e.problems()).singleElement().asString()
                    .contains("'app.nosuch' matches no table").contains("\"app\".\"metrics\"");
        }
    }

    @Test
    void shouldRefuseBadHypertableRulesListingEveryProblem() {
        try (TestDatabase target = TestDatabase.create("preflight_dst").withTimescale()) {
            ConfigurationException e = refused(target, b -> b
                    .hypertable("app.missing", h -> h.timeColumn("ts"))
                    .hypertable("app.metrics", h -> h.timeColumn("nosuch"))
                    .hypertable("app.devices", h -> h.timeColumn("name"))
                    .hypertable("app.keyed", h -> h.timeColumn("ts").chunkInterval(Duration.ofDays(1)))
                    .hypertable("app.parted", h -> h.timeColumn("ts")));

            assertThat(e.problems()).hasSize(5)
                    .anySatisfy(p -> assertThat(p).contains("\"app\".\"missing\", which does not exist"))
                    .anySatisfy(p -> assertThat(p).contains("time column \"nosuch\", which the table does not have")
                            .contains("ts timestamp with time zone"))
                    .anySatisfy(p -> assertThat(p).contains("\"name\" of type text, which cannot partition"))
                    .anySatisfy(p -> assertThat(p).contains("keyed_pkey").contains("does not include the time column"))
                    .anySatisfy(p -> assertThat(p).contains("a partitioned table"));
        }
    }

    @Test
    void shouldCreateTheExtensionOnATargetWithoutTimescaleDbAsThePlanSays() {
        try (TestDatabase target = TestDatabase.create("preflight_plain")) {
            Migration migration = Migration.builder().source(source.dataSource()).target(target.dataSource())
                    .include("app.metrics").hypertable("app.metrics", h -> h.timeColumn("ts")).build();

            MigrationPlan plan = migration.plan();
            assertThat(plan.ddlSteps().get(0).statement().sql()).as("the plan's first step")
                    .isEqualTo("CREATE EXTENSION IF NOT EXISTS \"timescaledb\" WITH SCHEMA \"public\"");
            assertThat(target.value("SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'"))
                    .as("planning writes nothing, not even the extension its probe created and rolled back")
                    .isEqualTo("0");

            migration.run();

            assertThat(target.value("SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'"))
                    .as("the server's default version").isEqualTo(target.value(
                            "SELECT default_version FROM pg_available_extensions WHERE name = 'timescaledb'"));
            assertThat(target.value("SELECT count(*) FROM timescaledb_information.hypertables "
                    + "WHERE hypertable_name = 'metrics'")).isEqualTo("1");
            assertThat(target.value("SELECT count(*) FROM app.metrics")).isEqualTo("100");
        }
    }

    @Test
    void shouldNotPlanTheExtensionForATargetThatHasIt() {
        try (TestDatabase target = TestDatabase.create("preflight_has").withTimescale()) {
            MigrationPlan plan = Migration.builder().source(source.dataSource()).target(target.dataSource())
                    .include("app.metrics").hypertable("app.metrics", h -> h.timeColumn("ts")).build().plan();

            assertThat(plan.ddlSteps()).extracting(d -> d.statement().sql())
                    .noneMatch(sql -> sql.startsWith("CREATE EXTENSION"));
        }
    }

    @Test
    void shouldRefuseATargetWhoseUserMayNotCreateTheExtension() {
        String role = "tsm_no_create_" + Long.toString(System.nanoTime(), 36);
        try (TestDatabase target = TestDatabase.create("preflight_noext")) {
            target.execute("CREATE ROLE " + role + " LOGIN; CREATE SCHEMA app AUTHORIZATION " + role
                    + "; CREATE SCHEMA tsm_ckpt AUTHORIZATION " + role + "; GRANT CREATE ON SCHEMA public TO " + role);
            String url = target.url().replace("user=postgres", "user=" + role);
            Migration migration = Migration.builder().source(source.dataSource())
                    .target(new DriverManagerDataSource(url, null, null)).checkpointSchema("tsm_ckpt")
                    .include("app.metrics").hypertable("app.metrics", h -> h.timeColumn("ts")).build();

            ConfigurationException e = catchThrowableOfType(ConfigurationException.class, migration::run);

            assertThat(e).isNotNull();
            assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("The hypertables \"app\".\"metrics\" "
                    + "need TimescaleDB").contains("cannot create it").contains("permission denied")
                    .contains("GRANT CREATE ON DATABASE \"" + target.name() + "\" TO \"" + role + "\""));
            assertThat(target.value("SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'")).isEqualTo("0");
        } finally {
            source.execute("DROP ROLE IF EXISTS " + role);
        }
    }

    @Test
    void shouldRefuseATargetThatAlreadyHasTheTables() {
        try (TestDatabase target = TestDatabase.create("preflight_dst").withTimescale()) {
            target.execute("CREATE SCHEMA app; CREATE TABLE app.devices (id int)");
            Migration migration = Migration.builder().source(source.dataSource()).target(target.dataSource())
                    .build();

            ConfigurationException e = catchThrowableOfType(ConfigurationException.class, migration::run);

            assertThat(e.problems()).singleElement().asString().contains("already has 1 of the tables")
                    .contains("\"app\".\"devices\"");
            assertThat(target.value("SELECT count(*) FROM pg_namespace WHERE nspname = 'timescale_migrate'"))
                    .isEqualTo("0");
        }
    }

    @Test
    void shouldRefuseCFunctionsWhoseLibraryTheTargetCannotLoad() {
        try (TestDatabase cSource = TestDatabase.create("preflight_csrc");
             TestDatabase target = TestDatabase.create("preflight_dst")) {
            cSource.execute("""
                    CREATE SCHEMA app;
                    CREATE TABLE app.t (id int);
                    CREATE FUNCTION app.gone(integer) RETURNS integer LANGUAGE c
                        AS '$libdir/plpgsql', 'plpgsql_validator';
                    CREATE FUNCTION app.also_gone() RETURNS integer LANGUAGE c
                        AS '$libdir/plpgsql', 'plpgsql_call_handler';
                    -- a library this server cannot load: PostgreSQL checks the file when the function is
                    -- created, so the test points the source's functions elsewhere afterwards
                    UPDATE pg_catalog.pg_proc SET probin = '/nonexistent/tsm_missing_library'
                    WHERE pronamespace = 'app'::regnamespace;
                    """);
            Migration migration = Migration.builder().source(cSource.dataSource()).target(target.dataSource())
                    .build();

            ConfigurationException e = catchThrowableOfType(ConfigurationException.class, migration::run);

            assertThat(e).isNotNull();
            assertThat(e.problems()).as("one problem per library").singleElement().asString()
                    .contains("cannot create the C-language function(s) app.also_gone(), app.gone(integer)")
                    .contains("/nonexistent/tsm_missing_library")
                    .contains("Install the library on the target server");
            assertUntouched(target);
        }
    }

    @Test
    void shouldRefuseASourceUserWithoutSelect() {
        String role = "tsm_reader_" + Long.toString(System.nanoTime(), 36);
        source.execute("CREATE ROLE " + role + " LOGIN; GRANT USAGE ON SCHEMA app TO " + role
                + "; GRANT SELECT ON app.devices TO " + role);
        try (TestDatabase target = TestDatabase.create("preflight_dst").withTimescale()) {
            String url = source.url().replace("user=postgres", "user=" + role);
            Migration migration = Migration.builder().source(url, null, null).target(target.dataSource())
                    .include("app.devices", "app.metrics").build();

            ConfigurationException e = catchThrowableOfType(ConfigurationException.class, migration::run);

            assertThat(e).isNotNull();
            assertThat(e.problems()).singleElement().asString()
                    .contains("lacks SELECT on table \"app\".\"metrics\"")
                    .contains("GRANT SELECT ON \"app\".\"metrics\" TO \"" + role + "\"");
            assertUntouched(target);
        } finally {
            source.execute("DROP OWNED BY " + role + "; DROP ROLE " + role);
        }
    }

    @Test
    void shouldSayWhenTheSourceCannotBeReached() {
        try (TestDatabase target = TestDatabase.create("preflight_dst").withTimescale()) {
            Migration migration = Migration.builder()
                    .source("jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2", "someone", "secret-pw")
                    .target(target.dataSource()).build();

            ConnectionException e = catchThrowableOfType(ConnectionException.class, migration::run);

            assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION_FAILED);
            assertThat(e.getMessage()).contains("Cannot connect to the source database")
                    .contains("cannot be reached").doesNotContain("secret-pw");
            assertUntouched(target);
        }
    }

    @Test
    void shouldSayWhenTheLoginIsRefusedOrTheDatabaseMissing() {
        try (TestDatabase target = TestDatabase.create("preflight_dst").withTimescale()) {
            String noRole = source.url().replace("user=postgres", "user=no_such_role_tsm");
            MigrationException login = catchThrowableOfType(MigrationException.class, () -> Migration.builder()
                    .source(noRole, null, null).target(target.dataSource()).build().run());
            String noDb = TestServer.adminUrl().replace("/postgres?", "/no_such_db_tsm?");
            MigrationException database = catchThrowableOfType(MigrationException.class, () -> Migration.builder()
                    .source(source.dataSource()).target(noDb, null, null).build().run());

            assertThat(login.getMessage()).contains("refused the login");
            assertThat(login.sqlState()).hasValue("28000");
            assertThat(database.getMessage()).contains("Cannot connect to the target database")
                    .contains("does not exist");
            assertThat(database.sqlState()).hasValue("3D000");
            assertUntouched(target);
        }
    }
}
