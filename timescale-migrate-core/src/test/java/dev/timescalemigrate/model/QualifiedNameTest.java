package dev.timescalemigrate.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QualifiedNameTest {

    @Test
    void shouldQuoteBothPartsAndDoubleEmbeddedQuotes() {
        assertThat(QualifiedName.of("public", "My Table").quoted()).as("spaces")
                .isEqualTo("\"public\".\"My Table\"");
        assertThat(QualifiedName.of("we\"ird.schema", "a\"\"b").quoted()).as("quotes and dots")
                .isEqualTo("\"we\"\"ird.schema\".\"a\"\"\"\"b\"");
        assertThat(QualifiedName.of("app", "customers")).as("toString is the quoted form")
                .hasToString("\"app\".\"customers\"");
    }

    @Test
    void shouldParseQuotedPartsContainingDotsAndDoubledQuotes() {
        assertThat(QualifiedName.parse("\"My Schema\".\"a.b\"", "public")).as("dot inside quotes")
                .isEqualTo(QualifiedName.of("My Schema", "a.b"));
        assertThat(QualifiedName.parse("\"we\"\"ird.schema\".\"table; DROP TABLE x;--\"", "public"))
                .as("doubled quote and semicolons")
                .isEqualTo(QualifiedName.of("we\"ird.schema", "table; DROP TABLE x;--"));
        assertThat(QualifiedName.parse("\"a\"\"\"", "public")).as("a name ending in a quote")
                .isEqualTo(QualifiedName.of("public", "a\""));
    }

    @Test
    void shouldFoldUnquotedPartsToLowerCaseAndKeepQuotedPartsAsWritten() {
        assertThat(QualifiedName.parse("App.Customers", "public")).as("both unquoted")
                .isEqualTo(QualifiedName.of("app", "customers"));
        assertThat(QualifiedName.parse("\"App\".Customers", "public")).as("quoted schema, unquoted name")
                .isEqualTo(QualifiedName.of("App", "customers"));
        assertThat(QualifiedName.parse("app.\"Customers\"", "public")).as("unquoted schema, quoted name")
                .isEqualTo(QualifiedName.of("app", "Customers"));
        assertThat(QualifiedName.parse(" app.customers ", "public")).as("surrounding blanks of unquoted parts")
                .isEqualTo(QualifiedName.of("app", "customers"));
    }

    @Test
    void shouldUseTheDefaultSchemaForAOnePartName() {
        assertThat(QualifiedName.parse("Metrics", "app")).as("unquoted, folded")
                .isEqualTo(QualifiedName.of("app", "metrics"));
        assertThat(QualifiedName.parse("\"Sales.Data\"", "My Schema")).as("quoted with a dot is one part")
                .isEqualTo(QualifiedName.of("My Schema", "Sales.Data"));
    }

    @Test
    void shouldRoundTripTheQuotedForm() {
        QualifiedName name = QualifiedName.of("we\"ird.schema", "Mixed \"Case\".x");
        assertThat(QualifiedName.parse(name.quoted(), "public")).as("parse(quoted())").isEqualTo(name);
    }

    @Test
    void shouldRejectEmptyParts() {
        assertThatThrownBy(() -> QualifiedName.parse("app..customers", "public")).as("two dots")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QualifiedName.parse(".customers", "public")).as("empty schema")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty name part");
        assertThatThrownBy(() -> QualifiedName.parse("app.", "public")).as("empty name")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty name part");
        assertThatThrownBy(() -> QualifiedName.parse("\"\".customers", "public")).as("empty quoted schema")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty name part");
        assertThatThrownBy(() -> QualifiedName.parse("   ", "public")).as("blank")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be empty");
        assertThatThrownBy(() -> QualifiedName.parse(null, "public")).as("null")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be empty");
    }

    @Test
    void shouldRejectUnbalancedQuotes() {
        assertThatThrownBy(() -> QualifiedName.parse("\"app.customers", "public")).as("opened, never closed")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unbalanced double quote");
        assertThatThrownBy(() -> QualifiedName.parse("app.\"a\"\"", "public")).as("closing quote doubled")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unbalanced double quote");
    }

    @Test
    void shouldRejectThreeParts() {
        assertThatThrownBy(() -> QualifiedName.parse("db.app.customers", "public"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'db.app.customers' is not a table name");
    }

    @Test
    void shouldRejectNullParts() {
        assertThatThrownBy(() -> QualifiedName.of(null, "x")).as("schema").isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> QualifiedName.of("x", null)).as("name").isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldOrderBySchemaThenName() {
        assertThat(QualifiedName.of("a", "z")).as("schema decides")
                .isLessThan(QualifiedName.of("b", "a"));
        assertThat(QualifiedName.of("a", "a")).as("then the name")
                .isLessThan(QualifiedName.of("a", "b"));
        assertThat(QualifiedName.of("a", "b").compareTo(QualifiedName.of("a", "b"))).as("equal").isZero();
    }

    @Test
    void shouldQuoteIdentifiersAndRejectEmptyAndNul() {
        assertThat(SqlIdentifiers.quote("select")).as("reserved word").isEqualTo("\"select\"");
        assertThat(SqlIdentifiers.quote("Mixed\"Quote")).as("embedded quote").isEqualTo("\"Mixed\"\"Quote\"");
        assertThat(SqlIdentifiers.quote("Ünïcødé 😀")).as("unicode").isEqualTo("\"Ünïcødé 😀\"");
        assertThatThrownBy(() -> SqlIdentifiers.quote("")).as("empty")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be empty");
        assertThatThrownBy(() -> SqlIdentifiers.quote(null)).as("null")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be empty");
        assertThatThrownBy(() -> SqlIdentifiers.quote("a\0b")).as("NUL")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
    }
}
