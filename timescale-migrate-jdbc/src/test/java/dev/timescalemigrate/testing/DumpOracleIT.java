package dev.timescalemigrate.testing;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dump oracle is not blind: two databases built by the same script compare equal (their names and the
 * checkpoint schema apart), and each kind of change, in the schema, in a row, in a large object, is a difference.
 */
class DumpOracleIT {

    private static final String FIXTURE = """
            CREATE SCHEMA app;
            CREATE TABLE app.customer (id int PRIMARY KEY, name text NOT NULL, tier text DEFAULT 'basic');
            CREATE INDEX customer_name ON app.customer (name);
            CREATE TABLE app.event (id bigint NOT NULL, at timestamptz NOT NULL, note text);
            CREATE TABLE app.event_2024 () INHERITS (app.event);
            CREATE VIEW app.gold AS SELECT id, name FROM app.customer WHERE tier = 'gold';
            INSERT INTO app.customer VALUES (1, 'ada', 'gold'), (2, 'bob', DEFAULT), (3, 'cy', NULL);
            INSERT INTO app.event VALUES (1, '2025-01-01 00:00+00', 'parent row');
            INSERT INTO app.event_2024 VALUES (2, '2024-06-01 00:00+00', 'child row');
            SELECT pg_catalog.lo_from_bytea(424242, 'large object data');
            """;

    @Database(label = "dump_a")
    TestDatabase a;
    @Database(label = "dump_b")
    TestDatabase b;
    @Database(label = "dump_c")
    TestDatabase c;

    @BeforeEach
    void fillBoth() {
        a.execute(FIXTURE);
        b.execute(FIXTURE);
    }

    @Test
    void shouldCompareTwoIdenticalDatabasesEqual() {
        DumpOracle.Comparison c = DumpOracle.compare(a, b);

        assertThat(c.differences()).isEmpty();
        assertThat(c.same()).isTrue();
        assertThat(DumpOracle.tableChecksums(a.url())).containsOnlyKeys("app.customer", "app.event", "app.event_2024");
        assertThat(DumpOracle.largeObjects(a.url())).containsOnlyKeys("424242");
    }

    @Test
    void shouldIgnoreTheCheckpointSchemaAndTheDatabaseName() {
        b.execute("CREATE SCHEMA " + DumpOracle.CHECKPOINT_SCHEMA + "; CREATE TABLE " + DumpOracle.CHECKPOINT_SCHEMA
                + ".step (id int PRIMARY KEY); INSERT INTO " + DumpOracle.CHECKPOINT_SCHEMA + ".step VALUES (1)");
        a.execute("COMMENT ON TABLE app.customer IS 'in " + a.name() + "'");
        b.execute("COMMENT ON TABLE app.customer IS 'in " + b.name() + "'");

        assertThat(DumpOracle.compare(a, b).differences()).isEmpty();
    }

    @Test
    void shouldAcceptAnObjectAsTheYardstickHasItButNothingElse() {
        c.execute(FIXTURE);
        c.execute("ALTER TABLE app.customer ALTER COLUMN tier SET DEFAULT 'silver'");

        b.execute("ALTER TABLE app.customer ALTER COLUMN tier SET DEFAULT 'silver'");
        assertThat(DumpOracle.compareWithYardstick(a.url(), c.url(), b.url()))
                .as("as the yardstick has it, though not as the source").isEmpty();

        b.execute("CREATE INDEX customer_tier ON app.customer (tier)");
        assertThat(DumpOracle.compareWithYardstick(a.url(), c.url(), b.url()))
                .as("neither as the source nor as the yardstick").singleElement().asString()
                .startsWith("only in the target: Name: customer_tier; Type: INDEX; Schema: app")
                .contains("CREATE INDEX customer_tier ON app.customer USING btree (tier);");

        b.execute("DROP INDEX app.customer_tier; UPDATE app.customer SET name = 'ada2' WHERE id = 1");
        assertThat(DumpOracle.compareWithYardstick(a.url(), c.url(), b.url())).as("rows must be the source's")
                .singleElement().asString().startsWith("table app.customer: source ");
    }

    @Test
    void shouldShowAChangedColumnDefault() {
        b.execute("ALTER TABLE app.customer ALTER COLUMN tier SET DEFAULT 'silver'");

        DumpOracle.Comparison c = DumpOracle.compare(a, b);

        assertThat(c.schema()).singleElement().asString()
                .contains("-    tier text DEFAULT 'basic'::text").contains("+    tier text DEFAULT 'silver'::text");
        assertThat(c.tables()).isEmpty();
    }

    @Test
    void shouldShowAChangedRow() {
        b.execute("UPDATE app.customer SET name = 'bobby' WHERE id = 2");

        DumpOracle.Comparison c = DumpOracle.compare(a, b);

        assertThat(c.schema()).isEmpty();
        assertThat(c.tables()).singleElement().asString().startsWith("table app.customer: source 3 rows, md5 ");
    }

    @Test
    void shouldShowARowOfAnInheritanceChildByItsOwnTable() {
        b.execute("UPDATE app.event_2024 SET note = 'changed child row'");

        assertThat(DumpOracle.compare(a, b).tables()).singleElement().asString().startsWith("table app.event_2024: ");
    }

    @Test
    void shouldShowADroppedIndex() {
        b.execute("DROP INDEX app.customer_name");

        DumpOracle.Comparison c = DumpOracle.compare(a, b);

        assertThat(c.schema()).singleElement().asString()
                .contains("-CREATE INDEX customer_name ON app.customer USING btree (name);");
        assertThat(c.tables()).isEmpty();
    }

    @Test
    void shouldShowAChangedLargeObject() {
        b.execute("SELECT pg_catalog.lo_put(424242, 0, '\\x4c'::bytea)");

        DumpOracle.Comparison c = DumpOracle.compare(a, b);

        assertThat(c.largeObjects()).singleElement().asString()
                .startsWith("large object 424242: source owner ").contains(", 17 bytes, md5 ");
        assertThat(c.schema()).isEmpty();
        assertThat(c.tables()).isEmpty();
    }

    @Test
    void shouldShowAMissingLargeObjectAndAMissingTable() {
        b.execute("SELECT pg_catalog.lo_unlink(424242); DROP VIEW app.gold; DROP TABLE app.customer");

        DumpOracle.Comparison c = DumpOracle.compare(a, b);

        assertThat(c.largeObjects()).containsExactly(
                "large object 424242: only in the source (" + DumpOracle.largeObjects(a.url()).get("424242") + ")");
        assertThat(c.tables()).singleElement().asString().startsWith("table app.customer: only in the source (3 rows");
        assertThat(c.schema()).isNotEmpty();
    }
}
