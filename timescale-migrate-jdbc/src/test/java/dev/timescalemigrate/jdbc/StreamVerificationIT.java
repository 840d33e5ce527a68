package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.SnapshotMode;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.Strategies;
import dev.timescalemigrate.VerificationReport;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verification during a run that read one snapshot of the source compares the target with the digest each unit's
 * copy took of the rows it streamed, without reading the source again; it still finds a row the target dropped, a row it holds twice and a value it
 * changed, in a table copied in COPY's binary format ({@code plain}) and in one copied as text ({@code typed}, whose
 * composite column has no portable binary form). The target is tampered with by a trigger that an event trigger
 * puts on each table as the migration creates it, so the tampering happens inside the copy itself.
 */
class StreamVerificationIT {

    private static final int ROWS = 60_000;

    @Database(label = "sver_src")
    static TestDatabase source;

    @BeforeAll
    static void fill() {
        source.execute("""
                CREATE TYPE public.pair AS (a int, b text);
                CREATE TABLE public.plain (id bigint NOT NULL, at timestamptz NOT NULL, kind text,
                                           amount numeric(12, 2), tags text[], payload jsonb);
                CREATE INDEX plain_id ON public.plain (id);
                INSERT INTO public.plain
                SELECT g, timestamptz '2025-01-01 00:00:00+00' + g * interval '1 second', 'kind-' || (g % 7),
                       (g % 1000) / 3.0, ARRAY['t' || (g % 5)], jsonb_build_object('g', g)
                FROM generate_series(1, ROWS) g;
                CREATE TABLE public.typed (id bigint NOT NULL, p public.pair, tags text[], at timestamptz);
                CREATE INDEX typed_id ON public.typed (id);
                INSERT INTO public.typed
                SELECT g, ROW(g % 100, 'b' || g)::public.pair, ARRAY['t' || (g % 5)],
                       timestamptz '2025-01-01 00:00:00+00' + g * interval '1 second'
                FROM generate_series(1, ROWS) g;
                ANALYZE public.plain, public.typed;
                """.replace("ROWS", String.valueOf(ROWS)));
    }

    /** Copies from one exported snapshot: the copies' digests then stand for the source. */
    private static Migration.Builder migration(TestDatabase target) {
        return Migration.builder().source(source.dataSource()).target(target.dataSource())
                .strategy(Strategies.perTable()).parallelism(2).unitBytes(1024 * 1024).verify(true)
                .snapshot(SnapshotMode.EXPORTED);
    }

    /**
     * Makes every table named {@code table} that is created on {@code target} run {@code body} (PL/pgSQL, on NEW)
     * for each row inserted into it, {@code BEFORE} or {@code AFTER} the insert.
     */
    private static void tamper(TestDatabase target, String table, String when, String body) {
        target.execute("""
                CREATE SCHEMA tamper;
                CREATE FUNCTION tamper.row() RETURNS trigger LANGUAGE plpgsql AS $f$
                BEGIN
                    %s
                END $f$;
                CREATE FUNCTION tamper.on_create() RETURNS event_trigger LANGUAGE plpgsql AS $f$
                BEGIN
                    IF EXISTS (SELECT FROM pg_event_trigger_ddl_commands()
                               WHERE command_tag = 'CREATE TABLE' AND object_identity = 'public.%s') THEN
                        CREATE TRIGGER tamper %s INSERT ON public.%s FOR EACH ROW EXECUTE FUNCTION tamper.row();
                    END IF;
                END $f$;
                CREATE EVENT TRIGGER tamper ON ddl_command_end WHEN TAG IN ('CREATE TABLE')
                    EXECUTE FUNCTION tamper.on_create();
                """.formatted(body, table, when, table));
    }

    private static VerificationReport.TableVerification of(VerificationReport report, String table) {
        return report.tables().stream().filter(t -> t.table().name().equals(table)).findFirst().orElseThrow();
    }

