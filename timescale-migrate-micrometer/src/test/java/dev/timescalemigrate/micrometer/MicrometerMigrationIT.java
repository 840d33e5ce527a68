package dev.timescalemigrate.micrometer;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A real migration with the binding: the meters agree with the report. */
class MicrometerMigrationIT {

    @Database(label = "micrometer_src")
    private TestDatabase source;
    @Database(label = "micrometer_dst")
    private TestDatabase target;

    @Test
    void shouldRecordWhatTheReportSays() {
        source.execute("""
                CREATE TABLE public.t (id int PRIMARY KEY, v text);
                INSERT INTO public.t SELECT g, repeat('v', 30) || g FROM generate_series(1, 100000) g;
                CREATE TABLE public.u (id int PRIMARY KEY);
                INSERT INTO public.u SELECT g FROM generate_series(1, 300) g;
                ANALYZE;
                """);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        MigrationReport report = Migration.builder().source(source.dataSource()).target(target.dataSource())
                .unitBytes(1024 * 1024).parallelism(2).listener(new MicrometerListener(registry)).build().run();

        String id = report.migrationId();
        double rows = registry.find(MicrometerListener.ROWS).tag("migration", id).counters().stream()
                .mapToDouble(c -> c.count()).sum();
        double units = registry.find(MicrometerListener.UNITS).tag("outcome", "copied").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        assertThat(rows).isEqualTo(report.totalRows()).isEqualTo(100_300);
        assertThat(units).isEqualTo(report.tables().stream().mapToInt(t -> t.units()).sum()).isGreaterThan(2);
        assertThat(registry.get(MicrometerListener.STEPS).tag("outcome", "run").counter().count())
                .isEqualTo(report.schemaSteps());
        assertThat(registry.get(MicrometerListener.RUNS).tag("outcome", "finished").counter().count())
                .isEqualTo(1);
    }
}
