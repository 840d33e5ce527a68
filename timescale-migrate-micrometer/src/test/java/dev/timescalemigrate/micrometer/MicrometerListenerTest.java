package dev.timescalemigrate.micrometer;

import dev.timescalemigrate.event.MigrationEvent;
import dev.timescalemigrate.model.QualifiedName;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class MicrometerListenerTest {

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final QualifiedName T = QualifiedName.of("app", "metrics");

    @Test
    void shouldCountRowsBytesUnitsRetriesStepsWarningsAndRuns() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerListener listener = new MicrometerListener(registry, Tags.of("env", "test"));

        listener.dispatch(MigrationEvent.UnitCopied.builder("m", NOW, T, "u1").rows(100).bytes(4_000)
                .duration(Duration.ofMillis(20)).build());
        listener.dispatch(MigrationEvent.UnitCopied.builder("m", NOW, T, "u2").rows(50).bytes(2_000)
                .duration(Duration.ofMillis(10)).build());
        listener.dispatch(MigrationEvent.UnitCopied.builder("m", NOW, T, "u3").duration(Duration.ZERO).skipped(true)
                .build());
        listener.dispatch(MigrationEvent.RetryScheduled.builder("m", NOW, "u2").table(T).attempt(1).sqlState("08006")
                .message("reset").delay(Duration.ofSeconds(1)).build());
        listener.dispatch(MigrationEvent.RetryScheduled.builder("m", NOW, "DDL step index x").attempt(1)
                .sqlState("40P01").message("deadlock").delay(Duration.ofSeconds(1)).build());
        listener.dispatch(new MigrationEvent.SchemaStepDone("m", NOW, "table t", false));
        listener.dispatch(new MigrationEvent.SchemaStepDone("m", NOW, "index i", true));
        listener.dispatch(new MigrationEvent.Warning("m", NOW, "careful"));
        listener.dispatch(new MigrationEvent.MigrationFinished("m", NOW, null));

        String table = T.toString();
        assertThat(registry.get(MicrometerListener.ROWS).tags("migration", "m", "table", table, "env", "test")
                .counter().count()).isEqualTo(150);
        assertThat(registry.get(MicrometerListener.BYTES).tags("table", table).counter().count()).isEqualTo(6_000);
        assertThat(registry.get(MicrometerListener.UNITS).tags("outcome", "copied").counter().count()).isEqualTo(2);
        assertThat(registry.get(MicrometerListener.UNITS).tags("outcome", "skipped").counter().count()).isEqualTo(1);
        assertThat(registry.get(MicrometerListener.UNIT_DURATION).timer().count()).isEqualTo(2);
        assertThat(registry.get(MicrometerListener.RETRIES).tags("table", table).counter().count()).isEqualTo(1);
        assertThat(registry.get(MicrometerListener.RETRIES).tags("table", "-").counter().count()).isEqualTo(1);
        assertThat(registry.get(MicrometerListener.STEPS).tags("outcome", "run").counter().count()).isEqualTo(1);
        assertThat(registry.get(MicrometerListener.STEPS).tags("outcome", "skipped").counter().count()).isEqualTo(1);
        assertThat(registry.get(MicrometerListener.WARNINGS).counter().count()).isEqualTo(1);
        assertThat(registry.get(MicrometerListener.RUNS).tags("outcome", "finished").counter().count()).isEqualTo(1);
    }
}
