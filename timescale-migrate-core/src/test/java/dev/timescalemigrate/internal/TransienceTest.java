package dev.timescalemigrate.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransienceTest {

    @Test
    void shouldRetryConnectionLossShutdownsAndConflicts() {
        assertThat(Transience.isTransient("08006")).isTrue();
        assertThat(Transience.isTransient("08003")).isTrue();
        assertThat(Transience.isTransient("57P01")).isTrue();
        assertThat(Transience.isTransient("40001")).isTrue();
        assertThat(Transience.isTransient("40P01")).isTrue();
        assertThat(Transience.isTransient("53300")).isTrue();
    }

    @Test
    void shouldRetryShutdownsAndLockTimeouts() {
        assertThat(Transience.isTransient("57P02")).as("crash shutdown").isTrue();
        assertThat(Transience.isTransient("57P03")).as("cannot connect now").isTrue();
        assertThat(Transience.isTransient("55P03")).as("lock not available").isTrue();
        assertThat(Transience.isTransient("08001")).as("any connection exception").isTrue();
    }

    @Test
    void shouldNotRetryPermanentErrors() {
        assertThat(Transience.isTransient(null)).isFalse();
        assertThat(Transience.isTransient("23505")).as("unique violation").isFalse();
        assertThat(Transience.isTransient("42P01")).as("undefined table").isFalse();
        assertThat(Transience.isTransient("42501")).as("insufficient privilege").isFalse();
        assertThat(Transience.isTransient("57014")).as("query canceled: a statement timeout would recur")
                .isFalse();
        assertThat(Transience.isTransient("22P02")).as("invalid text representation").isFalse();
    }
}
