package dev.timescalemigrate.model;

import dev.timescalemigrate.model.ServerInfo.Version;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServerInfoTest {

    private static ServerInfo server(String timescaleVersion, String license) {
        return ServerInfo.builder().database("db").serverVersion("15.20").serverVersionNum(150020).user("postgres")
                .superuser(true).timescaleVersion(timescaleVersion).timescaleLicense(license).build();
    }

    @Test
    void shouldParseVersions() {
        assertThat(Version.parse("2.19.3")).as("plain").isEqualTo(new Version(2, 19, 3));
        assertThat(Version.parse("2.20.0-dev")).as("suffix ignored").isEqualTo(new Version(2, 20, 0));
        assertThat(Version.parse("2.9")).as("no patch").isEqualTo(new Version(2, 9, 0));
        assertThat(Version.parse("2")).as("major only").isEqualTo(new Version(2, 0, 0));
        assertThat(Version.parse("2.19.3")).as("toString").hasToString("2.19.3");
        assertThat(Version.parse("2.20.0-dev")).as("toString drops the suffix").hasToString("2.20.0");
    }

    @Test
    void shouldCompareMajorThenMinorNumerically() {
        Version v = Version.parse("2.19.3");
        assertThat(v.atLeast(2, 19)).as("same minor").isTrue();
        assertThat(v.atLeast(2, 9)).as("9 < 19 numerically, not as text").isTrue();
        assertThat(v.atLeast(2, 20)).as("newer minor").isFalse();
        assertThat(v.atLeast(3, 0)).as("newer major").isFalse();
        assertThat(v.atLeast(1, 99)).as("older major").isTrue();
        assertThat(Version.parse("2.20.0-dev").atLeast(2, 20)).as("a dev build of 2.20").isTrue();
    }

    @Test
    void shouldOrderVersions() {
        List<Version> versions = new ArrayList<>(List.of(Version.parse("2.19.3"), Version.parse("2.9"),
                Version.parse("10.0.0"), Version.parse("2.19.10"), Version.parse("2.19.0"), Version.parse("1.7.5")));
        Collections.sort(versions);
        assertThat(versions).as("sorted").containsExactly(new Version(1, 7, 5), new Version(2, 9, 0),
                new Version(2, 19, 0), new Version(2, 19, 3), new Version(2, 19, 10), new Version(10, 0, 0));
        assertThat(Version.parse("2.19.3")).as("equal versions compare as zero")
                .isEqualByComparingTo(new Version(2, 19, 3));
    }

    @Test
    void shouldTellTheEdition() {
        assertThat(server("2.19.3", "apache").isApacheEdition()).as("apache").isTrue();
        assertThat(server("2.19.3", "timescale").isApacheEdition()).as("timescale").isFalse();
        assertThat(server(null, null).isApacheEdition()).as("not loaded").isFalse();
    }

    @Test
    void shouldExposeTheTimescaleVersion() {
        assertThat(server("2.19.3", "apache").hasTimescale()).as("installed").isTrue();
        assertThat(server("2.19.3", "apache").timescale()).as("parsed").contains(new Version(2, 19, 3));
        assertThat(server(null, "apache").hasTimescale()).as("not installed").isFalse();
        assertThat(server(null, "apache").timescale()).as("no version").isEmpty();
    }
}
