package dev.timescalemigrate.internal;

import dev.timescalemigrate.model.QualifiedName;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TablePatternTest {

    @Test
    void shouldMatchGlobsWithinParts() {
        TablePattern p = TablePattern.parse("app.audit_*");

        assertThat(p.matches(QualifiedName.of("app", "audit_log"))).isTrue();
        assertThat(p.matches(QualifiedName.of("app", "audit_"))).isTrue();
        assertThat(p.matches(QualifiedName.of("app", "audits"))).isFalse();
        assertThat(p.matches(QualifiedName.of("other", "audit_log"))).isFalse();
        assertThat(p.hasWildcard()).isTrue();
    }

    @Test
    void shouldTreatRegexCharactersLiterally() {
        TablePattern p = TablePattern.parse("\"a+b\".\"t(1)\"");

        assertThat(p.matches(QualifiedName.of("a+b", "t(1)"))).isTrue();
        assertThat(p.matches(QualifiedName.of("aab", "t1"))).isFalse();
        assertThat(p.hasWildcard()).isFalse();
    }

    @Test
    void shouldFoldUnquotedPartsAndKeepQuotedOnes() {
        assertThat(TablePattern.parse("App.Metrics").matches(QualifiedName.of("app", "metrics"))).isTrue();
        assertThat(TablePattern.parse("\"App\".\"Metrics\"").matches(QualifiedName.of("app", "metrics"))).isFalse();
        assertThat(TablePattern.parse("\"App\".\"Metrics\"").matches(QualifiedName.of("App", "Metrics"))).isTrue();
    }

    @Test
    void shouldDefaultToPublicAndAllowDotsInQuotedParts() {
        assertThat(TablePattern.parse("metrics").matches(QualifiedName.of("public", "metrics"))).isTrue();
        assertThat(TablePattern.parse("\"we\"\"ird.schema\".?able*")
                .matches(QualifiedName.of("we\"ird.schema", "table; DROP"))).isTrue();
    }

    @Test
    void shouldRejectMalformedPatterns() {
        assertThatThrownBy(() -> TablePattern.parse("")).hasMessageContaining("cannot be empty");
        assertThatThrownBy(() -> TablePattern.parse("a.b.c")).hasMessageContaining("more than two parts");
        assertThatThrownBy(() -> TablePattern.parse("a.")).hasMessageContaining("empty name");
        assertThatThrownBy(() -> TablePattern.parse("\"a.b")).hasMessageContaining("unbalanced");
    }
}
