package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.Strategies;
import dev.timescalemigrate.VerificationReport;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verification of a table compared in several ranges at once (the ranges of its copy split, both sides of each
 * range in parallel): it still finds a missing row, a row twice and a changed value of any column.
 */
class VerificationIT {

    @Database(label = "ver_src")
    static TestDatabase source;

    private static void fill() {
        source.execute("""
                CREATE TABLE public.events (id bigint NOT NULL, at timestamptz NOT NULL, kind text,
                                                          amount numeric(12, 2), tags text[], payload jsonb)""");
        source.execute("CREATE INDEX events_id ON public.events (id)");
        source.execute("""
                INSERT INTO public.events
                SELECT g, timestamptz '2025-01-01 00:00:00+00' + g * interval '1 second', 'kind-' || (g % 7),
                       (g % 1000) / 3.0, ARRAY['t' || (g % 5)], jsonb_build_object('g', g)
                FROM generate_series(1, 200000) g""");
        source.execute("ANALYZE public.events");
    }

    private static Migration migration(TestDatabase target) {
        return Migration.builder().source(source.dataSource()).target(target.dataSource())
                .strategy(Strategies.perTable()).parallelism(2).unitBytes(1024 * 1024).verify(true).build();
    }

    private static VerificationReport.TableVerification events(VerificationReport report) {
        return report.tables().stream().filter(t -> t.table().name().equals("events")).findFirst().orElseThrow();
    }

    @Test
    void shouldFindAMissingRowARowTwiceAndAChangedValueAcrossRanges() {
        fill();
        try (TestDatabase target = source.sibling("ver_dst")) {
            MigrationReport report = migration(target).run();
            assertThat(report.tables()).filteredOn(t -> t.table().name().equals("events"))
                    .singleElement().satisfies(t -> assertThat(t.units()).as("copied, and compared, in ranges")
                            .isGreaterThan(2));
            VerificationReport.TableVerification clean = events(report.verificationReport().orElseThrow());
            assertThat(clean.matches()).isTrue();
            assertThat(clean.sourceRows()).isEqualTo(200_000);

            target.execute("DELETE FROM public.events WHERE id = 123456");
            VerificationReport.TableVerification missing = events(migration(target).verify());
            assertThat(missing.matches()).isFalse();
            assertThat(missing.targetRows()).isEqualTo(199_999);

            target.execute("INSERT INTO public.events SELECT * FROM public.events WHERE id = 654");
            VerificationReport.TableVerification twice = events(migration(target).verify());
            assertThat(twice.targetRows()).as("as many rows as the source: one missing, one twice").isEqualTo(200_000);
            assertThat(twice.matches()).isFalse();

            target.execute("DELETE FROM public.events WHERE id = 654");
            restore(target, 654, false);
            restore(target, 123456, true);
            for (String change : new String[] {"kind = 'other'", "amount = amount + 0.01", "tags = ARRAY['x']",
                    "payload = '{\"g\": 0}'", "at = at + interval '1 microsecond'"}) {
                target.execute("UPDATE public.events SET " + change + " WHERE id = 150000");
                assertThat(events(migration(target).verify()).matches()).as(change).isFalse();
                target.execute("DELETE FROM public.events WHERE id = 150000");
                restore(target, 150000, true);
            }
        }
    }

    /** Puts the source's row back on the target, as text. */
    private static void restore(TestDatabase target, long id, boolean check) {
        String values = source.value("SELECT format('(%s, %L, %L, %s, %L, %L)', id, at, kind, amount, tags, payload) "
                + "FROM public.events WHERE id = " + id);
        target.execute("INSERT INTO public.events VALUES " + values);
        if (check) {
            assertThat(events(migration(target).verify()).matches()).as("restored").isTrue();
        }
    }
}
