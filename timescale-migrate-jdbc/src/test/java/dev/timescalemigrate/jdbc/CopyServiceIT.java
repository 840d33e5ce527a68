package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.exception.DataTransferException;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.spi.CopyResult;
import dev.timescalemigrate.spi.CopyUnit;
import dev.timescalemigrate.adapter.DatabaseAdapter;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.adapter.TransferSession;
import dev.timescalemigrate.adapter.TransferSettings;
import dev.timescalemigrate.adapter.Verifier;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Copies the rich fixture and generated tables from a source database into a target whose schema was created
 * through the session's own DDL and schema writer, and checks with the verifier (and with plain queries) that
 * every row arrived exactly once.
 */
class CopyServiceIT {

    private static final long MIB = 1024 * 1024;
    private static final int BIG_ROWS = 200_000;

    /** Generated tables, in their own schema so that the fixture loop leaves them alone. */
    private static final String BULK = """
            CREATE SCHEMA bulk;
            CREATE TABLE bulk.big (id bigint PRIMARY KEY, ts timestamptz NOT NULL, v double precision, s text);
            INSERT INTO bulk.big
            SELECT g, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute' + (g % 997) * interval '1 microsecond',
                   CASE WHEN g % 1000 = 0 THEN NULL ELSE g * 1.5 END, md5(g::text)
            FROM generate_series(1, {rows}) g;
            CREATE TABLE bulk.sparse (id bigint NOT NULL, k integer, payload text);
            CREATE INDEX sparse_k ON bulk.sparse (k);
            INSERT INTO bulk.sparse
            SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE g - 30000 END, repeat('p', 40) FROM generate_series(1, 60000) g;
            CREATE TABLE bulk.heap_only (payload text, n numeric);
            INSERT INTO bulk.heap_only SELECT md5(g::text), g / 7.0 FROM generate_series(1, 50000) g;
            CREATE TABLE bulk.small (id integer PRIMARY KEY, v double precision NOT NULL);
            INSERT INTO bulk.small SELECT g, g FROM generate_series(1, 5000) g;
            CREATE TABLE bulk.dated (d date PRIMARY KEY, t timestamp NOT NULL, note text);
            INSERT INTO bulk.dated
            SELECT date '4713-01-01 BC' + g * 120, (date '4713-01-01 BC' + g * 120) + g * interval '1.000001 second',
                   repeat('n', 60)
            FROM generate_series(0, 19999) g;
            INSERT INTO bulk.dated VALUES ('infinity', 'infinity', 'late'), ('-infinity', '-infinity', 'early');
            """.replace("{rows}", Integer.toString(BIG_ROWS));

    @Database(label = "copy_src", fixture = {"/fixtures/rich-schema.sql", "/fixtures/timescale-apache.sql"})
    private static TestDatabase source;
    @Database(label = "copy_dst")
    private static TestDatabase target;
    private static TransferSession session;

    @BeforeAll
    static void createDatabases() {
        source.execute(BULK);

        session = open("copy-service-it");
        session.checkpoints().begin("test");
        List<DdlStatement> ddl = session.ddl(session.sourceModel());
        for (int i = 0; i < ddl.size(); i++) {
            if (ddl.get(i).phase() == DdlStatement.Phase.PRE_DATA) {
                session.schema().execute(ddl.get(i), "pre-data#" + i);
            }
        }
        target.execute("""
                CREATE TABLE bulk.big_by_id (LIKE bulk.big);
                CREATE TABLE bulk.big_by_ts (LIKE bulk.big);
                CREATE TABLE bulk.sparse_copy (LIKE bulk.sparse);
                CREATE TABLE bulk.heap_copy (LIKE bulk.heap_only);
                CREATE TABLE bulk.small_skip (LIKE bulk.small);
                CREATE TABLE bulk.small_checked (LIKE bulk.small, CONSTRAINT v_small CHECK (v < 4000));
                CREATE TABLE bulk.small_retry (LIKE bulk.small);
                CREATE TABLE bulk.conditions_copy (LIKE metrics.conditions);
                CREATE TABLE bulk.dated_by_d (LIKE bulk.dated);
                CREATE TABLE bulk.dated_by_t (LIKE bulk.dated);
                CREATE TABLE bulk.small_verify (LIKE bulk.small);
                CREATE TABLE bulk.small_race (LIKE bulk.small);
                """);
    }

