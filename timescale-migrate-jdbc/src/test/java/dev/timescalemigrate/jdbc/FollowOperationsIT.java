package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.FollowReport;
import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.event.MigrationEvent;
import dev.timescalemigrate.event.MigrationListener;
import dev.timescalemigrate.exception.ErrorCode;
import dev.timescalemigrate.exception.MigrationException;
import dev.timescalemigrate.testing.TestDatabase;
import dev.timescalemigrate.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Following a plain PostgreSQL source through what happens to a long run: both sides' connections lost while
 * rows arrive, a column added to a followed table on the source, and a cutover the run decides by itself once the
 * lag stays low; the events a listener gets on the way.
 */
class FollowOperationsIT {

    private static final String ROWS = "SELECT t::text FROM public.items t ORDER BY 1";

    @Test
    void shouldContinueFromTheStoredPositionWhenEitherSidesConnectionIsLost() throws Exception {
        try (TestDatabase source = TestDatabase.create("follow_lost_src");
             TestDatabase target = source.sibling("follow_lost_dst");
             Writer writer = new Writer(source)) {
            source.execute("CREATE TABLE public.items (id int PRIMARY KEY, note text)");
            Events events = new Events();
            Migration migration = Migration.builder().source(source.dataSource()).target(target.dataSource())
                    .strategy("whole-database").follow(true).migrationId("follow-lost").listener(events)
                    .maxAttempts(10).initialBackoff(Duration.ofMillis(200)).build();
            CompletableFuture<MigrationReport> run = CompletableFuture.supplyAsync(migration::run);
            awaitCopied(run, target);
            writer.start();
            await().atMost(Duration.ofMinutes(1)).until(() -> applied(target) >= 100);

            // the WAL sender of the run's replication connection
            source.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots "
                    + "WHERE slot_name = 'tsm_follow_lost'");
            int afterSource = applied(target);
            await().atMost(Duration.ofMinutes(1)).until(() -> applied(target) >= afterSource + 100);
            // every connection the run holds to the target, the applying one among them
            source.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                    + target.name() + "' AND pid <> pg_backend_pid()");
            int afterTarget = applied(target);
            await().atMost(Duration.ofMinutes(1)).until(() -> applied(target) >= afterTarget + 100);