    private static MigrationReport runTampered(String table, String when, String body) {
        try (TestDatabase target = source.sibling("sver_dst")) {
            tamper(target, table, when, body);
            MigrationReport report = migration(target).build().run();
            assertThat(report.tables()).filteredOn(t -> t.table().name().equals(table)).singleElement()
                    .satisfies(t -> assertThat(t.units()).as("copied in ranges").isGreaterThan(2));
            assertThat(target.value("SELECT count(*) FROM timescale_migrate.units WHERE digest IS NULL"))
                    .as("every unit's copy took a digest of its rows").isEqualTo("0");
            assertThat(target.value("SELECT sum(digest_rows) FROM timescale_migrate.units "
                    + "WHERE table_name = '" + table + "'")).as("of every row of the source")
                    .isEqualTo(String.valueOf(ROWS));
            return report;
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plain", "typed"})
    void shouldMatchAnUntamperedCopyWithoutReadingTheSourceAgain(String table) {
        try (TestDatabase target = source.sibling("sver_dst")) {
            MigrationReport report = migration(target).build().run();
            VerificationReport verification = report.verificationReport().orElseThrow();
            assertThat(verification.matches()).isTrue();
            assertThat(of(verification, table).sourceRows()).isEqualTo(ROWS);
            assertThat(report.tables()).filteredOn(t -> t.table().name().equals(table)).singleElement()
                    .satisfies(t -> assertThat(t.format()).isEqualTo(table.equals("plain") ? "binary" : "text"));

            VerificationReport alone = migration(target).build().verify();
            assertThat(of(alone, table)).as("a verification alone reads both sides and finds the same digests")
                    .satisfies(t -> {
                        assertThat(t.matches()).isTrue();
                        assertThat(t.sourceChecksum()).isEqualTo(of(verification, table).sourceChecksum());
                    });
        }
    }

    /**
     * Falsifies every digest the copies store, as they store it: a run that compares against the digests finds every
     * table different although the rows arrived intact; one whose units each read their own snapshot reads the
     * source again instead (units read at different moments may together miss a row that moved between them,
     * which their digests cannot show) and finds them equal.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"EXPORTED", "PER_UNIT"})
    void shouldCompareAgainstTheCopiesDigestsOnlyWhenTheyReadOneSnapshot(String mode) {
        try (TestDatabase target = source.sibling("sver_dst")) {
            target.execute("""
                    CREATE SCHEMA tamper;
                    CREATE FUNCTION tamper.digest() RETURNS trigger LANGUAGE plpgsql AS $f$
                    BEGIN
                        IF NEW.digest IS NOT NULL THEN NEW.digest := '1:1'; END IF;
                        RETURN NEW;
                    END $f$;
                    CREATE FUNCTION tamper.on_create() RETURNS event_trigger LANGUAGE plpgsql AS $f$
                    BEGIN
                        IF EXISTS (SELECT FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE TABLE'
                                   AND object_identity = 'timescale_migrate.units') THEN
                            CREATE TRIGGER digest BEFORE UPDATE ON timescale_migrate.units FOR EACH ROW
                                EXECUTE FUNCTION tamper.digest();
                        END IF;
                    END $f$;
                    CREATE EVENT TRIGGER tamper ON ddl_command_end WHEN TAG IN ('CREATE TABLE')
                        EXECUTE FUNCTION tamper.on_create();
                    """);
            VerificationReport report = migration(target).snapshot(SnapshotMode.valueOf(mode)).build().run()
                    .verificationReport().orElseThrow();
            assertThat(target.value("SELECT count(*) FROM timescale_migrate.units WHERE digest <> '1:1'"))
                    .as("every stored digest falsified").isEqualTo("0");
            if (mode.equals("EXPORTED")) {
                assertThat(of(report, "plain").matches()).as("compared against the digests").isFalse();
                assertThat(of(report, "typed").matches()).isFalse();
                assertThat(of(report, "plain").sourceRows()).as("their row counts are intact").isEqualTo(ROWS);
            } else {
                assertThat(report.matches()).as("the source read again").isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plain", "typed"})
    void shouldFindARowTheTargetDropped(String table) {
        VerificationReport.TableVerification t = of(runTampered(table, "BEFORE",
                "IF NEW.id = 31337 THEN RETURN NULL; END IF; RETURN NEW;").verificationReport().orElseThrow(), table);
        assertThat(t.matches()).isFalse();
        assertThat(t.sourceRows()).isEqualTo(ROWS);
        assertThat(t.targetRows()).isEqualTo(ROWS - 1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plain", "typed"})
    void shouldFindARowTheTargetHoldsTwice(String table) {
        VerificationReport.TableVerification t = of(runTampered(table, "AFTER", """
                IF NEW.id = 31337 AND pg_trigger_depth() = 1 THEN
                    EXECUTE format('INSERT INTO %s SELECT ($1).*', TG_RELID::regclass) USING NEW;
                END IF;
                RETURN NULL;""").verificationReport().orElseThrow(), table);
        assertThat(t.matches()).isFalse();
        assertThat(t.targetRows()).isEqualTo(ROWS + 1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plain", "typed"})
    void shouldFindAValueTheTargetChanged(String table) {
        String change = table.equals("plain") ? "NEW.amount := NEW.amount + 0.01;" : "NEW.p := ROW((NEW.p).a, (NEW.p).b || 'x');";
        VerificationReport.TableVerification t = of(runTampered(table, "BEFORE",
                "IF NEW.id = 31337 THEN " + change + " END IF; RETURN NEW;").verificationReport().orElseThrow(),
                table);
        assertThat(t.targetRows()).as("as many rows").isEqualTo(ROWS);
        assertThat(t.matches()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plain", "typed"})
    void shouldFindAChangedValueOfAnyColumnAfterwards(String table) {
        String[] changes = table.equals("plain")
                ? new String[] {"kind = kind || 'x'", "at = at + interval '1 microsecond'", "tags = ARRAY['x']",
                    "payload = '{\"g\": 0}'", "amount = NULL", "amount = amount + 0.01"}
                : new String[] {"p = ROW((p).a + 1, (p).b)", "p = ROW((p).a, NULL)", "p = NULL", "tags = ARRAY['x']",
                    "at = at + interval '1 microsecond'"};
        try (TestDatabase target = source.sibling("sver_dst")) {
            migration(target).build().run();
            target.execute("CREATE SCHEMA keep; CREATE TABLE keep.row AS SELECT * FROM public." + table
                    + " WHERE id = 4242");
            for (String change : changes) {
                target.execute("UPDATE public." + table + " SET " + change + " WHERE id = 4242");
                assertThat(of(migration(target).build().verify(), table).matches()).as(change).isFalse();
                target.execute("DELETE FROM public." + table + " WHERE id = 4242; INSERT INTO public." + table
                        + " SELECT * FROM keep.row");
            }
            assertThat(of(migration(target).build().verify(), table).matches()).as("restored").isTrue();
        }
    }
}
