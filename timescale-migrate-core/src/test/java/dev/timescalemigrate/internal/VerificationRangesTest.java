package dev.timescalemigrate.internal;

import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.spi.CopyUnit.Range;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A verification compares a table with the digests its copies took only when their units take every row once:
 * digests of units with a gap would agree with a target that has the same gap.
 */
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
        assertThat(MigrationRunner.covers(T, java.util.Collections.singletonList(null))).as("one unit of the whole")
                .isTrue();
        assertThat(MigrationRunner.covers(T, List.of(new Range("ctid", "tid", null, "(100,0)", false),
                new Range("ctid", "tid", "(100,0)", null, false)))).as("page ranges, never NULL").isTrue();
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
        assertThat(MigrationRunner.covers(T, java.util.Arrays.asList(r("id", null, "10", false), null)))
                .as("a whole-table unit among ranges").isFalse();
        assertThat(MigrationRunner.covers(T, List.of())).as("no unit").isFalse();
    }
}
