package dev.timescalemigrate.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {

    @Test
    void shouldMaskThePasswordParameter() {
        assertThat(Secrets.maskUrl("jdbc:postgresql://db:5432/app?user=bob&password=s3cr3t&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/app?user=bob&password=***&ssl=true");
        assertThat(Secrets.maskUrl("jdbc:postgresql://db/app?password=s3cr3t")).as("first parameter")
                .isEqualTo("jdbc:postgresql://db/app?password=***");
        assertThat(Secrets.maskUrl("jdbc:postgresql://db/app?user=bob&PassWord=s3cr3t")).as("any case")
                .isEqualTo("jdbc:postgresql://db/app?user=bob&PassWord=***");
        assertThat(Secrets.maskUrl("jdbc:x://db/app;user=bob;password=s3cr3t;ssl=on")).as("semicolon separated")
                .isEqualTo("jdbc:x://db/app;user=bob;password=***;ssl=on");
    }

    @Test
    void shouldMaskSslPasswords() {
        assertThat(Secrets.maskUrl("jdbc:postgresql://db/app?sslmode=verify-full&sslpassword=k3y&sslkeypassword=k3y2&x=1"))
                .isEqualTo("jdbc:postgresql://db/app?sslmode=verify-full&sslpassword=***&sslkeypassword=***&x=1");
    }

    @Test
    void shouldMaskUserInfoPasswords() {
        assertThat(Secrets.maskUrl("postgresql://bob:s3cr3t@db:5432/app"))
                .isEqualTo("postgresql://bob:***@db:5432/app");
        assertThat(Secrets.maskUrl("jdbc:postgresql://bob:s3cr3t@db/app?password=other")).as("both forms")
                .isEqualTo("jdbc:postgresql://bob:***@db/app?password=***");
    }

    @Test
    void shouldLeaveEverythingElseAlone() {
        String url = "jdbc:postgresql://db:5432/app?user=bob&ssl=true&sslmode=require&passwordless=1&options=-c%20x=y";
        assertThat(Secrets.maskUrl(url)).as("no password anywhere").isEqualTo(url);
        assertThat(Secrets.maskUrl("jdbc:postgresql://bob@db/app")).as("user without password")
                .isEqualTo("jdbc:postgresql://bob@db/app");
        assertThat(Secrets.maskUrl("jdbc:postgresql://[::1]:5432/app")).as("IPv6 host and port")
                .isEqualTo("jdbc:postgresql://[::1]:5432/app");
        assertThat(Secrets.maskUrl(null)).as("null").isNull();
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

    @org.junit.jupiter.api.Test
    void shouldKeepTheRestOfAMessageAfterAMaskedPassword() {
        String masked = Secrets.maskUrl("Connection to jdbc:postgresql://h/db?password=pw refused. Check the host.");

        org.assertj.core.api.Assertions.assertThat(masked)
                .isEqualTo("Connection to jdbc:postgresql://h/db?password=*** refused. Check the host.");
    }
}
