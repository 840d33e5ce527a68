package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.DatabaseInspector;
import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationPlan;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.SnapshotMode;
import dev.timescalemigrate.VerificationReport;
import dev.timescalemigrate.exception.DataTransferException;
import dev.timescalemigrate.exception.MigrationException;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.testing.Faults;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The whole-database strategy on the Apache edition: every object and row of the rich fixture and the hypertable
 * fixture from one exported snapshot (rows written after it started do not leak in), and an aborted run resumed.
 */
class WholeDatabaseMigrationIT {

    @Database(label = "whole_src", fixture = {"/fixtures/rich-schema.sql", "/fixtures/timescale-apache.sql"})
    private static TestDatabase source;

    @BeforeAll
    static void createSource() {
        source.execute("""
                CREATE TABLE app.ticks (id bigserial PRIMARY KEY, ts timestamptz NOT NULL, payload text);
                INSERT INTO app.ticks (ts, payload)
                SELECT timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second', repeat(md5(g::text), 4)
                FROM generate_series(1, 150000) g;
                ANALYZE;
                """);
    }

    /**
     * The source, writing rows into it the first time a connection is opened after {@code after} others: by then
     * the run has exported its snapshot (the first connection derives the migration id, the second holds the
     * snapshot), and it has not copied anything yet.
     */
    private static DataSource writingSource(int after, AtomicInteger writes) {
        return writingSource(source, after, writes, """
                INSERT INTO app.ticks (ts, payload) SELECT timestamptz '2030-01-01 00:00:00+00'
                    + g * interval '1 second', 'written during the run' FROM generate_series(1, 1000) g;
                INSERT INTO metrics.conditions VALUES ('2030-01-01 00:00:00+00', 1, 1, 1);
                """);
    }

    private static DataSource writingSource(TestDatabase db, int after, AtomicInteger writes, String sql) {
        DataSource inner = db.dataSource();
        AtomicInteger opened = new AtomicInteger();
        return new DataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                if (opened.incrementAndGet() == after + 1) {
                    try (Connection c = DriverManager.getConnection(db.url())) {
                        c.createStatement().execute(sql);
                        writes.incrementAndGet();
                    }
                }
                return inner.getConnection();
            }

            @Override
            public Connection getConnection(String user, String password) throws SQLException {
                return getConnection();
            }

            @Override
            public PrintWriter getLogWriter() throws SQLException {
                return inner.getLogWriter();
            }

            @Override
            public void setLogWriter(PrintWriter out) throws SQLException {
                inner.setLogWriter(out);
            }

            @Override
            public void setLoginTimeout(int seconds) throws SQLException {
                inner.setLoginTimeout(seconds);
            }

            @Override
            public int getLoginTimeout() throws SQLException {
                return inner.getLoginTimeout();
            }

            @Override
            public Logger getParentLogger() throws SQLFeatureNotSupportedException {
                return inner.getParentLogger();
            }

            @Override
            public <T> T unwrap(Class<T> iface) throws SQLException {
                return inner.unwrap(iface);
            }

