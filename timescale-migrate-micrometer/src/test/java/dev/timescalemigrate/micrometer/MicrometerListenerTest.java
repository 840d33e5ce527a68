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

    @Test
    void shouldGaugeTheLagAndCountWhatFollowingApplied() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerListener listener = new MicrometerListener(registry);
        listener.dispatch(new MigrationEvent.FollowProgress("m", NOW, dev.timescalemigrate.FollowReport
                .builder("0/1").transactions(10).changes(100).lag(Duration.ofMillis(2500)).lagBytes(4096)
                .retainedWalBytes(1 << 20).build(), 10, 100));
        listener.dispatch(new MigrationEvent.FollowProgress("m", NOW, dev.timescalemigrate.FollowReport
                .builder("0/1").transactions(25).changes(180).lag(Duration.ofMillis(500)).lagBytes(128)
                .retainedWalBytes(2 << 20).build(), 15, 80));

        assertThat(registry.get(MicrometerListener.FOLLOW_TRANSACTIONS).tags("migration", "m").counter().count())
                .isEqualTo(25);
        assertThat(registry.get(MicrometerListener.FOLLOW_CHANGES).counter().count()).isEqualTo(180);
        assertThat(registry.get(MicrometerListener.FOLLOW_LAG).gauge().value()).isEqualTo(0.5);
        assertThat(registry.get(MicrometerListener.FOLLOW_LAG_BYTES).gauge().value()).isEqualTo(128);
        assertThat(registry.get(MicrometerListener.FOLLOW_RETAINED_BYTES).gauge().value()).isEqualTo(2 << 20);
    }
}
