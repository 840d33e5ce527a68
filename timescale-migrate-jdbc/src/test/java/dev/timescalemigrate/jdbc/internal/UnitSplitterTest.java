package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.spi.CopyUnit;
import dev.timescalemigrate.spi.CopyUnit.Range;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UnitSplitterTest {

    private static final QualifiedName TABLE = QualifiedName.of("app", "Metrics");

    @Test
    void shouldDivideASpanIntoNearlyEqualRanges() {
        assertThat(UnitSplitter.boundaries(0, 99, 4)).containsExactly(25L, 50L, 75L);
        assertThat(UnitSplitter.boundaries(1, 10, 3)).as("10 values in 3").containsExactly(4L, 7L);
        assertThat(UnitSplitter.boundaries(-10, 9, 2)).as("negative values").containsExactly(0L);
    }

    @Test
    void shouldGiveFewerBoundariesThanAskedWhenTheSpanIsNarrow() {
        assertThat(UnitSplitter.boundaries(5, 7, 10)).as("3 values, 10 parts").containsExactly(6L, 7L);
        assertThat(UnitSplitter.boundaries(5, 5, 10)).as("one value").isEmpty();
        assertThat(UnitSplitter.boundaries(7, 5, 10)).as("empty span").isEmpty();
        assertThat(UnitSplitter.boundaries(0, 100, 1)).as("one part").isEmpty();
    }

    @Test
    void shouldSplitTheWholeRangeOfLongWithoutOverflow() {
        List<Long> bounds = UnitSplitter.boundaries(Long.MIN_VALUE, Long.MAX_VALUE, 4);

        assertThat(bounds).containsExactly(Long.MIN_VALUE / 2, 0L, Long.MAX_VALUE / 2 + 1);
    }

    @Test
    void shouldCountUnitsByBytesAtLeastTheMinimumAndAtMostTheCap() {
        assertThat(UnitSplitter.unitCount(1000, 100, 1)).isEqualTo(10);
        assertThat(UnitSplitter.unitCount(1001, 100, 1)).as("rounded up").isEqualTo(11);
        assertThat(UnitSplitter.unitCount(1000, 100, 16)).as("minimum units").isEqualTo(16);
        assertThat(UnitSplitter.unitCount(Long.MAX_VALUE, 1, 1)).isEqualTo(UnitSplitter.MAX_UNITS);
        assertThat(UnitSplitter.ceilDiv(0, 7)).isZero();
        assertThat(UnitSplitter.ceilDiv(-7, 2)).isEqualTo(-3);
    }

    @Test
    void shouldLeaveTheOuterRangesOpenAndGiveTheNullsToTheFirst() {
        SplitColumn id = new SplitColumn("id", false, "bigint", SplitKind.INTEGER, 0);

        List<Range> ranges = UnitSplitter.columnRanges(id, new SplitColumn.Span(0, 99), 4);

        assertThat(ranges).containsExactly(
                new Range("id", "bigint", null, "25", true),
                new Range("id", "bigint", "25", "50", false),
                new Range("id", "bigint", "50", "75", false),
                new Range("id", "bigint", "75", null, false));
        assertThat(UnitSplitter.columnRanges(id, new SplitColumn.Span(3, 3), 4)).as("one value")
                .containsExactly(new Range("id", "bigint", null, null, true));
    }

    @Test
    void shouldWriteTimeBoundsAsIsoLiterals() {
        SplitColumn ts = new SplitColumn("ts", true, "timestamp with time zone", SplitKind.TIMESTAMPTZ, 0);
        long day = SplitKind.MICROS_PER_DAY;

        List<Range> ranges = UnitSplitter.columnRanges(ts, new SplitColumn.Span(0, 2 * day - 1), 2);

        assertThat(ranges).containsExactly(
                new Range("ts", "timestamp with time zone", null, "1970-01-02 00:00:00.000000+00", false),
                new Range("ts", "timestamp with time zone", "1970-01-02 00:00:00.000000+00", null, false));
    }

    @Test
    void shouldSplitByPageRangesOfCtid() {
        assertThat(UnitSplitter.ctidRanges(100, 4)).containsExactly(
                new Range("ctid", "tid", null, "(25,0)", false),
                new Range("ctid", "tid", "(25,0)", "(50,0)", false),
                new Range("ctid", "tid", "(50,0)", "(75,0)", false),
                new Range("ctid", "tid", "(75,0)", null, false));
    }

    @Test
    void shouldPreferTheNamedColumnThenIndexedColumnsByRank() {
        SplitColumn created = new SplitColumn("created", true, "date", SplitKind.DATE, -1);
        SplitColumn other = new SplitColumn("other", true, "integer", SplitKind.INTEGER, 2);
        SplitColumn id = new SplitColumn("id", true, "bigint", SplitKind.INTEGER, 0);
        List<SplitColumn> columns = List.of(created, other, id);

        assertThat(UnitSplitter.candidates(columns, TABLE, null)).containsExactly(id, other);
        assertThat(UnitSplitter.candidates(columns, TABLE, "created")).containsExactly(created, id, other);
        assertThat(UnitSplitter.candidates(columns, TABLE, "other")).as("not twice").containsExactly(other, id);
        assertThat(UnitSplitter.candidates(columns, TABLE, "missing")).as("unknown column: the others")
                .containsExactly(id, other);
    }

    @Test
    void shouldNumberUnitsAndShareTheEstimates() {
        TableSize size = new TableSize(1000, 90, 10);
        List<Range> ranges = UnitSplitter.ctidRanges(10, 3);

        List<CopyUnit> units = UnitSplitter.units(TABLE, ranges, size);

        assertThat(units).extracting(CopyUnit::key)
                .containsExactly("\"app\".\"Metrics\"#0001", "\"app\".\"Metrics\"#0002", "\"app\".\"Metrics\"#0003");
        assertThat(units).allMatch(u -> u.estimatedRows() == 30 && u.estimatedBytes() == 333);
        assertThat(units).extracting(CopyUnit::range).containsExactlyElementsOf(ranges);
        CopyUnit whole = UnitSplitter.whole(TABLE, size);
        assertThat(whole.key()).isEqualTo("\"app\".\"Metrics\"#0000");
        assertThat(whole.range()).isNull();
        assertThat(whole.estimatedBytes()).isEqualTo(1000);
        assertThat(UnitSplitter.key(TABLE, 12345)).as("wider than four digits").endsWith("#12345");
    }
}
