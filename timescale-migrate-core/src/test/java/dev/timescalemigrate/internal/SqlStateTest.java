package dev.timescalemigrate.internal;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class SqlStateTest {

    @Test
    void shouldFindANamedStateByItsCode() {
        assertThat(SqlState.of("42P01")).contains(SqlState.UNDEFINED_TABLE);
        assertThat(SqlState.of("57P01")).contains(SqlState.ADMIN_SHUTDOWN);
        assertThat(SqlState.of("0A000")).contains(SqlState.FEATURE_NOT_SUPPORTED);
        assertThat(SqlState.of("23505")).as("a state the library does not name").isEmpty();
        assertThat(SqlState.of(null)).isEmpty();
    }

    @Test
    void shouldCompareCodesExactly() {
        assertThat(SqlState.UNDEFINED_TABLE.is("42P01")).isTrue();
        assertThat(SqlState.UNDEFINED_TABLE.is("42p01")).as("codes are upper case").isFalse();
        assertThat(SqlState.UNDEFINED_TABLE.is(null)).isFalse();
        assertThat(SqlState.INSUFFICIENT_PRIVILEGE.code()).isEqualTo("42501");
    }

    @Test
    void shouldTellConnectionExceptionsByTheirClass() {
        assertThat(SqlState.isConnectionException("08006")).isTrue();
        assertThat(SqlState.isConnectionException("08001")).as("not named, same class").isTrue();
        assertThat(SqlState.isConnectionException(SqlState.CONNECTION_FAILURE.code())).isTrue();
        assertThat(SqlState.isConnectionException("57P01")).isFalse();
        assertThat(SqlState.isConnectionException("80006")).isFalse();
        assertThat(SqlState.isConnectionException(null)).isFalse();
    }

    @Test
    void shouldHaveDistinctFiveCharacterCodes() {
        assertThat(Arrays.stream(SqlState.values()).map(SqlState::code))
                .doesNotHaveDuplicates()
                .allMatch(code -> code.matches("[0-9A-Z]{5}"));
    }
}
