package dev.timescalemigrate.examples.cli;

import dev.timescalemigrate.model.QualifiedName;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HypertableOptionTest {

    @Test
    void shouldParseTableColumnAndInterval() {
        HypertableOption h = HypertableOption.parse("app.readings:ts:1d");
        assertThat(h.table()).isEqualTo(QualifiedName.of("app", "readings"));
        assertThat(h.tableText()).isEqualTo("app.readings");
        assertThat(h.column()).isEqualTo("ts");
        assertThat(h.chunkInterval()).isEqualTo(Duration.ofDays(1));
        assertThat(h.integerChunkInterval()).isNull();
    }

    @Test
    void shouldKeepTheDefaultIntervalWithoutOne() {
        HypertableOption h = HypertableOption.parse("readings:ts");
        assertThat(h.table()).isEqualTo(QualifiedName.of("public", "readings"));
        assertThat(h.column()).isEqualTo("ts");
        assertThat(h.chunkInterval()).isNull();
        assertThat(h.integerChunkInterval()).isNull();
    }

    @Test
    void shouldFoldUnquotedNamesToLowerCase() {
        HypertableOption h = HypertableOption.parse(" App.Readings : TS : 12H ");
        assertThat(h.table()).isEqualTo(QualifiedName.of("app", "readings"));
        assertThat(h.column()).isEqualTo("ts");
        assertThat(h.chunkInterval()).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void shouldKeepCaseSpacesDotsAndColonsOfQuotedNames() {
        HypertableOption h = HypertableOption.parse("\"My Schema\".\"T\":ts:1d");
        assertThat(h.table()).isEqualTo(QualifiedName.of("My Schema", "T"));
        assertThat(h.column()).isEqualTo("ts");
        assertThat(h.chunkInterval()).isEqualTo(Duration.ofDays(1));

        HypertableOption colons = HypertableOption.parse("\"a:b\".\"c.d:e\":\"Time:Stamp\":P1D");
        assertThat(colons.table()).isEqualTo(QualifiedName.of("a:b", "c.d:e"));
        assertThat(colons.column()).isEqualTo("Time:Stamp");
        assertThat(colons.chunkInterval()).isEqualTo(Duration.ofDays(1));

        HypertableOption escaped = HypertableOption.parse("\"say \"\"hi\"\"\":\"x\"\"y\"");
        assertThat(escaped.table()).isEqualTo(QualifiedName.of("public", "say \"hi\""));
        assertThat(escaped.column()).isEqualTo("x\"y");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1d            | PT24H",
            "12h           | PT12H",
            "30m           | PT30M",
            "90s           | PT1M30S",
            "500ms         | PT0.5S",
            "2w            | PT336H",
            "7 days        | PT168H",
            "1 day         | PT24H",
            "1 day 12 hours| PT36H",
            "1d12h         | PT36H",
            "1.5h          | PT1H30M",
            "45 MINUTES    | PT45M",
            "P1D           | PT24H",
            "pt12h         | PT12H",
            "P1DT6H        | PT30H",
            "P2W           | PT336H",
            "PT0.25S       | PT0.25S"})
    void shouldParseIntervals(String text, String expected) {
        assertThat(HypertableOption.parse("t:ts:" + text).chunkInterval()).isEqualTo(Duration.parse(expected));
        assertThat(HypertableOption.parseInterval(text)).isEqualTo(Duration.parse(expected));
    }

    @Test
    void shouldReadPlainIntegersAsIntegerIntervals() {
        HypertableOption h = HypertableOption.parse("app.counters:seq:100000");
        assertThat(h.integerChunkInterval()).isEqualTo(100_000L);
        assertThat(h.chunkInterval()).isNull();
        assertThat(HypertableOption.parse("t:n:+86400000").integerChunkInterval()).isEqualTo(86_400_000L);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                       | empty value",
            "app.readings             | has no time column",
            "app.readings:            | has an empty time column",
            ":ts:1d                   | has no table name",
            "app.readings:ts:         | empty chunk interval",
            "app.readings:ts:1d:x     | too many ':'",
            "\"app.readings:ts:1d     | unbalanced double quote",
            "a.b.c:ts                 | bad table name in 'a.b.c:ts'",
            "app.readings:\"ts:1d     | unbalanced double quote",
            "app.readings:t\"s\":1d   | quote the whole name",
            "app.readings:ts:0        | must be positive, was '0'",
            "app.readings:ts:-5       | must be positive, was '-5'",
            "app.readings:ts:-1d      | must be positive, was '-1d'",
            "app.readings:ts:0h       | must be positive, was '0h'",
            "app.readings:ts:P0D      | must be positive",
            "app.readings:ts:1 month  | months or years",
            "app.readings:ts:P1M      | months or years",
            "app.readings:ts:1y       | months or years",
            "app.readings:ts:3 fortnights | unknown unit 'fortnights'",
            "app.readings:ts:daily    | is not a chunk interval",
            "app.readings:ts:1d x     | is not a chunk interval",
            "app.readings:ts:Pfoo     | is not an ISO-8601 duration",
            "app.readings:ts:99999999999999999999 | too large"})
    void shouldSayWhatIsWrongWithABadValue(String text, String message) {
        assertThatThrownBy(() -> HypertableOption.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void shouldShowTheFormatWhenTheColumnIsMissing() {
        assertThatThrownBy(() -> HypertableOption.parse("app.readings"))
                .hasMessage("'app.readings' has no time column: expected TABLE:COLUMN[:INTERVAL], "
                        + "e.g. app.readings:ts:1d");
    }

    @Test
    void shouldTurnProblemsIntoPicocliConversionErrors() {
        assertThatThrownBy(() -> new HypertableOption.Converter().convert("x"))
                .isInstanceOf(picocli.CommandLine.TypeConversionException.class)
                .hasMessageContaining("has no time column");
        assertThat(new HypertableOption.Converter().convert("x:y:2h").chunkInterval())
                .isEqualTo(Duration.ofHours(2));
    }
}
