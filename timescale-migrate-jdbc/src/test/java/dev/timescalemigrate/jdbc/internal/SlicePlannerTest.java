package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.spi.CopyUnit.Range;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlicePlannerTest {

    private static final long DAY = SplitKind.MICROS_PER_DAY;
    private static final String TSTZ = "timestamp with time zone";

    @Test
    void shouldCutAtEveryMultipleOfTheWidthAfterTheLeastValue() {
        SplitColumn ts = new SplitColumn("ts", true, TSTZ, SplitKind.TIMESTAMPTZ, 0);

        // from noon on day 0 to noon on day 2: cuts at the starts of days 1 and 2
        SlicePlanner.Slicing slicing = SlicePlanner.slicing(ts, new SplitColumn.Span(DAY / 2, 2 * DAY + DAY / 2), DAY);

        assertThat(slicing.stride()).isEqualTo(DAY);
        assertThat(slicing.ranges()).containsExactly(
                new Range("ts", TSTZ, null, "1970-01-02 00:00:00.000000+00", false),
                new Range("ts", TSTZ, "1970-01-02 00:00:00.000000+00", "1970-01-03 00:00:00.000000+00", false),
                new Range("ts", TSTZ, "1970-01-03 00:00:00.000000+00", null, false));
    }

    @Test
    void shouldKeepASpanWithinOneWidthInOneSliceThatTakesTheNulls() {
        SplitColumn ts = new SplitColumn("ts", false, TSTZ, SplitKind.TIMESTAMPTZ, -1);

        SlicePlanner.Slicing slicing = SlicePlanner.slicing(ts, new SplitColumn.Span(1, DAY - 1), DAY);

        assertThat(slicing.ranges()).containsExactly(new Range("ts", TSTZ, null, null, true));
    }

    @Test
    void shouldCountDatesInDays() {
        SplitColumn day = new SplitColumn("day", true, "date", SplitKind.DATE, 0);

        // a week of dates (days 0..6) in slices of two days
        SlicePlanner.Slicing slicing = SlicePlanner.slicing(day, new SplitColumn.Span(0, 6), 2 * DAY);

        assertThat(slicing.stride()).isEqualTo(2);
        assertThat(slicing.ranges()).extracting(Range::upper)
                .containsExactly("1970-01-03", "1970-01-05", "1970-01-07", null);
        assertThat(SlicePlanner.slicing(day, new SplitColumn.Span(0, 6), DAY / 2).stride())
                .as("less than a day: one day").isEqualTo(1);
    }

    @Test
    void shouldWidenTheStrideToStayUnderTheUnitCap() {
        SplitColumn n = new SplitColumn("n", true, "bigint", SplitKind.INTEGER, 0);

        SlicePlanner.Slicing slicing = SlicePlanner.slicing(n, new SplitColumn.Span(0, 10_000_000), 1);

        assertThat(slicing.ranges().size()).isLessThanOrEqualTo(UnitSplitter.MAX_UNITS);
        assertThat(slicing.stride()).isEqualTo(101);
        assertThat(slicing.ranges().get(0).upper()).isEqualTo("1");
        assertThat(slicing.ranges().get(1).upper()).isEqualTo("102");
    }

    @Test
    void shouldNotWrapAroundAtTheEndOfLong() {
        SplitColumn n = new SplitColumn("n", true, "bigint", SplitKind.INTEGER, 0);

        SlicePlanner.Slicing slicing = SlicePlanner.slicing(n,
                new SplitColumn.Span(Long.MAX_VALUE - 10, Long.MAX_VALUE), 4);

        // cuts at MAX - 7 and MAX - 3; the next multiple would overflow
        assertThat(slicing.ranges()).extracting(Range::upper)
                .containsExactly(Long.toString(Long.MAX_VALUE - 7), Long.toString(Long.MAX_VALUE - 3), null);
    }
}
