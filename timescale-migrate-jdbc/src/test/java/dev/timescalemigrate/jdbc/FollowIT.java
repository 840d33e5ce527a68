package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.FollowReport;
import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.exception.ConfigurationException;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * A whole-database migration that follows a TimescaleDB source by logical replication: while it follows, the
 * source gets rows in a new chunk and in compressed chunks, updates and deletes of compressed rows, writes to a
 * plain table and a sequence; after {@link Migration#stop()} the target has every row as the source has it, the
 * sequence at the source's position, and no slot or publication is left on the source. On the Timescale-licensed
 * test server, whose source database has the session settings following needs.
 */
class FollowIT {

    @Database(label = "follow_src", licensed = true, timescale = true)
    private TestDatabase source;

    private static final List<String> TABLES = List.of("app.readings", "app.accounts");

    private void createSource() {
        source.execute("""
                CREATE SCHEMA app;
                CREATE TABLE app.accounts (id bigserial PRIMARY KEY, name text NOT NULL, balance numeric(12,2),
                    tags text[], meta jsonb);
                INSERT INTO app.accounts (name, balance, tags, meta)
                    SELECT 'account ' || g, g * 1.5, ARRAY['a', 'b' || g], jsonb_build_object('n', g)
                    FROM generate_series(1, 200) g;
                CREATE TABLE app.readings (ts timestamptz NOT NULL, device int NOT NULL, value double precision,
                    note text, PRIMARY KEY (device, ts));
                SELECT create_hypertable('app.readings', 'ts', chunk_time_interval => interval '1 day');
                INSERT INTO app.readings
                    SELECT timestamptz '2024-01-01' + g * interval '1 minute', g % 5, g / 7.0, 'n' || g
                    FROM generate_series(0, 4 * 1440 - 1) g;
                ALTER TABLE app.readings SET (timescaledb.compress, timescaledb.compress_segmentby = 'device',
                    timescaledb.compress_orderby = 'ts');
                SELECT count(compress_chunk(c)) FROM show_chunks('app.readings',
                    older_than => timestamptz '2024-01-03') c;
                """);
        String db = "\"" + source.name() + "\"";
        source.execute("ALTER DATABASE " + db + " SET timescaledb.enable_chunk_auto_publication = on;"
                + "ALTER DATABASE " + db + " SET timescaledb.enable_compressed_direct_batch_delete = off");
    }

    /** What the application does while the migration follows, in sessions that have the database's settings. */
    private void write() {
        source.execute("""
                INSERT INTO app.readings VALUES ('2024-01-09 10:00+00', 1, 1.25, 'new chunk'),
                                                ('2024-01-09 11:00+00', 2, 2.5, NULL);
                INSERT INTO app.readings VALUES ('2024-01-01 00:00:30+00', 3, 9.75, 'into a compressed chunk');
                UPDATE app.readings SET value = -1, note = 'updated compressed'
                    WHERE ts >= '2024-01-01 12:00+00' AND ts < '2024-01-01 12:30+00';
                DELETE FROM app.readings WHERE device = 4 AND ts < '2024-01-02';
                DELETE FROM app.readings WHERE ts >= '2024-01-04 00:00+00' AND ts < '2024-01-04 01:00+00';
                UPDATE app.readings SET note = 'updated plain' WHERE ts >= '2024-01-03 06:00+00'
                    AND ts < '2024-01-03 07:00+00';
                INSERT INTO app.accounts (name, balance) SELECT 'later ' || g, g FROM generate_series(1, 50) g;
                UPDATE app.accounts SET balance = balance + 100, meta = '{"touched": true}' WHERE id % 10 = 0;
                DELETE FROM app.accounts WHERE id % 17 = 0;
                """);
        source.execute("BEGIN; INSERT INTO app.accounts (name) VALUES ('in a transaction'); "
                + "UPDATE app.accounts SET name = 'renamed' WHERE id = 1; COMMIT");
    }

    private static String rows(TestDatabase db, String table) {
        return String.join("\n", db.column("SELECT t::text FROM " + table + " t ORDER BY 1"));
    }

    @Test
    void shouldApplyEveryChangeIncludingCompressedChunksAndCutOver() throws Exception {
        createSource();
        try (TestDatabase target = source.sibling("follow_dst").withTimescale()) {
            Migration migration = Migration.builder().source(source.dataSource()).target(target.dataSource())
                    .strategy("whole-database").parallelism(2).follow(true).migrationId("follow-it").build();
            CompletableFuture<MigrationReport> run = CompletableFuture.supplyAsync(migration::run);
            await().atMost(Duration.ofMinutes(2)).until(() -> run.isDone() || "t".equals(target.value(
                    "SELECT to_regclass('timescale_migrate.follow') IS NOT NULL"))
                    && "t".equals(target.value("SELECT coalesce(bool_and(copied), false) FROM timescale_migrate.follow")));
            assertThat(run).as("following, not ended").isNotDone();
            assertThat(source.value("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'tsm_follow_it'"))
                    .isEqualTo("1");

            write();
            migration.stop();
            MigrationReport report = run.get(2, TimeUnit.MINUTES);

            FollowReport follow = report.follow().orElseThrow();
            assertThat(follow.transactions()).as(follow.toString()).isGreaterThanOrEqualTo(2);
            assertThat(follow.changes()).as(follow.toString()).isGreaterThan(100);
            for (String table : TABLES) {
                assertThat(rows(target, table)).as(table).isEqualTo(rows(source, table));
            }
            assertThat(target.value("SELECT count(*) FROM app.readings WHERE note = 'new chunk'")).isEqualTo("1");
            assertThat(target.value("SELECT last_value || ' ' || is_called FROM app.accounts_id_seq"))
                    .as("the sequence at the source's position")
                    .isEqualTo(source.value("SELECT last_value || ' ' || is_called FROM app.accounts_id_seq"));
            assertThat(source.value("SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE 'tsm_%'"))
                    .as("no slot left on the source").isEqualTo("0");
            assertThat(source.value("SELECT count(*) FROM pg_publication WHERE pubname LIKE 'tsm_%'"))
                    .as("no publication left on the source").isEqualTo("0");
            assertThat(report.summary()).contains("followed the source");
        }
    }

    @Test
    void shouldNameWhatKeepsTheSourceFromBeingFollowedBeforeWritingAnything() {
        source.execute("""
                CREATE TABLE public.no_key (ts timestamptz NOT NULL, v int);
                SELECT create_hypertable('public.no_key', 'ts');
                ALTER TABLE public.no_key SET (timescaledb.compress);
                """);
        try (TestDatabase target = source.sibling("follow_bad").withTimescale()) {
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                    () -> Migration.builder().source(source.dataSource()).target(target.dataSource())
                            .strategy("whole-database").follow(true).build().run());
            assertThat(e.getMessage())
                    .contains("Table \"public\".\"no_key\" has no replica identity")
                    .contains("REPLICA IDENTITY FULL")
                    .contains("timescaledb.enable_chunk_auto_publication is off")
                    .contains("timescaledb.enable_compressed_direct_batch_delete is on");
            assertThat(source.value("SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE 'tsm_%'"))
                    .isEqualTo("0");
            assertThat(target.value("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isEqualTo("0");
        }
    }
}