            int written = writer.stop();
            migration.stop();
            MigrationReport report = run.get(2, TimeUnit.MINUTES);
            assertThat(target.column(ROWS)).hasSize(written).isEqualTo(source.column(ROWS));
            // one transaction per row written: nothing applied twice across the reconnects
            assertThat(report.follow().orElseThrow().transactions()).isEqualTo(written);
            assertThat(events.of(MigrationEvent.RetryScheduled.class)).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.unit()).isEqualTo("follow"));
            assertThat(source.value("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'tsm_follow_lost'"))
                    .isEqualTo("0");
        }
    }

    @Test
    void shouldContinueAfterTheServerOfBothSidesRestarted() throws Exception {
        // the repository's test server, which the test may restart: not a server someone else gave
        Path script = Path.of("..", "scripts", "test-db.sh").toAbsolutePath().normalize();
        String testBed = Files.isExecutable(script) ? shell(script.toString(), "url").strip() : "";
        org.junit.jupiter.api.Assumptions.assumeTrue(testBed.equals(TestServer.adminUrl()), "the database server "
                + "is not this repository's test server (scripts/test-db.sh url): it is not restarted by a test");
        try (TestDatabase source = TestDatabase.create("follow_restart_src");
             TestDatabase target = source.sibling("follow_restart_dst")) {
            source.execute("CREATE TABLE public.items (id int PRIMARY KEY, note text)");
            Events events = new Events();
            Migration migration = Migration.builder().source(source.dataSource()).target(target.dataSource())
                    .strategy("whole-database").follow(true).migrationId("follow-restart").listener(events)
                    .initialBackoff(Duration.ofMillis(200)).build(); // the default 5 attempts
            CompletableFuture<MigrationReport> run = CompletableFuture.supplyAsync(migration::run);
            awaitCopied(run, target);
            insert(source, 1, 2000);
            // a fast shutdown while the changes are still arriving, and the server started again
            shell(script.toString(), "restart");
            insert(source, 2001, 2100);
            await().atMost(Duration.ofMinutes(1)).ignoreExceptions().until(() -> applied(target) == 2100);
            migration.stop();
            MigrationReport report = run.get(2, TimeUnit.MINUTES);
            assertThat(target.column(ROWS)).hasSize(2100).isEqualTo(source.column(ROWS));
            assertThat(report.follow().orElseThrow().transactions()).as("nothing applied twice").isEqualTo(2100);
            assertThat(events.of(MigrationEvent.RetryScheduled.class)).isNotEmpty();
        }
    }

    /** Inserts rows {@code from} to {@code to} into public.items, a transaction each. */
    private static void insert(TestDatabase source, int from, int to) throws Exception {
        try (Connection c = source.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO public.items VALUES (?, 'row')")) {
            for (int id = from; id <= to; id++) {
                ps.setInt(1, id);
                ps.executeUpdate();
            }
        }
    }

    /** Runs a command; its standard output. */
    private static String shell(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as(String.join(" ", command)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
        return out;
    }

    @Test
    void shouldStopAtAColumnAddedOnTheSourceKeepWhatCameBeforeAndContinueOnceTheTargetHasIt() throws Exception {
        try (TestDatabase source = TestDatabase.create("follow_ddl_src");
             TestDatabase target = source.sibling("follow_ddl_dst")) {
            source.execute("CREATE TABLE public.items (id int PRIMARY KEY, note text);"
                    + "INSERT INTO public.items SELECT g, 'copied' FROM generate_series(1, 10) g");
            Migration migration = Migration.builder().source(source.dataSource()).target(target.dataSource())
                    .strategy("whole-database").follow(true).migrationId("follow-ddl").build();
            CompletableFuture<MigrationReport> run = CompletableFuture.supplyAsync(migration::run);
            awaitCopied(run, target);
            // one statement each: before, the change, and rows of the new shape
            source.execute("INSERT INTO public.items VALUES (11, 'before the change')");
            source.execute("UPDATE public.items SET note = 'updated before' WHERE id = 1");
            source.execute("ALTER TABLE public.items ADD COLUMN size bigint");
            source.execute("INSERT INTO public.items VALUES (12, 'after the change', 42)");

            ExecutionException failed = org.assertj.core.api.Assertions.catchThrowableOfType(
                    ExecutionException.class, () -> run.get(2, TimeUnit.MINUTES));
            assertThat(failed.getCause()).isInstanceOf(MigrationException.class);
            MigrationException e = (MigrationException) failed.getCause();
            assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_CHANGED);
            assertThat(e.getMessage()).contains("\"public\".\"items\"").contains("column \"size\" bigint added")
                    .contains("Make the same change");
            // what the source committed before the change is on the target; the slot keeps the rest
            assertThat(target.column("SELECT id || ':' || note FROM public.items WHERE id IN (1, 11) ORDER BY id"))
                    .containsExactly("1:updated before", "11:before the change");
            assertThat(target.value("SELECT count(*) FROM public.items WHERE id = 12")).isEqualTo("0");
            assertThat(source.value("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'tsm_follow_ddl'"))
                    .isEqualTo("1");

            target.execute("ALTER TABLE public.items ADD COLUMN size bigint");
            source.execute("INSERT INTO public.items VALUES (13, 'after the rerun', 7)");
            Migration again = Migration.builder().source(source.dataSource()).target(target.dataSource())
                    .strategy("whole-database").follow(true).migrationId("follow-ddl").build();
            CompletableFuture<MigrationReport> rerun = CompletableFuture.supplyAsync(again::run);
            await().atMost(Duration.ofMinutes(1)).until(() -> rerun.isDone()
                    || "1".equals(target.value("SELECT count(*) FROM public.items WHERE id = 13")));
            again.stop();
            rerun.get(1, TimeUnit.MINUTES);
            assertThat(target.column(ROWS)).isEqualTo(source.column(ROWS));
        }
    }

    @Test
    void shouldCutOverByItselfOnceTheLagStaysLowAndReportProgressOnTheWay() throws Exception {
        try (TestDatabase source = TestDatabase.create("follow_lag_src");
             TestDatabase target = source.sibling("follow_lag_dst")) {
            source.execute("CREATE TABLE public.items (id int PRIMARY KEY, note text)");
            Events events = new Events();
            Migration migration = Migration.builder().source(source.dataSource()).target(target.dataSource())
                    .strategy("whole-database").follow(true).migrationId("follow-lag").listener(events)
                    .cutoverWhenLagBelow(Duration.ofSeconds(1), Duration.ofSeconds(5)).build();
            CompletableFuture<MigrationReport> run = CompletableFuture.supplyAsync(migration::run);
            awaitCopied(run, target);
            // 300 transactions well inside the 5 s the lag must stay low before the run may cut over
            try (Connection c = source.connect();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO public.items VALUES (?, 'row')")) {
                for (int id = 1; id <= 300; id++) {
                    ps.setInt(1, id);
                    ps.executeUpdate();
                }
            }
            // no stop(): the run ends by itself once the lag stayed below 1 s for 5 s
            MigrationReport report = run.get(2, TimeUnit.MINUTES);
            assertThat(target.column(ROWS)).hasSize(300).isEqualTo(source.column(ROWS));
            assertThat(report.follow().orElseThrow().transactions()).isEqualTo(300);

            List<MigrationEvent.FollowProgress> progress = events.of(MigrationEvent.FollowProgress.class);
            assertThat(progress).hasSizeGreaterThanOrEqualTo(5);
            assertThat(progress).extracting(p -> p.status().transactions()).isSorted();
            assertThat(progress).anySatisfy(p -> assertThat(p.changesPerSecond()).isPositive());
            FollowReport last = progress.get(progress.size() - 1).status();
            assertThat(last.transactions()).isEqualTo(300);
            assertThat(last.lag()).isLessThan(Duration.ofSeconds(1));
            // while the rows arrived, the slot held the WAL from the oldest change not yet confirmed
            assertThat(progress).anySatisfy(p -> assertThat(p.status().retainedWalBytes()).isPositive());
        }
    }

    @Test
    void shouldLetTheSlotGoOfWalWithoutChangesOfItsTablesWhileCaughtUp() throws Exception {
        try (TestDatabase source = TestDatabase.create("follow_idle_src");
             TestDatabase target = source.sibling("follow_idle_dst")) {
            source.execute("CREATE TABLE public.items (id int PRIMARY KEY, note text)");
            Migration migration = Migration.builder().source(source.dataSource()).target(target.dataSource())
                    .strategy("whole-database").follow(true).migrationId("follow-idle").build();
            CompletableFuture<MigrationReport> run = CompletableFuture.supplyAsync(migration::run);
            awaitCopied(run, target);
            // WAL of a table the publication does not have: nothing the target needs
            source.execute("CREATE TABLE public.elsewhere (v int);"
                    + "INSERT INTO public.elsewhere SELECT g FROM generate_series(1, 20000) g");
            String written = source.value("SELECT pg_current_wal_lsn()");
            await().atMost(Duration.ofSeconds(30)).until(() -> "t".equals(source.value("SELECT confirmed_flush_lsn >= '"
                    + written + "'::pg_lsn FROM pg_replication_slots WHERE slot_name = 'tsm_follow_idle'")));
            source.execute("INSERT INTO public.items VALUES (1, 'after')");
            migration.stop();
            run.get(1, TimeUnit.MINUTES);
            assertThat(target.column(ROWS)).isEqualTo(source.column(ROWS)).hasSize(1);
        }
    }

    private static void awaitCopied(CompletableFuture<MigrationReport> run, TestDatabase target) {
        await().atMost(Duration.ofMinutes(1)).ignoreExceptions().until(() -> run.isDone()
                || "t".equals(target.value("SELECT bool_and(copied) FROM timescale_migrate.follow")));
        assertThat(run).as("following, not ended").isNotDone();
    }

    private static int applied(TestDatabase target) {
        return Integer.parseInt(target.value("SELECT count(*) FROM public.items"));
    }

    /** Collects the events of the kinds asked for. */
    private static final class Events implements MigrationListener {
        private final List<MigrationEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void followProgress(MigrationEvent.FollowProgress event) {
            events.add(event);
        }

        @Override
        public void retryScheduled(MigrationEvent.RetryScheduled event) {
            events.add(event);
        }

        <E extends MigrationEvent> List<E> of(Class<E> kind) {
            return events.stream().filter(kind::isInstance).map(kind::cast).toList();
        }
    }

    /** Inserts a row per transaction into public.items, about 200 a second, until stopped. */
    private static final class Writer implements AutoCloseable {
        private final TestDatabase source;
        private final AtomicBoolean running = new AtomicBoolean();
        private final AtomicInteger written = new AtomicInteger();
        private Thread thread;

        Writer(TestDatabase source) {
            this.source = source;
        }

        void start() {
            running.set(true);
            thread = Thread.ofPlatform().start(() -> {
                try (Connection c = source.connect();
                     PreparedStatement ps = c.prepareStatement("INSERT INTO public.items VALUES (?, ?)")) {
                    while (running.get()) {
                        int id = written.get() + 1;
                        ps.setInt(1, id);
                        ps.setString(2, "row " + id);
                        ps.executeUpdate();
                        written.set(id);
                        Thread.sleep(5);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        /** Stops writing; the rows written. */
        int stop() throws InterruptedException {
            running.set(false);
            if (thread != null) {
                thread.join();
            }
            return written.get();
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
