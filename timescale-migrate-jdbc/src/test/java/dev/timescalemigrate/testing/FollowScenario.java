package dev.timescalemigrate.testing;

import dev.timescalemigrate.DatabaseInspector;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Table;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The source of the followed-migration tests (API and command line) and the application that writes to it while
 * it is followed: a hypertable of 1-day chunks, the two oldest compressed (segmentby device), and a plain table
 * with a sequence; the database set up as following needs (new chunks published, no direct batch deletes). Each
 * write is a transaction inserting into a new chunk and into a compressed chunk, updating and deleting
 * compressed rows and writing the plain table.
 */
public final class FollowScenario {

    public static final List<String> TABLES = List.of("app.readings", "app.accounts");

    private FollowScenario() {
    }

    /** Fills {@code source} (a database with the timescaledb extension on the licensed server). */
    public static void create(TestDatabase source) {
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

    /** The application's write number {@code i}: one transaction. */
    public static void write(Connection c, int i) throws SQLException {
        int updated = 360 + i;   // a minute of 2024-01-01, compressed
        int deleted = 1800 + i;  // a minute of 2024-01-02, compressed
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN");
            s.execute("INSERT INTO app.readings VALUES (timestamptz '2024-01-09' + " + i + " * interval '7 minutes', "
                    + (i % 5) + ", " + i + ", 'new chunk " + i + "')");
            s.execute("INSERT INTO app.readings VALUES (timestamptz '2024-01-01 00:00:30+00' + " + i
                    + " * interval '1 minute', " + (100 + i % 3) + ", " + i + ".5, 'into a compressed chunk')");
            s.execute("UPDATE app.readings SET value = value + 1, note = 'updated " + i + "' WHERE device = "
                    + (updated % 5) + " AND ts = timestamptz '2024-01-01' + " + updated + " * interval '1 minute'");
            s.execute("DELETE FROM app.readings WHERE device = " + (deleted % 5) + " AND ts = timestamptz "
                    + "'2024-01-01' + " + deleted + " * interval '1 minute'");
            s.execute("UPDATE app.readings SET note = 'plain chunk " + i + "' WHERE device = " + ((4000 + i) % 5)
                    + " AND ts = timestamptz '2024-01-01' + " + (4000 + i) + " * interval '1 minute'");
            s.execute("INSERT INTO app.accounts (name, tags) VALUES ('written " + i + "', ARRAY['w'])");
            s.execute("UPDATE app.accounts SET balance = coalesce(balance, 0) + 1, meta = '{\"touched\": " + i
                    + "}' WHERE id = " + (1 + i % 200));
            if (i % 7 == 0) {
                s.execute("DELETE FROM app.accounts WHERE id = " + (1 + (i * 13) % 200));
            }
            s.execute("COMMIT");
        }
    }

    /**
     * The application: writes in a loop, on its own connection, until {@link #stop()}.
     */
    public static final class Writer implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicInteger written = new AtomicInteger();
        private final Thread thread;
        private volatile Throwable failure;

        public Writer(TestDatabase source) {
            thread = new Thread(() -> {
                try (Connection c = source.connect()) {
                    c.setAutoCommit(true);
                    while (!stop.get()) {
                        write(c, written.get());
                        written.incrementAndGet();
                        Thread.sleep(5);
                    }
                } catch (Exception e) {
                    failure = e;
                }
            }, "follow-writer");
            thread.start();
        }

        /** Writes done so far. */
        public int written() {
            return written.get();
        }

        /** Stops writing and returns the number of writes; fails when a write failed. */
        public int stop() throws InterruptedException {
            stop.set(true);
            thread.join();
            if (failure != null) {
                throw new AssertionError("the application's write failed", failure);
            }
            return written.get();
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join();
        }
    }

    private static String rows(TestDatabase db, String table) {
        return String.join("\n", db.column("SELECT t::text FROM " + table + " t ORDER BY 1"));
    }

    /**
     * The target equals the source: every row of both tables, the sequence's position, the tables' columns and the
     * hypertable's dimensions and compression settings; no slot or publication of ours left on the source.
     */
    public static void assertFollowed(TestDatabase source, TestDatabase target) {
        for (String table : TABLES) {
            assertThat(rows(target, table)).as(table + ", row by row").isEqualTo(rows(source, table));
        }
        assertThat(target.value("SELECT last_value || ' ' || is_called FROM app.accounts_id_seq"))
                .as("the sequence at the source's position")
                .isEqualTo(source.value("SELECT last_value || ' ' || is_called FROM app.accounts_id_seq"));
        DatabaseModel expected = DatabaseInspector.of(source.dataSource()).model();
        DatabaseModel actual = DatabaseInspector.of(target.dataSource()).model();
        assertThat(actual.timescale().hypertables()).isEqualTo(expected.timescale().hypertables());
        assertThat(actual.tables().stream().map(Table::columns).toList())
                .isEqualTo(expected.tables().stream().map(Table::columns).toList());
        assertThat(target.value("SELECT count(*) FROM timescaledb_information.chunks WHERE is_compressed"))
                .as("compressed chunks").isNotEqualTo("0");
        assertThat(source.value("SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE 'tsm_%'"))
                .as("no slot left on the source").isEqualTo("0");
        assertThat(source.value("SELECT count(*) FROM pg_publication WHERE pubname LIKE 'tsm_%'"))
                .as("no publication left on the source").isEqualTo("0");
    }
}
