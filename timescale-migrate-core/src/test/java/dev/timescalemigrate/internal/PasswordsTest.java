package dev.timescalemigrate.internal;

import dev.timescalemigrate.Passwords;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one masking rule of the library and its command line ({@link Passwords}). */
class PasswordsTest {

    @Test
    void shouldMaskThePasswordParameter() {
        assertThat(Passwords.mask("jdbc:postgresql://db:5432/app?user=bob&password=s3cr3t&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/app?user=bob&password=***&ssl=true");
        assertThat(Passwords.mask("jdbc:postgresql://db/app?password=s3cr3t")).as("first parameter")
                .isEqualTo("jdbc:postgresql://db/app?password=***");
        assertThat(Passwords.mask("jdbc:postgresql://db/app?user=bob&PassWord=s3cr3t")).as("any case")
                .isEqualTo("jdbc:postgresql://db/app?user=bob&PassWord=***");
        assertThat(Passwords.mask("jdbc:x://db/app;user=bob;password=s3cr3t;ssl=on")).as("semicolon separated")
                .isEqualTo("jdbc:x://db/app;user=bob;password=***;ssl=on");
    }

    @Test
    void shouldMaskARawValueToTheNextParameterOrTheEnd() {
        assertThat(Passwords.mask("jdbc:postgresql://db/app?password=two words&ssl=true"))
                .as("a space in a raw value does not end it").isEqualTo("jdbc:postgresql://db/app?password=***&ssl=true");
        assertThat(Passwords.mask("Cannot connect to jdbc:postgresql://h/db?password=abc. Check it."))
                .as("a message quoting a raw URL loses what follows the password, not the password")
                .isEqualTo("Cannot connect to jdbc:postgresql://h/db?password=***");
    }

    @Test
    void shouldLeaveWhatIsMaskedAlone() {
        String message = "Cannot connect to x (jdbc:postgresql://h/db?password=***): refused. Check it.";
        assertThat(Passwords.mask(message)).as("masking twice keeps the message").isEqualTo(message);
        assertThat(Passwords.mask(Passwords.mask("postgresql://bob:pw@h/db?password=x&y=1")))
                .isEqualTo("postgresql://bob:***@h/db?password=***&y=1");
    }

    @Test
    void shouldMaskSslPasswords() {
        assertThat(Passwords.mask("jdbc:postgresql://db/app?sslmode=verify-full&sslpassword=k3y&sslkeypassword=k3y2&x=1"))
                .isEqualTo("jdbc:postgresql://db/app?sslmode=verify-full&sslpassword=***&sslkeypassword=***&x=1");
    }

    @Test
    void shouldMaskUserInfoPasswords() {
        assertThat(Passwords.mask("postgresql://bob:s3cr3t@db:5432/app"))
                .isEqualTo("postgresql://bob:***@db:5432/app");
        assertThat(Passwords.mask("jdbc:postgresql://bob:s3cr3t@db/app?password=other")).as("both forms")
                .isEqualTo("jdbc:postgresql://bob:***@db/app?password=***");
    }

    @Test
    void shouldLeaveEverythingElseAlone() {
        String url = "jdbc:postgresql://db:5432/app?user=bob&ssl=true&sslmode=require&passwordless=1&options=-c%20x=y";
        assertThat(Passwords.mask(url)).as("no password anywhere").isEqualTo(url);
        assertThat(Passwords.mask("jdbc:postgresql://bob@db/app")).as("user without password")
                .isEqualTo("jdbc:postgresql://bob@db/app");
        assertThat(Passwords.mask("jdbc:postgresql://[::1]:5432/app")).as("IPv6 host and port")
                .isEqualTo("jdbc:postgresql://[::1]:5432/app");
        assertThat(Passwords.mask(null)).as("null").isNull();
    }

    @Test
    void shouldNeverPrintThePasswordOfADataSource() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                "jdbc:postgresql://bob:urlS3cr3t@db/app?password=paramS3cr3t&ssl=true", "bob", "argS3cr3t");
        assertThat(dataSource.toString()).as("toString")
                .doesNotContain("urlS3cr3t").doesNotContain("paramS3cr3t").doesNotContain("argS3cr3t")
                .isEqualTo("DriverManagerDataSource[jdbc:postgresql://bob:***@db/app?password=***&ssl=true, "
                        + "user=bob, password=***]");
        assertThat(dataSource.maskedUrl()).as("maskedUrl")
                .isEqualTo("jdbc:postgresql://bob:***@db/app?password=***&ssl=true");
    }

    @Test
    void shouldSayWhenThereIsNoPasswordOrUser() {
        assertThat(new DriverManagerDataSource("jdbc:postgresql://db/app", null, null))
                .hasToString("DriverManagerDataSource[jdbc:postgresql://db/app]");
    }

    @Test
    void shouldRatherLoseTheRestOfAMessageThanPartOfAPassword() {
        // a raw value may hold spaces: everything up to the next parameter or the end goes
        assertThat(Passwords.mask("Connection to jdbc:postgresql://h/db?password=pw refused. Check the host."))
                .isEqualTo("Connection to jdbc:postgresql://h/db?password=***");
    }
}
