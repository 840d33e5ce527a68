package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Names with quotes, semicolons, spaces and SQL fragments migrate as names; nothing in them runs as SQL. */
class HostileIdentifiersIT {

    @Database(label = "hostile_src")
    private TestDatabase source;
    @Database(label = "hostile_dst", timescale = true)
    private TestDatabase target;

    @Test
    void shouldMigrateHostileNamesWithoutInjectingAnything() {
        source.execute("""
                CREATE TABLE public.victim (id int PRIMARY KEY);
                INSERT INTO public.victim VALUES (1);
                CREATE SCHEMA "x'; DROP TABLE public.victim; --";
                CREATE TABLE "x'; DROP TABLE public.victim; --"."t"" ; DELETE FROM public.victim; --" (
                  "id"")); DROP TABLE public.victim; --" int NOT NULL,
                  "it's ""quoted""; ok" text DEFAULT 'semi;colon '' quote',
                  "ts; now()" timestamptz NOT NULL DEFAULT '2024-01-01 00:00:00+00',
                  CONSTRAINT "pk""; DROP TABLE public.victim" PRIMARY KEY ("id"")); DROP TABLE public.victim; --", "ts; now()")
                );
                COMMENT ON TABLE "x'; DROP TABLE public.victim; --"."t"" ; DELETE FROM public.victim; --"
                  IS 'comment''); DROP TABLE public.victim; --';
                CREATE INDEX "idx; DROP TABLE public.victim" ON
                  "x'; DROP TABLE public.victim; --"."t"" ; DELETE FROM public.victim; --" ("it's ""quoted""; ok");
                INSERT INTO "x'; DROP TABLE public.victim; --"."t"" ; DELETE FROM public.victim; --"
                  ("id"")); DROP TABLE public.victim; --", "it's ""quoted""; ok")
                SELECT g, 'value ' || g || ''';--' FROM generate_series(1, 1000) g;
                """);

        MigrationReport report = Migration.builder()
                .source(source.dataSource()).target(target.dataSource())
                .include("\"x'; DROP TABLE public.victim; --\".*", "public.victim")
                .hypertable("\"x'; DROP TABLE public.victim; --\".\"t\"\" ; DELETE FROM public.victim; --\"",
                        h -> h.timeColumn("ts; now()"))
                .verify(true)
                .build().run();

        assertThat(report.verificationReport().orElseThrow().mismatches()).isEmpty();
        assertThat(report.verificationReport().orElseThrow().tables()).hasSize(2);
        for (TestDatabase db : new TestDatabase[] {source, target}) {
            assertThat(db.value("SELECT count(*) FROM public.victim")).as("victim in %s", db.name()).isEqualTo("1");
        }
        assertThat(target.value("SELECT count(*) FROM \"x'; DROP TABLE public.victim; --\"."
                + "\"t\"\" ; DELETE FROM public.victim; --\" WHERE \"it's \"\"quoted\"\"; ok\" LIKE '%'';--'"))
                .isEqualTo("1000");
        assertThat(target.value("SELECT obj_description('\"x''; DROP TABLE public.victim; --\"."
                + "\"t\"\" ; DELETE FROM public.victim; --\"'::regclass, 'pg_class')"))
                .isEqualTo("comment'); DROP TABLE public.victim; --");
        assertThat(target.value("SELECT count(*) FROM timescaledb_information.hypertables "
                + "WHERE hypertable_name = 't\" ; DELETE FROM public.victim; --'")).isEqualTo("1");
    }
}
