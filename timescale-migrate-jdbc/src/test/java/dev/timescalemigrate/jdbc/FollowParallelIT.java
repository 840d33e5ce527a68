package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Changes applied on four target connections at once: writers on the source run transactions that touch the same
 * rows (a hot counter, transfers between accounts), change keys, swap values of a unique column, delete and insert
 * again, while one transaction updates more rows than are held in memory and another truncates a table. The
 * target ends equal to the source row by row: no row's changes were applied out of its order.
 */
class FollowParallelIT {

    private static final List<String> TABLES = List.of("public.accounts", "public.transfers", "public.counters",
            "public.bulk", "public.scratch");

    @Test
    void shouldApplyConflictingAndIndependentTransactionsInParallelAndEndEqualToTheSource() throws Exception {
        try (TestDatabase source = TestDatabase.create("follow_par_src");
             TestDatabase target = source.sibling("follow_par_dst")) {
            source.execute("""
                    CREATE TABLE public.accounts (id int PRIMARY KEY, balance bigint NOT NULL, email text UNIQUE);
                    INSERT INTO public.accounts SELECT g, 1000, 'user' || g || '@example.com'
                      FROM generate_series(1, 50) g;
                    CREATE TABLE public.transfers (id bigserial PRIMARY KEY,
                      from_id int REFERENCES public.accounts, to_id int REFERENCES public.accounts, amount int);
                    CREATE TABLE public.counters (k int PRIMARY KEY, v bigint NOT NULL);
                    INSERT INTO public.counters SELECT g, 0 FROM generate_series(1, 5) g;
                    CREATE TABLE public.bulk (id int PRIMARY KEY, v int NOT NULL);
                    INSERT INTO public.bulk SELECT g, 0 FROM generate_series(1, 25000) g;
                    CREATE TABLE public.scratch (id int PRIMARY KEY, note text);
                    """);
            Migration migration = Migration.builder().source(source.dataSource()).target(target.dataSource())
                    .strategy("whole-database").follow(true).parallelism(4).migrationId("follow-par").build();
            CompletableFuture<MigrationReport> run = CompletableFuture.supplyAsync(migration::run);
            await().atMost(Duration.ofMinutes(1)).ignoreExceptions().until(() -> run.isDone()
                    || "t".equals(target.value("SELECT bool_and(copied) FROM timescale_migrate.follow")));
            assertThat(run).as("following, not ended").isNotDone();

            List<Thread> writers = new ArrayList<>();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.atomic.AtomicInteger committed = new java.util.concurrent.atomic.AtomicInteger();
            for (int w = 0; w < 4; w++) {
                int seed = w;
                writers.add(Thread.ofPlatform().start(() -> {
                    try {
                        committed.addAndGet(write(source, seed, 250));
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            Thread.sleep(300);
            // more rows in one transaction than are held for a worker, and a truncate, amid the others
            source.execute("UPDATE public.bulk SET v = v + 1");
            source.execute("INSERT INTO public.scratch SELECT g, 'before' FROM generate_series(1, 100) g");
            source.execute("TRUNCATE public.scratch");
            source.execute("INSERT INTO public.scratch VALUES (1, 'after the truncate')");
            for (Thread t : writers) {
                t.join();
            }
            assertThat(failures).isEmpty();
            migration.stop();
            MigrationReport report = run.get(2, TimeUnit.MINUTES);

            for (String table : TABLES) {
                String sql = "SELECT t::text FROM " + table + " t ORDER BY 1";
                assertThat(target.column(sql)).as(table).isEqualTo(source.column(sql));
            }
            // the large update reached every row (a row deleted and inserted before it has 2, after it 1)
            assertThat(target.value("SELECT count(*) FROM public.bulk WHERE v = 0")).isEqualTo("0");
            // every transaction with a change once: the writers' and the four statements'
            assertThat(report.follow().orElseThrow().transactions()).isEqualTo(committed.get() + 4);
        }
    }

    /** A writer's transactions, each of one of five kinds; the number committed (a deadlock rolls one back). */
    private static int write(TestDatabase source, int seed, int transactions) throws SQLException {
        Random random = new Random(seed);
        int committed = 0;
        try (Connection c = source.connect()) {
            c.setAutoCommit(false);
            for (int i = 0; i < transactions; i++) {
                try (Statement s = c.createStatement()) {
                    int a = 1 + random.nextInt(50);
                    int b = 1 + (a + random.nextInt(49)) % 50;
                    switch (random.nextInt(5)) {
                        case 0 -> { // a transfer: two accounts and a new row
                            int amount = 1 + random.nextInt(100);
                            s.execute("UPDATE public.accounts SET balance = balance - " + amount + " WHERE id = " + a);
                            s.execute("UPDATE public.accounts SET balance = balance + " + amount + " WHERE id = " + b);
                            s.execute("INSERT INTO public.transfers (from_id, to_id, amount) VALUES (" + a + ", " + b
                                    + ", " + amount + ")");
                        }
                        case 1 -> { // a hot row
                            s.execute("UPDATE public.counters SET v = v + 1 WHERE k = " + (1 + random.nextInt(5)));
                        }
                        case 2 -> { // two accounts swap their e-mail addresses: unique at every statement
                            s.execute("DO $$DECLARE ea text; eb text; BEGIN "
                                    + "SELECT email INTO ea FROM public.accounts WHERE id = " + a + "; "
                                    + "SELECT email INTO eb FROM public.accounts WHERE id = " + b + "; "
                                    + "UPDATE public.accounts SET email = NULL WHERE id = " + a + "; "
                                    + "UPDATE public.accounts SET email = ea WHERE id = " + b + "; "
                                    + "UPDATE public.accounts SET email = eb WHERE id = " + a + "; END$$");
                        }
                        case 3 -> { // a key that changes and comes back
                            int k = 1 + random.nextInt(5);
                            s.execute("UPDATE public.counters SET k = k + 100 WHERE k = " + k);
                            s.execute("UPDATE public.counters SET k = k - 100, v = v + 10 WHERE k = " + (k + 100));
                        }
                        default -> { // a row deleted and inserted again
                            int id = 1 + random.nextInt(25000);
                            s.execute("DELETE FROM public.bulk WHERE id = " + id);
                            s.execute("INSERT INTO public.bulk VALUES (" + id + ", 0)");
                            s.execute("UPDATE public.bulk SET v = v + 1 WHERE id = " + id);
                        }
                    }
                    c.commit();
                    committed++;
                } catch (SQLException e) {
                    c.rollback();
                    if (!"40P01".equals(e.getSQLState()) && !"40001".equals(e.getSQLState())
                            && !"23505".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
        }
        return committed;
    }
}