    @AfterAll
    static void dropDatabases() {
        if (session != null) {
            session.close();
        }
    }

    private static TransferSession open(String migrationId) {
        return DatabaseAdapter.load().open(source.dataSource(), target.dataSource(),
                new TransferSettings(migrationId, "timescale_migrate", 4));
    }

    private static Table table(String schema, String name) {
        return session.sourceModel().table(QualifiedName.of(schema, name)).orElseThrow();
    }

    private static CopyResult copyWhole(TransferSession s, Table table) {
        List<CopyUnit> units = s.copy().split(table, null, Long.MAX_VALUE, 1);
        assertThat(units).as("units of %s with an unlimited unit size", table.name()).hasSize(1);
        assertThat(units.get(0).range()).as("range of a whole-table unit").isNull();
        assertThat(units.get(0).key()).as("key of a whole-table unit").isEqualTo(table.name().quoted() + "#0000");
        return s.copy().copy(table, units.get(0), table.name());
    }

    private static long count(TestDatabase db, String relation) {
        return Long.parseLong(db.value("SELECT count(*) FROM " + relation));
    }

    // ---------------------------------------------------------------- whole tables

    @Test
    void shouldCopyEveryTableOfTheFixtureWithEqualChecksums() {
        Map<QualifiedName, CopyResult> results = new LinkedHashMap<>();
        for (Table table : session.sourceModel().tables()) {
            if (!table.holdsRows() || table.name().schema().equals("bulk")) {
                continue;
            }
            CopyResult result = copyWhole(session, table);
            results.put(table.name(), result);
            Verifier.Checksum onSource = session.verifier().source(table);
            Verifier.Checksum onTarget = session.verifier().target(table, table.name());
            assertThat(onTarget).as("count and checksum of %s on the target", table.name()).isEqualTo(onSource);
            if (!result.skipped()) {
                assertThat(result.rows()).as("rows copied of %s", table.name()).isEqualTo(onSource.count());
            }
        }

        assertThat(results.keySet()).as("tables copied").contains(
                QualifiedName.of("app", "all_types"), QualifiedName.of("app", "customers"),
                QualifiedName.of("Sales Data", "Order Lines"), QualifiedName.of("app", "events_2024"),
                QualifiedName.of("we\"ird.schema", "table; DROP TABLE app.customers;--"),
                QualifiedName.of("metrics", "conditions"), QualifiedName.of("metrics", "Readings"));
        assertThat(count(target, "app.events")).as("rows of the partitioned table on the target").isEqualTo(100);
        assertThat(count(target, "metrics.conditions")).as("rows of the hypertable on the target").isEqualTo(120);
        assertThat(count(target, "\"Sales Data\".\"Order Lines\"")).as("order lines on the target").isEqualTo(30);
        assertThat(target.value("SELECT string_agg(name_upper, ',' ORDER BY id) FROM app.customers"))
                .as("generated column recomputed on the target").isEqualTo(
                        source.value("SELECT string_agg(name_upper, ',' ORDER BY id) FROM app.customers"));

        assertThat(results.get(QualifiedName.of("app", "events_2024")).format())
                .as("COPY format of a partition of plain built-in types").isEqualTo("binary");
        assertThat(results.get(QualifiedName.of("metrics", "conditions")).format())
                .as("COPY format of a hypertable of plain built-in types").isEqualTo("binary");
        assertThat(results.get(QualifiedName.of("app", "customers")).format())
                .as("COPY format of a table with an extension type (citext) and a composite").isEqualTo("text");
        assertThat(results.get(QualifiedName.of("Sales Data", "Order Lines")).format())
                .as("COPY format of a table with a composite column").isEqualTo("text");
    }

