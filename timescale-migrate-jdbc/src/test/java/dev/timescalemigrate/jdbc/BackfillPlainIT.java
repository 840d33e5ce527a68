package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.Strategies;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backfill between plain PostgreSQL databases (no TimescaleDB objects), with the per-table strategy: a plain
 * table bounded by a time column given to the backfill, a table keyed by an identity column that the application
 * also writes, a table with a generated column; each compared row by row with the source.
 */
class BackfillPlainIT {

    @Database(label = "bfp_src")
    TestDatabase source;

    private void schema() {
        source.execute("SELECT lo_from_bytea(0, '\\x0102'::bytea)");
        source.execute("""
                CREATE TABLE public.customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL,
                                               upper_name text GENERATED ALWAYS AS (upper(name)) STORED)""");
        source.execute("INSERT INTO public.customers (name) SELECT 'customer ' || g FROM generate_series(1, 50) g");
        source.execute("CREATE TABLE public.events (at timestamp NOT NULL, customer_id bigint, what text)");
        source.execute("""
                INSERT INTO public.events SELECT timestamp '2025-03-10 00:00' + g * interval '1 hour', 1 + g % 50,
                                                 'event ' || g FROM generate_series(0, 119) g""");
    }

    private static Migration.Builder migration(TestDatabase source, TestDatabase target) {
        return Migration.builder().source(source.dataSource()).target(target.dataSource())
                .strategy(Strategies.perTable()).parallelism(2);
    }

    /** The application's rows, from the cutoff (2025-03-15 00:00 UTC) on, written into one database. */
    private static void writeNewest(TestDatabase db) {
        db.execute("INSERT INTO public.customers (id, name) OVERRIDING SYSTEM VALUE VALUES (51, 'customer 51')");
        db.execute("SELECT setval('public.customers_id_seq', 51)");
        db.execute("""
                INSERT INTO public.events SELECT timestamp '2025-03-15 00:00' + g * interval '1 minute', 51, 'new ' || g
                FROM generate_series(0, 9) g""");
    }

    private static String rows(TestDatabase db, String table) {
        return db.value("SELECT count(*) || ' ' || md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM "
                + table + " t");
    }

    @Test
    void shouldBackfillPlainTablesByTheirTimeColumnAndTheirKey() {
        schema();
        try (TestDatabase target = source.sibling("bfp_dst")) {
            migration(source, target).schemaOnly().build().run();
            writeNewest(source);
            writeNewest(target);

            MigrationReport report = migration(source, target).backfillUntil(Instant.parse("2025-03-15T00:00:00Z"))
                    .backfillTimeColumn("public.events", "at").verify(true).build().run();

            assertThat(report.verificationReport().orElseThrow().mismatches()).isEmpty();
            assertThat(report.warnings()).anySatisfy(w -> assertThat(w)
                    .contains("The source's 1 large objects are not carried by a backfill"));
            assertThat(report.verificationReport().orElseThrow().largeObjects()).as("nor compared").isNull();
            assertThat(target.value("SELECT count(*) FROM pg_largeobject_metadata")).isEqualTo("0");
            assertThat(report.verificationReport().orElseThrow().tables())
                    .extracting(t -> t.table().name() + ": " + t.compared())
                    .containsExactlyInAnyOrder("customers: every row",
                            "events: rows with \"at\" < 2025-03-15 00:00:00.000000+00");
            assertThat(rows(target, "public.customers")).isEqualTo(rows(source, "public.customers"));
            assertThat(rows(target, "public.events")).isEqualTo(rows(source, "public.events"));
            assertThat(report.tables()).filteredOn(t -> t.table().name().equals("customers"))
                    .extracting(t -> t.rows()).as("the 50 the target lacked").containsExactly(50L);
            assertThat(target.value("SELECT last_value FROM public.customers_id_seq")).isEqualTo("51");
            assertThat(target.value("SELECT nextval('public.customers_id_seq')")).isEqualTo("52");
        }
    }
}
