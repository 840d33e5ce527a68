package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.CompressionSettings;
import dev.timescalemigrate.model.CompressionSettings.OrderBy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompressionSettingsParserTest {

    @Test
    void shouldUnquoteQuotedSegmentByNames() {
        CompressionSettings settings = CompressionSettingsParser.parse("device_id, \"Host \"\"A\"\"\"", null);
        assertThat(settings.segmentBy()).as("segment-by").containsExactly("device_id", "Host \"A\"");
        assertThat(settings.orderBy()).as("no order-by").isEmpty();
    }

    @Test
    void shouldReadSegmentByNamesAsTimescaleDbPrintsThem() {
        // hypertable_compression_settings.segmentby is array_to_string(segmentby, ','): names are not quoted
        CompressionSettings settings = CompressionSettingsParser.parse("device_id,Host A,Mixed\"Quote,\"x\"", null);
        assertThat(settings.segmentBy()).as("unquoted names, one with a space and one with a quote")
                .containsExactly("device_id", "Host A", "Mixed\"Quote", "x");
    }

    @Test
    void shouldReadOrderByDirectionsAndNullsOrdering() {
        CompressionSettings settings = CompressionSettingsParser.parse(null,
                "ts DESC NULLS FIRST, value, \"x\" ASC NULLS LAST");
        assertThat(settings.segmentBy()).as("no segment-by").isEmpty();
        assertThat(settings.orderBy()).as("order-by").containsExactly(
                new OrderBy("ts", true, true),
                new OrderBy("value", false, false),
                new OrderBy("x", false, false));
    }

    @Test
    void shouldApplyPostgresDefaultNullsOrdering() {
        CompressionSettings settings = CompressionSettingsParser.parse("",
                "a DESC, b ASC, c, d DESC NULLS LAST, e NULLS FIRST, f desc nulls first");
        assertThat(settings.orderBy()).as("NULLS FIRST for DESC, NULLS LAST for ASC unless written").containsExactly(
                new OrderBy("a", true, true),
                new OrderBy("b", false, false),
                new OrderBy("c", false, false),
                new OrderBy("d", true, false),
                new OrderBy("e", false, true),
                new OrderBy("f", true, true));
    }

    @Test
    void shouldReadTimescaleDbsOrderByFormat() {
        // format('%I%s%s') joined with ',': quoted names, NULLS only where it differs from the default
        CompressionSettings settings = CompressionSettingsParser.parse(null,
                "\"Time\" DESC,\"Host \"\"A\"\"\" NULLS FIRST,value");
        assertThat(settings.orderBy()).as("order-by").containsExactly(
                new OrderBy("Time", true, true),
                new OrderBy("Host \"A\"", false, true),
                new OrderBy("value", false, false));
    }

    @Test
    void shouldReadTheBracesForm() {
        CompressionSettings settings = CompressionSettingsParser.parse("{a,b}", "{ts DESC,c}");
        assertThat(settings.segmentBy()).as("segment-by").containsExactly("a", "b");
        assertThat(settings.orderBy()).as("order-by")
                .containsExactly(new OrderBy("ts", true, true), new OrderBy("c", false, false));
    }

    @Test
    void shouldReturnEmptyListsForEmptyOrNullInput() {
        for (String blank : new String[] {null, "", "   "}) {
            CompressionSettings settings = CompressionSettingsParser.parse(blank, blank);
            assertThat(settings.segmentBy()).as("segment-by of [%s]", blank).isEmpty();
            assertThat(settings.orderBy()).as("order-by of [%s]", blank).isEmpty();
        }
        assertThat(CompressionSettingsParser.parse("{}", "{}").segmentBy()).as("empty braces").isEmpty();
    }

    @Test
    void shouldRejectUnknownWordsInOrderBy() {
        assertThatThrownBy(() -> CompressionSettingsParser.parse(null, "ts SIDEWAYS"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ts SIDEWAYS");
    }
}
