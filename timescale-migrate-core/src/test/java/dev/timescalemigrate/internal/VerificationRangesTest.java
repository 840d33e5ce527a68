package dev.timescalemigrate.internal;

import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.spi.CopyUnit.Range;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The verification compares a table in ranges only when they take every row once: it must not share a gap. */
class VerificationRangesTest {

    private static final Table T = Table.builder(QualifiedName.of("s", "t")).columns(List.of(
            Column.builder("id", "bigint").notNull(true).build(), Column.builder("v", "integer").build())).build();

    private static Range r(String column, String lower, String upper, boolean nulls) {
        return new Range(column, "bigint", lower, upper, nulls);
    }

    @Test
    void shouldTakeContiguousRangesThatCoverEveryRow() {
        assertThat(MigrationRunner.covers(T, List.of(r("id", null, "10", false), r("id", "10", "20", false),
                r("id", "20", null, false)))).isTrue();
        assertThat(MigrationRunner.covers(T, List.of(r("v", null, "10", true), r("v", "10", null, false))))
                .as("a nullable column with its NULLs in one range").isTrue();
    }

    @Test
    void shouldRefuseRangesWithAGapAnOverlapOrMissingNulls() {
        assertThat(MigrationRunner.covers(T, List.of(r("id", null, "10", false), r("id", "11", null, false))))
                .as("a gap").isFalse();
        assertThat(MigrationRunner.covers(T, List.of(r("id", "0", "10", false), r("id", "10", null, false))))
                .as("no first range from the start").isFalse();
        assertThat(MigrationRunner.covers(T, List.of(r("id", null, "10", false), r("id", "10", "20", false))))
                .as("no last range to the end").isFalse();
        assertThat(MigrationRunner.covers(T, List.of(r("v", null, "10", false), r("v", "10", null, false))))
                .as("a nullable column's NULLs in none").isFalse();
        assertThat(MigrationRunner.covers(T, List.of(r("v", null, "10", true), r("v", "10", null, true))))
                .as("its NULLs twice").isFalse();
        assertThat(MigrationRunner.covers(T, List.of(r("id", null, "10", false), r("v", "10", null, true))))
                .as("two columns").isFalse();
    }
}
