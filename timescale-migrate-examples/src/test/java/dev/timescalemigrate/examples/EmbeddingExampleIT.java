package dev.timescalemigrate.examples;

import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.TableReport;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedding example does what it says. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EmbeddingExampleIT {

    @Database(label = "embed_source")
    private TestDatabase source;
    @Database(label = "embed_target", timescale = true)
    private TestDatabase target;

    @Test
    void shouldMigrateTheSampleWithReadingsAsAHypertable() throws Exception {
        // not a fixture: the script is in this module's encapsulated resources, which the extension cannot read
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/demo/sample-source.sql"))) {
            source.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }

        MigrationReport report = EmbeddingExample.migrate(source.url(), target.url());

        Map<QualifiedName, Long> rows = report.tables().stream()
                .collect(Collectors.toMap(TableReport::table, TableReport::rows));
        assertThat(rows).containsExactlyInAnyOrderEntriesOf(Map.of(
                QualifiedName.of("app", "readings"), 200_000L,
                QualifiedName.of("app", "devices"), 50L,
                QualifiedName.of("app", "events"), 5_000L));
        assertThat(report.verificationReport().orElseThrow().matches()).isTrue();
        assertThat(report.verificationReport().orElseThrow().tables()).hasSize(3);
        assertThat(target.value("SELECT time_interval::text FROM timescaledb_information.dimensions "
                + "WHERE hypertable_schema = 'app' AND hypertable_name = 'readings' AND column_name = 'ts'"))
                .isEqualTo("1 day");
        assertThat(target.value("SELECT count(*) FROM pg_catalog.pg_views "
                + "WHERE schemaname = 'app' AND viewname = 'latest_readings'")).isEqualTo("1");
    }
}
