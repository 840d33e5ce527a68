package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationPlan;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.exception.DataTransferException;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.DumpOracle;
import dev.timescalemigrate.testing.Faults;
import dev.timescalemigrate.testing.Role;
import dev.timescalemigrate.testing.TestDatabase;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The database's large objects (empty, small, several MB, sparse; one owned by another role, with grants and a
 * comment) arrive with their OIDs and data with every strategy, in checkpointed batches: a run killed between two
 * batches resumes after the last one committed.
 */
class LargeObjectsIT {

    private static final String SUFFIX = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    // created before the databases and dropped after them, which hold large objects they own or are granted
    @Role private static final String OWNER = "tsm_lo_owner_" + SUFFIX;
    @Role private static final String READER = "tsm_lo_reader_" + SUFFIX;
    private static final long MB = 1024 * 1024;

    @Database(label = "lo_src")
    private static TestDatabase source;
    @Database(label = "lo_dst")
    private TestDatabase into;

    @BeforeAll
    static void fillSource() {
        source.execute("""
                CREATE TABLE public.docs (id int PRIMARY KEY, blob oid, note text);
                INSERT INTO public.docs VALUES (1, pg_catalog.lo_from_bytea(0, ''::bytea), 'empty');
                INSERT INTO public.docs VALUES (2, pg_catalog.lo_from_bytea(0,
                    pg_catalog.convert_to('hello, large object', 'UTF8')), 'small');
                -- 8 MB that do not repeat, so every chunk differs
                INSERT INTO public.docs VALUES (3, pg_catalog.lo_from_bytea(0, (SELECT pg_catalog.string_agg(
                    pg_catalog.sha256(pg_catalog.int4send(g)), '' ORDER BY g) FROM generate_series(1, 262144) g)),
                    'large');
                INSERT INTO public.docs VALUES (4, pg_catalog.lo_from_bytea(0, '\\x00ff00'::bytea), 'owned');
                -- a hole of 3 MB, then 4 bytes
                INSERT INTO public.docs VALUES (5, pg_catalog.lo_create(0), 'sparse');
                SELECT pg_catalog.lo_put(blob, 3000000, pg_catalog.convert_to('tail', 'UTF8'))
                FROM public.docs WHERE id = 5;
                DO $$
                DECLARE o oid;
                BEGIN
                    SELECT blob INTO o FROM public.docs WHERE id = 2;
                    EXECUTE pg_catalog.format('COMMENT ON LARGE OBJECT %s IS %L', o, 'it''s small');
                    SELECT blob INTO o FROM public.docs WHERE id = 4;
                    EXECUTE pg_catalog.format('ALTER LARGE OBJECT %s OWNER TO %I', o, 'OWNER_ROLE');
                    EXECUTE pg_catalog.format('GRANT SELECT ON LARGE OBJECT %s TO %I', o, 'READER_ROLE');
                    EXECUTE pg_catalog.format('GRANT SELECT, UPDATE ON LARGE OBJECT %s TO PUBLIC', o);
                    EXECUTE pg_catalog.format('COMMENT ON LARGE OBJECT %s IS %L', o, 'owned by another role');
                END $$;
                """.replace("OWNER_ROLE", OWNER).replace("READER_ROLE", READER));
    }

    private static Migration.Builder migration(TestDatabase into, String strategy) {
        return Migration.builder().source(source.dataSource()).target(into.dataSource()).strategy(strategy)
                .unitBytes(MB);
    }

    /** {@code oid -> "comment | acl"} of every large object. */
    private static List<String> commentsAndPrivileges(TestDatabase db) {
        return db.column("SELECT m.oid || ': ' || coalesce(pg_catalog.obj_description(m.oid, 'pg_largeobject'), "
                + "'-') || ' | ' || coalesce(m.lomacl::text, '-') FROM pg_catalog.pg_largeobject_metadata m "
                + "ORDER BY m.oid");
    }

