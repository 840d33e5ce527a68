package dev.timescalemigrate.event;

import dev.timescalemigrate.model.QualifiedName;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/** The builders of the events with many fields. */
class MigrationEventBuildersTest {

    private static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");
    private static final QualifiedName T = QualifiedName.of("app", "t");

    @Test
    void shouldRefuseMissingRequiredArguments() {
        assertThatNullPointerException().isThrownBy(() -> MigrationEvent.MigrationStarted.builder(null, AT))
                .withMessage("migrationId");
        assertThatNullPointerException().isThrownBy(() -> MigrationEvent.MigrationStarted.builder("m", null))
                .withMessage("at");
        assertThatNullPointerException().isThrownBy(() -> MigrationEvent.UnitCopied.builder("m", AT, null, "u"))
                .withMessage("table");
        assertThatNullPointerException().isThrownBy(() -> MigrationEvent.UnitCopied.builder("m", AT, T, null))
                .withMessage("unit");
        assertThatNullPointerException().isThrownBy(() -> MigrationEvent.RetryScheduled.builder("m", AT, null))
                .withMessage("unit");
    }

    @Test
    void shouldLeaveTheTableOfARetriedDdlStepUnset() {
        MigrationEvent.RetryScheduled retry = MigrationEvent.RetryScheduled.builder("m", AT, "DDL step index")
                .attempt(1).message("deadlock detected").delay(Duration.ofSeconds(1)).build();
        assertThat(retry.table()).as("no table for a DDL step").isNull();
        assertThat(retry.sqlState()).as("no SQLSTATE given").isNull();
    }

    @Test
    void shouldCompareAndPrintEveryField() {
        MigrationEvent.UnitCopied copied = MigrationEvent.UnitCopied.builder("m", AT, T, "u1").rows(10).bytes(100)
                .duration(Duration.ofSeconds(1)).skipped(true).build();
        assertThat(copied.toBuilder().build()).isEqualTo(copied).hasSameHashCodeAs(copied);
        assertThat(copied.toBuilder().skipped(false).build()).isNotEqualTo(copied);
        assertThat(copied).hasToString("UnitCopied[migrationId=m, at=2025-01-01T00:00:00Z, table=\"app\".\"t\", "
                + "unit=u1, rows=10, bytes=100, duration=PT1S, skipped=true]");

        MigrationEvent.MigrationStarted started = MigrationEvent.MigrationStarted.builder("m", AT)
                .strategy("per-table").resumed(true).tables(2).units(3).estimatedBytes(4).build();
        assertThat(started.toBuilder().build()).isEqualTo(started).hasSameHashCodeAs(started);
        assertThat(started.toBuilder().units(5).build()).isNotEqualTo(started);
    }
}
