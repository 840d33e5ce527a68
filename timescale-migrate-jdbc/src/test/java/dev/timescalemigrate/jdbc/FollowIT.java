package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.FollowReport;
import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.exception.ConfigurationException;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.FollowScenario;
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

    @Test
    void shouldApplyEveryChangeIncludingCompressedChunksAndCutOver() throws Exception {
        FollowScenario.create(source);
        // a continuous aggregate: its raw rows arrive, its materialization is the target's own to refresh
        source.execute("CREATE MATERIALIZED VIEW app.readings_hourly WITH (timescaledb.continuous) AS "
                + "SELECT time_bucket('1 hour', ts) AS bucket, device, count(*) AS n, sum(value::numeric) AS total "
                + "FROM app.readings GROUP BY 1, 2");
        try (TestDatabase target = source.sibling("follow_dst").withTimescale();
             FollowScenario.Writer writer = new FollowScenario.Writer(source)) {
            // the application writes before, during and after the copy's snapshot
            Migration migration = Migration.builder().source(source.dataSource()).target(target.dataSource())
                    .strategy("whole-database").parallelism(2).follow(true).migrationId("follow-it").build();
            CompletableFuture<MigrationReport> run = CompletableFuture.supplyAsync(migration::run);
            await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> run.isDone()
                    || "t".equals(target.value("SELECT bool_and(copied) FROM timescale_migrate.follow")));
            assertThat(run).as("following, not ended").isNotDone();
            assertThat(source.value("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'tsm_follow_it'"))
                    .isEqualTo("1");
            int before = writer.written();
            await().atMost(Duration.ofMinutes(1)).until(() -> writer.written() >= before + 50);
            // the source refreshes while it is followed: what that writes is not replicated
            source.execute("CALL refresh_continuous_aggregate('app.readings_hourly', NULL, NULL)");
            int written = writer.stop();
            migration.stop();
            MigrationReport report = run.get(2, TimeUnit.MINUTES);

            FollowReport follow = report.follow().orElseThrow();
            assertThat(follow.transactions()).as(follow.toString()).isGreaterThanOrEqualTo(50).isLessThanOrEqualTo(written);
            FollowScenario.assertFollowed(source, target);
            assertThat(target.value("SELECT count(*) FROM app.readings WHERE note LIKE 'new chunk%'"))
                    .isEqualTo(Integer.toString(written));
            assertThat(report.summary()).contains("followed the source");
            // every bucket alike after a refresh of both: of rows that arrived while following (the target's own
            // invalidations), and of rows the source changed between its last refresh and the copy's snapshot
            // (its pending invalidations, carried over with the copy)
            for (TestDatabase side : List.of(source, target)) {
                side.execute("CALL refresh_continuous_aggregate('app.readings_hourly', NULL, NULL)");
            }
            String hourly = "SELECT h::text FROM app.readings_hourly h ORDER BY 1";
            assertThat(target.column(hourly)).hasSizeGreaterThan(90).isEqualTo(source.column(hourly));
        }
    }

    @Test
    void shouldFollowPlainPostgresTables() throws Exception {
        try (TestDatabase plain = TestDatabase.create("follow_plain_src");
             TestDatabase target = plain.sibling("follow_plain_dst")) {
            plain.execute("""
                    CREATE TABLE public.items (id int PRIMARY KEY, name text, price numeric, seen timestamptz);
                    INSERT INTO public.items SELECT g, 'item ' || g, g * 0.25, now() FROM generate_series(1, 500) g;
                    CREATE TABLE public.log (at timestamptz, line text);
                    ALTER TABLE public.log REPLICA IDENTITY FULL;
                    INSERT INTO public.log SELECT now(), 'line' FROM generate_series(1, 3);
                    """);
            Migration migration = Migration.builder().source(plain.dataSource()).target(target.dataSource())
                    .strategy("whole-database").follow(true).migrationId("follow-plain").build();
            CompletableFuture<MigrationReport> run = CompletableFuture.supplyAsync(migration::run);
            await().atMost(Duration.ofMinutes(1)).ignoreExceptions().until(() -> run.isDone()
                    || "t".equals(target.value("SELECT bool_and(copied) FROM timescale_migrate.follow")));
            plain.execute("""
                    UPDATE public.items SET price = price * 2 WHERE id <= 100;
                    UPDATE public.items SET id = id + 1000 WHERE id = 500;
                    DELETE FROM public.items WHERE id BETWEEN 200 AND 210;
                    INSERT INTO public.items VALUES (9999, NULL, NULL, NULL);
                    DELETE FROM public.log WHERE ctid = (SELECT ctid FROM public.log LIMIT 1);
                    UPDATE public.log SET line = 'changed' WHERE ctid = (SELECT ctid FROM public.log LIMIT 1);
                    """);
            plain.execute("TRUNCATE public.items");
            plain.execute("INSERT INTO public.items VALUES (1, 'after the truncate', 1, NULL)");
            migration.stop();
            MigrationReport report = run.get(1, TimeUnit.MINUTES);
            assertThat(report.follow()).isPresent();
            for (String table : List.of("public.items", "public.log")) {
                String sql = "SELECT t::text FROM " + table + " t ORDER BY 1";
                assertThat(target.column(sql)).as(table).isEqualTo(plain.column(sql));
            }
            assertThat(target.value("SELECT count(*) FROM public.log WHERE line = 'line'")).isEqualTo("1");
        }
    }

    @Test
    void shouldRefuseASourceWhoseTimescaleCannotPublishNewChunks() {
        try (TestDatabase old = TestDatabase.createLicensed("follow_old_src").withTimescale("2.19.3");
             TestDatabase target = old.sibling("follow_old_dst").withTimescale()) {
            old.execute("CREATE TABLE public.m (ts timestamptz NOT NULL, v int, PRIMARY KEY (ts));"
                    + "SELECT create_hypertable('public.m', 'ts');");
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                    () -> Migration.builder().source(old.dataSource()).target(target.dataSource())
                            .strategy("whole-database").follow(true).build().run());
            assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("TimescaleDB 2.19.3 on the source "
                    + "cannot add the chunks").contains("2.25"));
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
