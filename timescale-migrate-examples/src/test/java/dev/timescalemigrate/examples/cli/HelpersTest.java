package dev.timescalemigrate.examples.cli;

import dev.timescalemigrate.Passwords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HelpersTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1048576  | 1048576",
            "64MB     | 64000000",
            "64mb     | 64000000",
            "64M      | 64000000",
            "256MiB   | 268435456",
            "1GiB     | 1073741824",
            "1 gib    | 1073741824",
            "1.5GiB   | 1610612736",
            "512KiB   | 524288",
            "2KB      | 2000",
            "1TiB     | 1099511627776"})
    void byteSizes(String text, long bytes) {
        assertThat(ByteSize.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''       | is not a size",
            "MB       | is not a size",
            "-1MB     | is not a size",
            "0        | must be positive",
            "12 XB    | unknown unit 'xb'",
            "99999999999TiB | too large"})
    void badByteSizes(String text, String message) {
        assertThatThrownBy(() -> ByteSize.parse(text)).hasMessageContaining(message);
    }

    @Test
    void shouldMaskPasswordsInUrlsAndMessages() {
        assertThat(Passwords.mask("jdbc:postgresql://h:5432/db?user=a&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://h:5432/db?user=a&password=***&ssl=true");
        assertThat(Passwords.mask("jdbc:postgresql://h/db?PASSWORD=x;sslpassword=y"))
                .isEqualTo("jdbc:postgresql://h/db?PASSWORD=***;sslpassword=***");
        assertThat(Passwords.mask("postgresql://bob:pw@h/db")).isEqualTo("postgresql://bob:***@h/db");
        assertThat(Passwords.mask("Cannot connect to jdbc:postgresql://h/db?password=abc. Check it."))
                .isEqualTo("Cannot connect to jdbc:postgresql://h/db?password=***");
        assertThat(Passwords.mask("jdbc:postgresql://h/db?user=a")).isEqualTo("jdbc:postgresql://h/db?user=a");
        assertThat(Passwords.mask("Cannot connect to x (jdbc:postgresql://h/db?password=***): refused. Check it."))
                .isEqualTo("Cannot connect to x (jdbc:postgresql://h/db?password=***): refused. Check it.");
        assertThat(Passwords.mask(null)).isNull();
    }

    @Test
    void shouldSplitOutsideQuotesOnly() {
        assertThat(Text.splitOutsideQuotes("app.a,\"x,y\".b,c", ',')).containsExactly("app.a", "\"x,y\".b", "c");
        assertThat(Text.splitOutsideQuotes("\"a\"\",b\",c", ',')).containsExactly("\"a\"\",b\"", "c");
        assertThat(Text.splitOutsideQuotes("one", ',')).isEqualTo(List.of("one"));
        assertThatThrownBy(() -> Text.splitOutsideQuotes("\"a,b", ','))
                .hasMessageContaining("unbalanced double quote");
    }

    @Test
    void shouldFormatClockTimes() {
        assertThat(Text.clock(0)).isEqualTo("0:00");
        assertThat(Text.clock(42)).isEqualTo("0:42");
        assertThat(Text.clock(725)).isEqualTo("12:05");
        assertThat(Text.clock(3723)).isEqualTo("1:02:03");
    }
}
