package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.QualifiedName;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlTest {

    @Test
    void shouldDoubleSingleQuotesInLiterals() {
        assertThat(Sql.literal("it's")).as("one quote").isEqualTo("'it''s'");
        assertThat(Sql.literal("''")).as("two quotes").isEqualTo("''''''");
        assertThat(Sql.literal("a\\b \"c\"")).as("backslash and double quotes unchanged")
                .isEqualTo("'a\\b \"c\"'");
        assertThat(Sql.literal("")).as("empty").isEqualTo("''");
        assertThat(Sql.literal("Ünïcødé 😀")).as("unicode").isEqualTo("'Ünïcødé 😀'");
    }

    @Test
    void shouldWriteNullForANullLiteral() {
        assertThat(Sql.literal(null)).isEqualTo("NULL");
    }

    @Test
    void shouldRejectNulInLiterals() {
        assertThatThrownBy(() -> Sql.literal("a\0b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL");
    }

    @Test
    void shouldQuoteRegclassNamesContainingQuotes() {
        assertThat(Sql.regclass(QualifiedName.of("we\"ird.schema", "it's \"x\"")))
                .isEqualTo("'\"we\"\"ird.schema\".\"it''s \"\"x\"\"\"'::pg_catalog.regclass");
        assertThat(Sql.regclass(QualifiedName.of("metrics", "Readings")))
                .isEqualTo("'\"metrics\".\"Readings\"'::pg_catalog.regclass");
    }

    @Test
    void shouldQuoteIdentifiers() {
        assertThat(Sql.id("select")).as("one").isEqualTo("\"select\"");
        assertThat(Sql.id("Sales Data", "Order\"Lines")).as("qualified")
                .isEqualTo("\"Sales Data\".\"Order\"\"Lines\"");
        assertThat(Sql.id(QualifiedName.of("a", "b"))).as("qualified name").isEqualTo("\"a\".\"b\"");
        assertThat(Sql.ids(List.of("a", "B c", "d\"e"))).as("list").isEqualTo("\"a\", \"B c\", \"d\"\"e\"");
        assertThatThrownBy(() -> Sql.id("")).as("empty").isInstanceOf(IllegalArgumentException.class);
    }
}