    private static int batchesDone(TestDatabase target) {
        try (Connection c = target.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT count(*) FROM timescale_migrate.steps WHERE step_key LIKE 'large-objects:%'")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            return 0; // the checkpoint tables do not exist yet
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"whole-database", "per-table", "streaming"})
    void shouldCopyEveryLargeObjectWithItsOidDataAndComment(String strategy) {
        MigrationPlan plan = migration(into, strategy).build().plan();
        assertThat(plan.notes()).as("the plan says what it copies")
                .anyMatch(n -> n.startsWith("5 large objects (11.4 MB) are copied in 4 batches"));

        MigrationReport report = migration(into, strategy).verify(true).build().run();

        assertThat(report.largeObjects()).as("reported")
                .isEqualTo(new MigrationReport.LargeObjects(5, 8 * MB + 3000004 + 22, 4, 0));
        assertThat(report.verificationReport().orElseThrow().largeObjects()).as("verified")
                .satisfies(v -> assertThat(v.matches()).isTrue())
                .satisfies(v -> assertThat(v.sourceObjects()).isEqualTo(5));
        List<String> differences = DumpOracle.compare(source, into).differences();
        String owned = source.value("SELECT blob FROM public.docs WHERE id = 4");
        if (strategy.equals("whole-database")) {
            assertThat(differences).as("pg_dump --schema-only, rows and large objects").isEmpty();
            assertThat(commentsAndPrivileges(into)).as("comments and privileges")
                    .isEqualTo(commentsAndPrivileges(source));
        } else {
            // owners and privileges are the whole-database strategy's: the target's user owns the objects
            assertThat(differences).as("only the owner of the object another role owns differs").singleElement()
                    .asString().startsWith("large object " + owned + ": ").contains("owner " + OWNER);
            assertThat(into.column("SELECT coalesce(pg_catalog.obj_description(oid, 'pg_largeobject'), '-') "
                    + "FROM pg_catalog.pg_largeobject_metadata ORDER BY oid"))
                    .containsExactly("-", "it's small", "-", "owned by another role", "-");
        }
    }

    @Test
    void shouldLeaveLargeObjectsOutOfAFilteredRunAndSaySo() {
        Migration migration = migration(into, "per-table").include("public.docs").build();
        assertThat(migration.plan().notes()).anyMatch(n -> n.startsWith("the source's 5 large objects (11.4 MB) "
                + "are left out"));

        MigrationReport report = migration.run();

        assertThat(report.largeObjects()).isEqualTo(MigrationReport.LargeObjects.NONE);
        assertThat(into.value("SELECT count(*) FROM pg_catalog.pg_largeobject_metadata")).isEqualTo("0");
    }

    @Test
    void shouldResumeAKilledRunAfterTheLastBatchCommitted() throws InterruptedException {
        AtomicInteger killed = new AtomicInteger();
        // the 8 MB object is written in 8 chunks, after the batch of the first two objects committed
        Thread killer = Faults.killer(into, "SELECT pg_catalog.lo_put", () -> batchesDone(into) >= 1, killed);
        DataTransferException failure = catchThrowableOfType(DataTransferException.class,
                () -> migration(into, "whole-database").parallelism(1).maxAttempts(1).build().run());
        killer.join();

        assertThat(killed).as("a write was killed").hasValue(1);
        assertThat(failure).as("the run stopped").isNotNull();
        int done = batchesDone(into);
        assertThat(done).as("batches committed before the kill").isBetween(1, 3);

        MigrationReport resumed = migration(into, "whole-database").build().run();

        assertThat(resumed.resumed()).isTrue();
        assertThat(resumed.largeObjects().batches()).as("only the batches left are planned").isEqualTo(4 - done);
        assertThat(DumpOracle.compare(source, into).differences()).as("identical after the rerun").isEmpty();
        assertThat(commentsAndPrivileges(into)).isEqualTo(commentsAndPrivileges(source));
    }
}
