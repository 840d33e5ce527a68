package dev.timescalemigrate.jdbc.internal;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class SplitKindTest {

    @Test
    void shouldKnowTheBuiltInIntegerDateAndTimestampTypes() {
        assertThat(SplitKind.of(20)).contains(SplitKind.INTEGER);
        assertThat(SplitKind.of(21)).contains(SplitKind.INTEGER);
        assertThat(SplitKind.of(23)).contains(SplitKind.INTEGER);
        assertThat(SplitKind.of(1082)).contains(SplitKind.DATE);
        assertThat(SplitKind.of(1114)).contains(SplitKind.TIMESTAMP);
        assertThat(SplitKind.of(1184)).contains(SplitKind.TIMESTAMPTZ);
        assertThat(SplitKind.of(1700)).as("numeric").isEmpty();
        assertThat(SplitKind.of(16384)).as("a user type").isEmpty();
    }

    @Test
    void shouldWriteBoundsInTheIsoInputFormatsInUtc() {
        assertThat(SplitKind.INTEGER.literal(-42)).isEqualTo("-42");
        assertThat(SplitKind.DATE.literal(LocalDate.of(2024, 2, 29).toEpochDay())).isEqualTo("2024-02-29");
        assertThat(SplitKind.TIMESTAMP.literal(1_500_000)).isEqualTo("1970-01-01 00:00:01.500000");
        assertThat(SplitKind.TIMESTAMPTZ.literal(-1)).as("before 1970")
                .isEqualTo("1969-12-31 23:59:59.999999+00");
    }

    @Test
    void shouldWriteYearsBeforeOneAsPostgresDoes() {
        assertThat(SplitKind.DATE.literal(LocalDate.of(0, 1, 1).toEpochDay())).as("ISO year 0")
                .isEqualTo("0001-01-01 BC");
        assertThat(SplitKind.DATE.literal(LocalDate.of(-4712, 1, 1).toEpochDay())).isEqualTo("4713-01-01 BC");
        long micros = LocalDate.of(-99, 3, 4).toEpochDay() * SplitKind.MICROS_PER_DAY + 3_600_000_000L;
        assertThat(SplitKind.TIMESTAMPTZ.literal(micros)).isEqualTo("0100-03-04 01:00:00.000000+00 BC");
    }
}
