package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.Strategies;
import dev.timescalemigrate.exception.ConfigurationException;
import dev.timescalemigrate.exception.ErrorCode;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Object identifier columns ({@code regclass} and the like) are copied as the names of the objects they refer to,
 * which the target resolves as the rows arrive: values it could not resolve then (an index, built after the data;
 * objects left out of the migration) stop the run in the preflight, naming each, before anything is written; the
 * others arrive as the same names.
 */
class ObjectIdentifierColumnsIT {

    private static final String SCHEMA = """
            CREATE SCHEMA app;
            CREATE SCHEMA other;
            CREATE TYPE other.mood AS ENUM ('ok');
            CREATE FUNCTION other.f() RETURNS int LANGUAGE sql AS 'SELECT 1';
            CREATE TABLE other.t (x int GENERATED ALWAYS AS IDENTITY);
            CREATE FUNCTION other.h(other.t) RETURNS int LANGUAGE sql AS 'SELECT 3';
            CREATE TYPE other.wrap AS (inner_row other.t); -- needs the table: left out with it
            CREATE FUNCTION app.ov(int) RETURNS int LANGUAGE sql AS 'SELECT 1';
            CREATE FUNCTION app.ov(text) RETURNS int LANGUAGE sql AS 'SELECT 2';
            CREATE TYPE app.color AS ENUM ('red');
            CREATE FUNCTION app.g() RETURNS int LANGUAGE sql AS 'SELECT 2';
            CREATE TABLE app.idt (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v int);
            CREATE VIEW app.kv AS SELECT id, v FROM app.idt GROUP BY id; -- needs the key: created after the data
            CREATE TYPE app.fr AS RANGE (subtype = float8);
            CREATE AGGREGATE app.mysum(int) (sfunc = int4pl, stype = int);
            CREATE TABLE app.refs (id int PRIMARY KEY, rel regclass, typ regtype, fn regproc, ns regnamespace,
                                   rels regclass[]);
            """;

    @Database(label = "oid_src")
    TestDatabase source;

    @Database(label = "oid_dst")
    TestDatabase target;

    private Migration.Builder migration() {
        return Migration.builder().source(source.dataSource()).target(target.dataSource())
                .strategy(Strategies.wholeDatabase()).include("app.*").migrationId("oid-test").verify(true);
    }

    @Test
    void shouldStopBeforeWritingWhenValuesNameObjectsTheTargetWillNotHave() {
        source.execute(SCHEMA + """
                INSERT INTO app.refs VALUES
                    (1, 'app.refs', 'app.color', 'app.g', 'app'),
                    (2, 'app.refs_pkey', 'other.t', 'other.h', 'other'),
                    (3, 'other.t', 'other.mood[]', 'other.f', 'pg_catalog'),
                    (4, 'app.kv', 'app.fr_multirange', 'app.mysum', 'app'),
                    (5, 'other.t_x_seq', 'other.wrap', 'app.ov(int)'::regprocedure, 'app');
                UPDATE app.refs SET rels = ARRAY['app.refs', 'app.refs_pkey']::regclass[] WHERE id = 1;
                """);

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> migration().build().run());

        assertThat(e.code()).isEqualTo(ErrorCode.PREFLIGHT_FAILED);
        // the include pattern leaves out other.t, with its sequence, its row type, the type and the function that
        // need it; the schema, its enum and its other function are migrated
        assertThat(e.problems()).hasSize(4);
        assertThat(e.getMessage()).contains(
                "Column \"app\".\"refs\".\"rel\" (regclass)",
                "\"app\".\"kv\" (a view created after the data", "\"app\".\"refs_pkey\" (an index: indexes are "
                        + "built after the data), \"other\".\"t\" (not migrated), \"other\".\"t_x_seq\" (the sequence of "
                        + "\"other\".\"t\", not migrated)",
                "Column \"app\".\"refs\".\"typ\" (regtype) holds names of objects the target cannot resolve when "
                        + "its rows are copied: \"other\".\"t\" (the row type of a relation not migrated), "
                        + "\"other\".\"wrap\" (not migrated).",
                "Column \"app\".\"refs\".\"fn\" (regproc) holds names of objects the target cannot resolve when "
                        + "its rows are copied: \"app\".\"ov\" (overloaded", "\"other\".\"h\" (not migrated).",
                "change the column to text on the source, or exclude the table",
                "Column \"app\".\"refs\".\"rels\" (regclass[]) holds names of objects the target cannot resolve "
                        + "when its rows are copied: \"app\".\"refs_pkey\" (an index: indexes are built after the data).");
        assertThat(e.getMessage()).as("the selection's objects and built-in ones resolve")
                .doesNotContain("\"app\".\"color\"", "\"app\".\"g\"", "mood", "\"other\".\"f\"", "pg_catalog",
                        "(regnamespace)", "fr_multirange", "mysum");
        assertThat(target.value("SELECT count(*) FROM pg_namespace WHERE nspname IN ('app', 'timescale_migrate')"))
                .as("nothing written").isEqualTo("0");
    }

    @Test
    void shouldCopyValuesNamingTheSelectionsAndBuiltInObjectsAsTheSameNames() {
        source.execute(SCHEMA + """
                INSERT INTO app.refs VALUES
                    (1, 'app.refs', 'app.color', 'app.g', 'app'),
                    (2, 'pg_class', 'app.color[]', 'now', 'pg_catalog'),
                    (3, NULL, 'int4', NULL, NULL),
                    (4, 'app.idt_id_seq', 'app.fr_multirange', 'app.mysum', 'app');
                UPDATE app.refs SET rels = ARRAY['app.refs', 'pg_class', 'app.idt_id_seq']::regclass[] WHERE id = 1;
                """);

        MigrationReport report = migration().build().run();

        assertThat(report.verificationReport().orElseThrow().mismatches()).isEmpty();
        String values = "SELECT id || ' ' || coalesce(rel::text, '-') || ' ' || typ::text || ' ' "
                + "|| coalesce(fn::text, '-') || ' ' || coalesce(ns::text, '-') || ' ' || coalesce(rels::text, '-') "
                + "FROM app.refs ORDER BY id";
        assertThat(target.column(values)).isEqualTo(source.column(values))
                .containsExactly("1 app.refs app.color app.g app {app.refs,pg_class,app.idt_id_seq}",
                        "2 pg_class app.color[] now pg_catalog -", "3 - integer - - -",
                        "4 app.idt_id_seq app.fr_multirange app.mysum app -");
    }
}