    @Test
    void shouldCopyTheEdgeValuesOfAllTypesExactlyAsText() {
        Table allTypes = table("app", "all_types");

        CopyResult result = copyWhole(session, allTypes);

        assertThat(result.format()).as("COPY format of app.all_types (composite, user range and enum array columns)")
                .isEqualTo("text");
        assertThat(session.verifier().target(allTypes, allTypes.name()))
                .as("count and checksum of app.all_types").isEqualTo(session.verifier().source(allTypes));
        String rows = "SELECT t::text FROM app.all_types t ORDER BY id";
        assertThat(target.column(rows)).as("every value of app.all_types, as text").hasSize(3)
                .isEqualTo(source.column(rows));
        assertThat(target.value("SELECT c_numeric::text || ' ' || c_real::text || ' ' || c_double::text "
                + "FROM app.all_types WHERE id = 1")).as("NaN and infinities").isEqualTo("NaN -Infinity Infinity");
        assertThat(target.value("SELECT c_text FROM app.all_types WHERE id = 2"))
                .as("text with tabs, newlines, backslashes, quotes and emoji")
                .isEqualTo("tab\there\nnewline \\ backslash 'quote' \"dq\" ünïcødé 😀");
        assertThat(target.value("SELECT encode(c_bytea, 'hex') FROM app.all_types WHERE id = 1"))
                .as("bytea").isEqualTo("00ff");
        assertThat(target.value("SELECT c_money_pair::text || ' ' || c_mood_arr::text FROM app.all_types WHERE id = 2"))
                .as("composite and enum array").isEqualTo("(12.34,EUR) {sad,happy,\"it's complicated\"}");
        assertThat(target.value("SELECT count(*) FROM app.all_types WHERE c_int_arr = '{}' AND c_text_arr = '{NULL}'"))
                .as("rows with an empty array and an array holding NULL").isEqualTo("1");
    }

    // ---------------------------------------------------------------- splitting

    private static void assertContiguous(List<CopyUnit> units, String column, String type) {
        assertThat(units).as("units").allSatisfy(u -> {
            assertThat(u.range()).as("range of %s", u.key()).isNotNull();
            assertThat(u.range().column()).as("split column of %s", u.key()).isEqualTo(column);
            assertThat(u.range().columnType()).as("cast type of %s", u.key()).isEqualTo(type);
        });
        assertThat(units.get(0).range().lower()).as("lower bound of the first unit").isNull();
        assertThat(units.get(units.size() - 1).range().upper()).as("upper bound of the last unit").isNull();
        for (int i = 1; i < units.size(); i++) {
            assertThat(units.get(i).range().lower()).as("lower bound of unit %d", i)
                    .isNotNull().isEqualTo(units.get(i - 1).range().upper());
            assertThat(units.get(i).key()).as("key of unit %d", i)
                    .isEqualTo(units.get(i).table().quoted() + "#" + String.format("%04d", i + 1));
        }
        assertThat(units.stream().skip(1).filter(u -> u.range().includeNulls())).as("later units taking NULLs").isEmpty();
    }

    private record Totals(long rows, long bytes, Duration wall) {
    }