            @Override
            public boolean isWrapperFor(Class<?> iface) throws SQLException {
                return inner.isWrapperFor(iface);
            }
        };
    }

    private static void deleteRowsWrittenDuringTheRun() {
        source.execute("""
                DELETE FROM app.ticks WHERE ts >= '2030-01-01';
                DELETE FROM metrics.conditions WHERE ts >= '2030-01-01';
                """);
    }

    @Test
    void shouldMigrateEveryObjectAsOfOneSnapshot() {
        try (TestDatabase target = TestDatabase.create("whole_dst").withTimescale()) {
            DatabaseModel expected = DatabaseInspector.of(source.dataSource()).model();
            AtomicInteger writes = new AtomicInteger();
            Migration migration = Migration.builder()
                    .source(writingSource(2, writes))
                    .target(target.dataSource())
                    .strategy("whole-database")
                    .parallelism(3)
                    .unitBytes(2L * 1024 * 1024)
                    .verify(true)
                    .build();
            MigrationReport report;
            try {
                report = migration.run();
            } finally {
                assertThat(writes.get()).as("rows were written into the source during the run").isEqualTo(1);
                deleteRowsWrittenDuringTheRun();
            }

            assertThat(report.strategy()).isEqualTo("whole-database");
            assertThat(report.pointInTime()).as("one snapshot for the whole run").isTrue();
            assertThat(report.summary()).contains("consistent: every unit read one snapshot of the source");
            assertThat(target.value("SELECT count(*) FROM app.ticks")).as("rows written after the snapshot stay out")
                    .isEqualTo("150000");
            assertThat(target.value("SELECT count(*) FROM metrics.conditions WHERE ts >= '2030-01-01'")).isEqualTo("0");
            assertThat(target.value("SELECT last_value FROM app.ticks_id_seq"))
                    .as("the sequence position read in the snapshot").isEqualTo("150000");
            VerificationReport verification = report.verificationReport().orElseThrow();
            assertThat(verification.mismatches()).as("the source checksums are read in the same snapshot").isEmpty();

            DatabaseModel actual = DatabaseInspector.of(target.dataSource()).model();
            assertThat(actual.types()).as("types").isEqualTo(expected.types());
            assertThat(actual.routines()).as("routines").isEqualTo(expected.routines());
            assertThat(actual.views()).as("views").isEqualTo(expected.views());
            for (Table t : expected.tables()) {
                assertThat(actual.table(t.name())).as("table %s", t.name()).get()
                        .usingRecursiveComparison().isEqualTo(t);
            }
            assertThat(actual.timescale().hypertables()).as("hypertables with every dimension and chunk interval")
                    .isEqualTo(expected.timescale().hypertables());
            assertThat(target.column("""
                    SELECT hypertable_name || ':' || column_name || ':' || coalesce(time_interval::text, '')
                           || coalesce(integer_interval::text, '') || ':' || coalesce(num_partitions::text, '')
                    FROM timescaledb_information.dimensions ORDER BY 1"""))
                    .isEqualTo(source.column("""
                    SELECT hypertable_name || ':' || column_name || ':' || coalesce(time_interval::text, '')
                           || coalesce(integer_interval::text, '') || ':' || coalesce(num_partitions::text, '')
                    FROM timescaledb_information.dimensions ORDER BY 1""")).contains("Readings:sensor::4");
            assertThat(target.value("SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'conditions'"))
                    .as("the same chunks").isEqualTo("5");
        }
    }

    @Test
    void shouldSeeRowsWrittenDuringTheRunWhenEachUnitReadsItsOwnSnapshot() {
        try (TestDatabase target = TestDatabase.create("whole_perunit").withTimescale()) {
            AtomicInteger writes = new AtomicInteger();
            MigrationReport report;
            try {
                report = Migration.builder()
                        .source(writingSource(1, writes)) // as the run opens its session
                        .target(target.dataSource())
                        .strategy("whole-database")
                        .snapshot(SnapshotMode.PER_UNIT)
                        .include("app.ticks")
                        .build()
                        .run();
            } finally {
                deleteRowsWrittenDuringTheRun();
            }
            assertThat(writes.get()).isEqualTo(1);
            assertThat(report.pointInTime()).as("the report does not claim one instant").isFalse();
            assertThat(target.value("SELECT count(*) FROM app.ticks"))
                    .as("without the exported snapshot the rows written after the run started arrive")
                    .isEqualTo("151000");
        }
    }

    @Test
    void shouldStopWhenAChunkIsDroppedOnTheSourceWhileTheRunReadsItsSnapshot() {
        assertChunkChangeStopsTheRun("SELECT drop_chunks('public.readings', older_than => timestamptz '2024-01-02')",
                "(dropped)");
    }

    @Test
    void shouldStopWhenAChunkIsRewrittenOnTheSourceWhileTheRunReadsItsSnapshot() {
        // TRUNCATE, like compress_chunk and reorder_chunk, gives the chunk new storage an older snapshot sees empty
        assertChunkChangeStopsTheRun("DO $$ BEGIN EXECUTE pg_catalog.format('TRUNCATE %s', (SELECT c FROM "
                + "show_chunks('public.readings') c ORDER BY 1 LIMIT 1)); END $$", "(rewritten");
    }

    /** Runs {@code change} on the source after the snapshot was exported and before any chunk is read. */
    private static void assertChunkChangeStopsTheRun(String change, String what) {
        try (TestDatabase small = TestDatabase.create("whole_chunks_src").withTimescale();
             TestDatabase target = TestDatabase.create("whole_chunks_dst").withTimescale()) {
            small.execute("""
                    CREATE TABLE public.readings (ts timestamptz NOT NULL, v double precision);
                    SELECT create_hypertable('public.readings', 'ts', chunk_time_interval => interval '1 day');
                    INSERT INTO public.readings SELECT timestamptz '2024-01-01' + g * interval '1 hour', g
                    FROM generate_series(0, 24 * 4 - 1) g;
                    """);
            AtomicInteger writes = new AtomicInteger();
            DataSource changing = writingSource(small, 2, writes, change);

            MigrationException e = catchThrowableOfType(MigrationException.class, () -> Migration.builder()
                    .source(changing).target(target.dataSource()).strategy("whole-database").build().run());

            assertThat(writes.get()).isEqualTo(1);
            assertThat(e).as("the run stops instead of reporting a copy without the chunk's rows").isNotNull();
            assertThat(e.getMessage()).contains("Chunks of the source changed", what, "alter_job",
                    "SnapshotMode.PER_UNIT");
        }
    }

    @Test
    void shouldPlanTheWholeDatabaseWithoutWriting() {
        try (TestDatabase target = TestDatabase.create("whole_plan").withTimescale()) {
            MigrationPlan plan = Migration.builder().source(source.dataSource()).target(target.dataSource())
                    .strategy("whole-database").build().plan();
            assertThat(plan.strategy()).isEqualTo("whole-database");
            assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("one exported snapshot"));
            assertThat(plan.notes()).as("this strategy recreates owners")
                    .noneMatch(n -> n.startsWith("owners and privileges are not recreated"));
            assertThat(plan.toString()).contains("create_hypertable").contains("add_dimension");
            assertThat(target.column("SELECT nspname FROM pg_namespace WHERE nspname IN ('app', 'timescale_migrate')"))
                    .as("a plan writes nothing").isEmpty();
        }
    }

    @Test
    void shouldResumeAnAbortedRunAndEndIdentical() throws InterruptedException {
        try (TestDatabase target = TestDatabase.create("whole_resume").withTimescale()) {
            AtomicInteger killed = new AtomicInteger();
            Thread killer = Faults.killer(target, "COPY \"app\".\"ticks\"",
                    () -> Faults.unitsDone(target) >= 2, killed);
            Migration.Builder builder = Migration.builder().source(source.dataSource()).target(target.dataSource())
                    .strategy("whole-database").parallelism(2).unitBytes(1024 * 1024).migrationId("whole-resume")
                    .initialBackoff(Duration.ofMillis(50)).verify(true);
            DataTransferException failure = catchThrowableOfType(DataTransferException.class,
                    () -> builder.maxAttempts(1).build().run());
            killer.join();
            assertThat(failure).as("the terminated unit stops a run allowed one attempt").isNotNull();
            int doneBefore = Faults.unitsDone(target);

            MigrationReport second = builder.maxAttempts(3).build().run();

            assertThat(second.resumed()).isTrue();
            assertThat(second.unitsSkipped()).isEqualTo(doneBefore);
            assertThat(second.pointInTime()).as("units of the first run read another snapshot").isFalse();
            assertThat(second.summary()).contains("not a point-in-time copy");
            assertThat(second.verificationReport().orElseThrow().mismatches()).isEmpty();
            assertThat(target.value("SELECT count(*) FROM (SELECT id FROM app.ticks GROUP BY id HAVING count(*) > 1) d"))
                    .as("no row copied twice").isEqualTo("0");
            assertThat(DatabaseInspector.of(target.dataSource()).model().timescale().hypertables())
                    .isEqualTo(DatabaseInspector.of(source.dataSource()).model().timescale().hypertables());
        }
    }
}
