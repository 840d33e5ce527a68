package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.Strategies;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;
import dev.timescalemigrate.testing.TestServer;
import dev.timescalemigrate.testing.TimescaleOracle;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * From a TimescaleDB {@value TestServer#OLD_VERSION} source database into a new, empty database of the licensed
 * server's default (newer) version, which the migration gives the extension itself: every hypertable, chunk,
 * compression setting, continuous aggregate (with the history whose raw rows are gone), index, policy and job
 * arrives, compared through {@link TimescaleOracle}, which reads TimescaleDB's information views and the catalogs
 * of both databases and not this project's model, and every row of every table and aggregate by checksum.
 */
class CrossVersionIT {

    @Database(label = "xv_src", licensed = true, version = TestServer.OLD_VERSION,
            fixture = "/fixtures/timescale-cross-version.sql")
    private static TestDatabase source;
    private static Map<String, List<String>> expected;

    @BeforeAll
    static void describeSource() {
        expected = TimescaleOracle.describe(source, "fleet");
    }

    private static String defaultVersion(TestDatabase db) {
        return db.value("SELECT default_version FROM pg_available_extensions WHERE name = 'timescaledb'");
    }

    @Test
    void shouldCarryEveryObjectAndRowIntoANewerVersionWithTheWholeDatabaseStrategy() {
        try (TestDatabase target = source.sibling("xv_whole")) {
            MigrationReport report = Migration.builder().source(source.dataSource()).target(target.dataSource())
                    .strategy(Strategies.wholeDatabase()).parallelism(2).verify(true).build().run();

            assertThat(report.verificationReport().orElseThrow().mismatches()).isEmpty();
            assertThat(source.timescaleVersion()).isEqualTo(TestServer.OLD_VERSION);
            assertThat(target.timescaleVersion()).as("the extension the migration created: the server's default")
                    .isEqualTo(defaultVersion(target)).isNotEqualTo(TestServer.OLD_VERSION);
            Map<String, List<String>> actual = TimescaleOracle.describe(target, "fleet");
            expected.forEach((section, lines) -> assertThat(actual.get(section)).as(section).isEqualTo(lines));
            assertThat(actual.keySet()).isEqualTo(expected.keySet());
            assertThat(target.value("SELECT count(*) FROM fleet.hourly WHERE hour < '2024-03-07'"))
                    .as("hourly buckets whose raw rows the source had dropped").isEqualTo(String.valueOf(6 * 24 * 12));
            assertThat(target.value("SELECT count(*) FROM fleet.daily WHERE day < '2024-03-07'"))
                    .as("daily buckets built on them").isEqualTo(String.valueOf(6 * 12));
        }
    }

    /**
     * The streaming strategy compresses every chunk of every hypertable while it copies (that is what it is for):
     * where the source left a hypertable or chunks uncompressed, the target differs in exactly that; everything
     * else is as with the whole-database strategy.
     */
    @Test
    void shouldCarryEveryObjectAndRowIntoANewerVersionWithTheStreamingStrategy() {
        try (TestDatabase target = source.sibling("xv_stream")) {
            MigrationReport report = Migration.builder().source(source.dataSource()).target(target.dataSource())
                    .strategy(Strategies.streaming()).parallelism(2).verify(true).build().run();

            assertThat(report.verificationReport().orElseThrow().mismatches()).isEmpty();
            assertThat(target.timescaleVersion()).isEqualTo(defaultVersion(target));
            Map<String, List<String>> actual = TimescaleOracle.describe(target, "fleet");
            Map<String, List<String>> streamed = new java.util.LinkedHashMap<>(expected);
            streamed.put("hypertables", expected.get("hypertables").stream()
                    .map(l -> l.replace("compression=false", "compression=true")).toList());
            streamed.put("chunks", expected.get("chunks").stream()
                    .map(l -> l.startsWith("fleet.") && !l.endsWith(" compressed") ? l + " compressed" : l).toList());
            List<String> settings = actual.get("compression settings");
            assertThat(settings).as("compression settings: the source's, and inferred ones for fleet.shifts")
                    .containsAll(expected.get("compression settings")).hasSize(expected.get("compression settings")
                            .size() + 1).anyMatch(l -> l.startsWith("fleet.shifts segmentby="));
            streamed.remove("compression settings");
            streamed.forEach((section, lines) -> assertThat(actual.get(section)).as(section).isEqualTo(lines));
            assertThat(actual.keySet()).isEqualTo(expected.keySet());
        }
    }
}