    private static Totals copyAll(TransferSession s, Table table, List<CopyUnit> units, QualifiedName into,
                                  int threads) throws Exception {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<CopyResult>> futures = new ArrayList<>();
            for (CopyUnit unit : units) {
                futures.add(pool.submit(() -> s.copy().copy(table, unit, into)));
            }
            long rows = 0;
            long bytes = 0;
            for (Future<CopyResult> f : futures) {
                CopyResult r = f.get();
                assertThat(r.skipped()).as("unit %s skipped", r.unit().key()).isFalse();
                rows += r.rows();
                bytes += r.bytes();
            }
            return new Totals(rows, bytes, Duration.ofNanos(System.nanoTime() - started));
        } finally {
            pool.shutdownNow();
        }
    }

    private static void report(String what, Totals totals) {
        double seconds = Math.max(totals.wall().toNanos(), 1) / 1e9;
        System.out.printf("THROUGHPUT %s: %d rows, %.1f MB in %.2f s = %.0f rows/s, %.1f MB/s%n", what, totals.rows(),
                totals.bytes() / 1e6, seconds, totals.rows() / seconds, totals.bytes() / 1e6 / seconds);
    }

    @Test
    void shouldReadATableInPartsByPhysicalPositionThatAddUpToTheWhole() {
        source.execute("CREATE TABLE bulk.wide AS SELECT g AS id, repeat('w', 500) || g AS s "
                + "FROM generate_series(1, 100000) g");
        try (TransferSession s = open("parts")) {
            Table wide = s.sourceModel().table(QualifiedName.of("bulk", "wide")).orElseThrow();
            long pages = Long.parseLong(source.value("SELECT pg_relation_size('bulk.wide') "
                    + "/ current_setting('block_size')::int"));
            List<CopyUnit.Range> parts = s.verifier().parts(wide, wide.name(), false, 8);
            assertThat(parts).as("parts of %d pages, at least 2048 each", pages)
                    .hasSize((int) Math.min(8, pages / 2048)).hasSizeGreaterThan(2)
                    .allSatisfy(r -> assertThat(r.column()).isEqualTo("ctid"));
            assertThat(parts.get(0).lower()).as("the first part has no lower bound").isNull();
            assertThat(parts.get(parts.size() - 1).upper()).as("nor the last an upper one").isNull();
            List<Verifier.Checksum> each = parts.stream().map(p -> s.verifier().source(wide, p)).toList();
            assertThat(each).as("every part holds rows").allSatisfy(c -> assertThat(c.count()).isPositive());
            java.math.BigInteger first = java.math.BigInteger.ZERO;
            java.math.BigInteger second = java.math.BigInteger.ZERO;
            for (Verifier.Checksum c : each) {
                first = first.add(new java.math.BigInteger(c.checksum().split(":")[0]));
                second = second.add(new java.math.BigInteger(c.checksum().split(":")[1]));
            }
            assertThat(new Verifier.Checksum(each.stream().mapToLong(Verifier.Checksum::count).sum(),
                    first + ":" + second)).as("the parts add up to the whole").isEqualTo(s.verifier().source(wide));

            Table conditions = s.sourceModel().table(QualifiedName.of("metrics", "conditions")).orElseThrow();
            assertThat(s.verifier().parts(conditions, conditions.name(), false, 8))
                    .as("a hypertable's rows are in its chunks: read whole").containsExactly((CopyUnit.Range) null);
            assertThat(s.verifier().parts(wide, QualifiedName.of("bulk", "nowhere"), true, 8))
                    .as("a table the target lacks: one part, whose read fails and says so")
                    .containsExactly((CopyUnit.Range) null);
        } finally {
            source.execute("DROP TABLE bulk.wide");
        }
    }

    @Test
    void shouldSplitByThePrimaryKeyAndCopyEveryRowExactlyOnce() throws Exception {
        Table big = table("bulk", "big");
        try (TransferSession s = open("split-by-id")) {
            s.checkpoints().begin("test");
            long bytes = Long.parseLong(source.value("SELECT pg_table_size('bulk.big')"));

            List<CopyUnit> units = s.copy().split(big, null, MIB, 4);

            assertThat(units).as("units of a %d-byte table at 1 MiB each", bytes)
                    .hasSizeGreaterThanOrEqualTo((int) Math.min(bytes / MIB, 1000)).hasSizeGreaterThan(4);
            assertContiguous(units, "id", "bigint");
            assertThat(units.get(0).range().includeNulls()).as("NULLs in the first unit of a primary key").isFalse();
            assertThat(units).as("estimated bytes per unit").allSatisfy(u ->
                    assertThat(u.estimatedBytes()).isBetween(1L, 2 * MIB));

            Totals totals = copyAll(s, big, units, QualifiedName.of("bulk", "big_by_id"), 1);
            report("bulk.big by id, 1 thread, " + units.size() + " units", totals);

            assertThat(totals.rows()).as("rows reported copied").isEqualTo(BIG_ROWS);
            assertThat(count(target, "bulk.big_by_id")).as("rows on the target").isEqualTo(BIG_ROWS);
            assertThat(target.value("SELECT count(DISTINCT id) FROM bulk.big_by_id")).as("distinct ids on the target")
                    .isEqualTo(String.valueOf(BIG_ROWS));
            assertThat(s.verifier().target(big, QualifiedName.of("bulk", "big_by_id")))
                    .as("count and checksum of the copy").isEqualTo(s.verifier().source(big));
            assertThat(s.checkpoints().doneUnits()).as("units recorded as done")
                    .containsAll(units.stream().map(CopyUnit::key).toList());
        }
    }

    @Test
    void shouldSplitByAPreferredTimeColumnAndCopyUnitsInParallel() throws Exception {
        Table big = table("bulk", "big");
        try (TransferSession s = open("split-by-ts")) {
            s.checkpoints().begin("test");

            List<CopyUnit> units = s.copy().split(big, "ts", MIB, 4);

            assertThat(units).as("units by time").hasSizeGreaterThan(4);
            assertContiguous(units, "ts", "timestamp with time zone");
            for (CopyUnit u : units.subList(1, units.size())) {
                assertThat(OffsetDateTime.parse(u.range().lower().replace(' ', 'T') + ":00",
                        DateTimeFormatter.ISO_OFFSET_DATE_TIME)).as("lower bound of %s in ISO with a UTC offset", u.key())
                        .isBetween(OffsetDateTime.parse("2024-01-01T00:00:00Z"), OffsetDateTime.parse("2024-06-30T00:00:00Z"));
            }

            Totals totals = copyAll(s, big, units, QualifiedName.of("bulk", "big_by_ts"), 4);
            report("bulk.big by ts, 4 threads, " + units.size() + " units", totals);

            assertThat(totals.rows()).as("rows reported copied").isEqualTo(BIG_ROWS);
            assertThat(s.verifier().target(big, QualifiedName.of("bulk", "big_by_ts")))
                    .as("count and checksum of the copy").isEqualTo(s.verifier().source(big));
        }
    }

    @Test
    void shouldPutTheNullsOfANullableSplitColumnInTheFirstUnitOnly() throws Exception {
        Table sparse = table("bulk", "sparse");
        try (TransferSession s = open("split-nullable")) {
            s.checkpoints().begin("test");

            List<CopyUnit> units = s.copy().split(sparse, null, 256 * 1024, 2);

            assertThat(units).as("units of bulk.sparse").hasSizeGreaterThan(2);
            assertContiguous(units, "k", "integer");
            assertThat(units.get(0).range().includeNulls()).as("NULLs in the first unit").isTrue();

            Totals totals = copyAll(s, sparse, units, QualifiedName.of("bulk", "sparse_copy"), 2);

            assertThat(totals.rows()).as("rows reported copied").isEqualTo(60_000);
            assertThat(count(target, "bulk.sparse_copy WHERE k IS NULL")).as("rows with a NULL split column")
                    .isEqualTo(6_000);
            assertThat(s.verifier().target(sparse, QualifiedName.of("bulk", "sparse_copy")))
                    .as("count and checksum of the copy").isEqualTo(s.verifier().source(sparse));
        }
    }

    @Test
    void shouldSplitByPhysicalPositionWithoutAUsableIndex() throws Exception {
        Table heap = table("bulk", "heap_only");
        try (TransferSession s = open("split-ctid")) {
            s.checkpoints().begin("test");

            List<CopyUnit> units = s.copy().split(heap, null, 256 * 1024, 2);

            assertThat(units).as("units of bulk.heap_only").hasSizeGreaterThan(2);
            assertContiguous(units, "ctid", "tid");
            assertThat(units.get(1).range().lower()).as("page bound").matches("\\(\\d+,0\\)");

            Totals totals = copyAll(s, heap, units, QualifiedName.of("bulk", "heap_copy"), 3);

            assertThat(totals.rows()).as("rows reported copied").isEqualTo(50_000);
            assertThat(s.verifier().target(heap, QualifiedName.of("bulk", "heap_copy")))
                    .as("count and checksum of the copy").isEqualTo(s.verifier().source(heap));
        }
    }

    @Test
    void shouldSplitAHypertableByItsTimeColumn() throws Exception {
        Table conditions = table("metrics", "conditions");
        try (TransferSession s = open("split-hypertable")) {
            s.checkpoints().begin("test");

            List<CopyUnit> units = s.copy().split(conditions, "ts", 8 * 1024, 3);

            assertThat(units).as("units of the hypertable").hasSizeGreaterThanOrEqualTo(3);
            assertContiguous(units, "ts", "timestamp with time zone");

            Totals totals = copyAll(s, conditions, units, QualifiedName.of("bulk", "conditions_copy"), 2);

            assertThat(totals.rows()).as("rows reported copied").isEqualTo(120);
            assertThat(s.verifier().target(conditions, QualifiedName.of("bulk", "conditions_copy")))
                    .as("count and checksum of the copy").isEqualTo(s.verifier().source(conditions));
        }
    }

    @Test
    void shouldSplitDatesAndTimestampsAcrossTheEraWithInfiniteValuesCovered() throws Exception {
        Table dated = table("bulk", "dated");
        try (TransferSession s = open("split-date")) {
            s.checkpoints().begin("test");

            List<CopyUnit> units = s.copy().split(dated, null, 256 * 1024, 2);

            assertThat(units).as("units by date").hasSizeGreaterThan(2);
            assertContiguous(units, "d", "date");
            assertThat(units.get(1).range().lower()).as("an early date bound").matches("\\d{4}-\\d{2}-\\d{2} BC");
            Totals totals = copyAll(s, dated, units, QualifiedName.of("bulk", "dated_by_d"), 2);
            assertThat(totals.rows()).as("rows reported copied by date").isEqualTo(20_002);
            assertThat(s.verifier().target(dated, QualifiedName.of("bulk", "dated_by_d")))
                    .as("count and checksum of the copy by date").isEqualTo(s.verifier().source(dated));
        }
        try (TransferSession s = open("split-timestamp")) {
            s.checkpoints().begin("test");

            List<CopyUnit> units = s.copy().split(dated, "t", 256 * 1024, 2);

            assertThat(units).as("units by timestamp").hasSizeGreaterThan(2);
            assertContiguous(units, "t", "timestamp without time zone");
            assertThat(units.get(1).range().lower()).as("an early timestamp bound")
                    .matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{6} BC");
            Totals totals = copyAll(s, dated, units, QualifiedName.of("bulk", "dated_by_t"), 2);
            assertThat(totals.rows()).as("rows reported copied by timestamp").isEqualTo(20_002);
            assertThat(s.verifier().target(dated, QualifiedName.of("bulk", "dated_by_t")))
                    .as("count and checksum of the copy by timestamp").isEqualTo(s.verifier().source(dated));
        }
    }

    @Test
    void shouldTellTablesApartThatDifferInOneValueOrInWhichRowsRepeat() {
        Table small = table("bulk", "small");
        QualifiedName copy = QualifiedName.of("bulk", "small_verify");
        try (TransferSession s = open("verify-differences")) {
            s.checkpoints().begin("test");
            s.copy().copy(small, s.copy().split(small, null, Long.MAX_VALUE, 1).get(0), copy);
            Verifier.Checksum original = s.verifier().source(small);
            Verifier.Checksum copied = s.verifier().target(small, copy);

            target.execute("UPDATE bulk.small_verify SET v = v + 0.5 WHERE id = 4242");
            Verifier.Checksum oneValueChanged = s.verifier().target(small, copy);
            target.execute("UPDATE bulk.small_verify SET v = v - 0.5 WHERE id = 4242;"
                    + "DELETE FROM bulk.small_verify WHERE id = 2; INSERT INTO bulk.small_verify VALUES (1, 1)");
            Verifier.Checksum rowRepeated = s.verifier().target(small, copy);

            assertThat(copied).as("checksum of an exact copy").isEqualTo(original);
            assertThat(oneValueChanged.count()).as("count with one value changed").isEqualTo(original.count());
            assertThat(oneValueChanged.checksum()).as("checksum with one value changed")
                    .isNotEqualTo(original.checksum());
            assertThat(rowRepeated.count()).as("count with one row replaced by a copy of another")
                    .isEqualTo(original.count());
            assertThat(rowRepeated.checksum()).as("checksum with one row replaced by a copy of another")
                    .isNotEqualTo(original.checksum());
        }
    }

    @Test
    void shouldKeepAWholeHypertableInOneUnitWhenItFitsTheUnitSize() {
        Table readings = table("metrics", "Readings");

        List<CopyUnit> units = session.copy().split(readings, "tick", 64 * MIB, 8);

        assertThat(units).as("units of a small hypertable").hasSize(1);
        assertThat(units.get(0).range()).as("range of its only unit").isNull();
        assertThat(units.get(0).estimatedBytes()).as("estimated bytes of its chunks").isPositive();
    }

    // ---------------------------------------------------------------- checkpoints and failures

    @Test
    void shouldSkipAUnitThatWasCopiedBefore() {
        Table small = table("bulk", "small");
        QualifiedName into = QualifiedName.of("bulk", "small_skip");
        try (TransferSession s = open("skip-copied")) {
            s.checkpoints().begin("test");
            CopyUnit unit = s.copy().split(small, null, Long.MAX_VALUE, 1).get(0);

            CopyResult first = s.copy().copy(small, unit, into);
            CopyResult second = s.copy().copy(small, unit, into);

            assertThat(first.skipped()).as("first copy skipped").isFalse();
            assertThat(first.rows()).as("rows of the first copy").isEqualTo(5000);
            assertThat(first.bytes()).as("bytes of the first copy").isPositive();
            assertThat(second.skipped()).as("second copy skipped").isTrue();
            assertThat(second.rows()).as("rows of the second copy").isZero();
            assertThat(count(target, "bulk.small_skip")).as("rows on the target after both").isEqualTo(5000);
            assertThat(s.checkpoints().doneUnits()).as("units done").contains(unit.key());
        }
        try (TransferSession rerun = open("skip-copied")) {
            CopyUnit unit = rerun.copy().split(small, null, Long.MAX_VALUE, 1).get(0);
            rerun.checkpoints().begin("test");

            assertThat(rerun.copy().copy(small, unit, into).skipped()).as("copy skipped in a rerun").isTrue();
            assertThat(count(target, "bulk.small_skip")).as("rows on the target after the rerun").isEqualTo(5000);
        }
    }

    @Test
    void shouldCopyAUnitOnceWhenWorkersRaceForIt() throws Exception {
        Table small = table("bulk", "small");
        QualifiedName into = QualifiedName.of("bulk", "small_race");
        try (TransferSession s = open("race")) {
            s.checkpoints().begin("test");
            CopyUnit unit = s.copy().split(small, null, Long.MAX_VALUE, 1).get(0);
            ExecutorService threads = Executors.newFixedThreadPool(4);
            List<CopyResult> results = new ArrayList<>();
            try {
                List<Future<CopyResult>> futures = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    futures.add(threads.submit(() -> s.copy().copy(small, unit, into)));
                }
                for (Future<CopyResult> f : futures) {
                    results.add(f.get());
                }
            } finally {
                threads.shutdownNow();
            }

            assertThat(results.stream().filter(r -> !r.skipped())).as("copies that wrote rows").hasSize(1);
            assertThat(count(target, "bulk.small_race")).as("rows on the target").isEqualTo(5000);
        }
    }

    @Test
    void shouldLeaveNoRowsAndNoMarkWhenTheTargetRejectsARow() {
        Table small = table("bulk", "small");
        try (TransferSession s = open("rejected-row")) {
            s.checkpoints().begin("test");
            CopyUnit unit = s.copy().split(small, null, Long.MAX_VALUE, 1).get(0);

            DataTransferException e = catchThrowableOfType(DataTransferException.class,
                    () -> s.copy().copy(small, unit, QualifiedName.of("bulk", "small_checked")));

            assertThat(e).as("failure of a unit violating a CHECK constraint on the target").isNotNull();
            assertThat(e.sqlState()).as("SQLSTATE").contains("23514");
            assertThat(e.table()).as("table").isEqualTo("\"bulk\".\"small\"");
            assertThat(e.unit()).as("unit").isEqualTo(unit.key());
            assertThat(e.getMessage()).as("message").contains(unit.key(), "\"bulk\".\"small\"", "v_small",
                    "23514");
            assertThat(count(target, "bulk.small_checked")).as("rows left on the target").isZero();
            assertThat(s.checkpoints().doneUnits()).as("units done").doesNotContain(unit.key());
            assertThat(target.value("SELECT count(*) FROM timescale_migrate.units WHERE migration_id = 'rejected-row'"))
                    .as("checkpoint rows of the failed unit").isEqualTo("0");

            CopyResult retried = s.copy().copy(small, unit, QualifiedName.of("bulk", "small_retry"));
            assertThat(retried.rows()).as("rows of the same unit copied into an acceptable table afterwards")
                    .isEqualTo(5000);
        }
    }

    @Test
    void shouldNameTableUnitAndSqlStateWhenTheTargetTableIsMissing() {
        Table small = table("bulk", "small");
        try (TransferSession s = open("missing-table")) {
            s.checkpoints().begin("test");
            CopyUnit unit = s.copy().split(small, null, Long.MAX_VALUE, 1).get(0);

            DataTransferException e = catchThrowableOfType(DataTransferException.class,
                    () -> s.copy().copy(small, unit, QualifiedName.of("bulk", "no_such_table")));

            assertThat(e).as("failure of a copy into a missing table").isNotNull();
            assertThat(e.sqlState()).as("SQLSTATE").contains("42P01");
            assertThat(e.table()).as("table").isEqualTo("\"bulk\".\"small\"");
            assertThat(e.unit()).as("unit").isEqualTo(unit.key());
            assertThat(e.getMessage()).as("message").contains("no_such_table", unit.key());
            assertThat(s.checkpoints().doneUnits()).as("units done").isEmpty();
        }
    }
}
