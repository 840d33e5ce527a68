package dev.timescalemigrate.testing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlScriptTest {

    @Test
    void shouldSplitAtSemicolonsOutsideQuotesCommentsAndDollarQuotes() {
        String script = """
                -- a comment; not a statement
                CREATE TABLE "a;b" (v text DEFAULT 'x;''y');
                /* block; comment */ SELECT 1;
                CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;
                CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $body$ SELECT '$$;' $body$;
                SELECT a$b FROM t;
                CALL refresh_continuous_aggregate('x', NULL, NULL)
                """;

        assertThat(SqlScript.statements(script)).containsExactly(
                "-- a comment; not a statement\nCREATE TABLE \"a;b\" (v text DEFAULT 'x;''y')",
                "/* block; comment */ SELECT 1",
                "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$",
                "CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $body$ SELECT '$$;' $body$",
                "SELECT a$b FROM t",
                "CALL refresh_continuous_aggregate('x', NULL, NULL)");
    }

    @Test
    void shouldKeepTheSqlStandardBodyOfARoutineTogether() {
        String script = """
                -- reads the table
                CREATE OR REPLACE FUNCTION f(x int) RETURNS int LANGUAGE sql
                BEGIN ATOMIC
                  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;
                  SELECT 2;
                END;
                CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); END;
                BEGIN;
                SELECT 1;
                END;
                """;

        assertThat(SqlScript.statements(script)).containsExactly(
                "-- reads the table\nCREATE OR REPLACE FUNCTION f(x int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n"
                        + "  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;\n  SELECT 2;\nEND",
                "CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); END",
                "BEGIN", "SELECT 1", "END");
    }

    @Test
    void shouldDropTrailingCommentsAndRefuseUnterminatedQuotes() {
        assertThat(SqlScript.statements("SELECT 1;\n-- done\n")).containsExactly("SELECT 1");
        assertThatThrownBy(() -> SqlScript.statements("SELECT 'open")).hasMessageContaining("unterminated");
    }
}
