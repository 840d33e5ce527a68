package dev.timescalemigrate.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class PreflightTest {

    @Test
    void shouldPrintChunkIntervalsAsPostgresIntervals() {
        assertThat(Preflight.interval(Duration.ofDays(1))).isEqualTo("1 day");
        assertThat(Preflight.interval(Duration.ofDays(7))).isEqualTo("7 days");
        assertThat(Preflight.interval(Duration.ofHours(6))).isEqualTo("21600 seconds");
        assertThat(Preflight.interval(Duration.ofMillis(1500))).isEqualTo("1500000 microseconds");
    }
}
