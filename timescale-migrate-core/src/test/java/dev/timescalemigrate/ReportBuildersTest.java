package dev.timescalemigrate;

import dev.timescalemigrate.model.QualifiedName;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/** The builders of {@link MigrationReport} and {@link TableReport}. */
class ReportBuildersTest {

    private static final QualifiedName T = QualifiedName.of("app", "t");
    private static final Instant STARTED = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void shouldRefuseMissingRequiredArguments() {
        assertThatNullPointerException().isThrownBy(() -> MigrationReport.builder(null, "per-table", STARTED))
                .withMessage("migrationId");
        assertThatNullPointerException().isThrownBy(() -> MigrationReport.builder("m", null, STARTED))
                .withMessage("strategy");
        assertThatNullPointerException().isThrownBy(() -> MigrationReport.builder("m", "per-table", null))
                .withMessage("started");
        assertThatNullPointerException().isThrownBy(() -> MigrationReport.builder("m", "per-table", STARTED)
                .duration(null)).withMessage("duration");
        assertThatNullPointerException().isThrownBy(() -> TableReport.builder(null)).withMessage("table");
        assertThatNullPointerException().isThrownBy(() -> TableReport.builder(T).duration(null))
                .withMessage("duration");
    }

    @Test
    void shouldBuildAFollowReportThatStartsWhereItFollowedFromAndComparesByEveryField() {
        FollowReport empty = FollowReport.builder("0/100").build();
        assertThat(empty.appliedLsn()).as("applied: the start until set").isEqualTo("0/100");
        assertThat(empty.lag()).isEqualTo(Duration.ZERO);
        assertThat(empty.duration()).isEqualTo(Duration.ZERO);
        FollowReport full = empty.toBuilder().transactions(3).changes(30).appliedLsn("0/200").lagBytes(5)
                .lag(Duration.ofSeconds(2)).retainedWalBytes(7).duration(Duration.ofMinutes(1)).build();
        assertThat(full.toBuilder().build()).isEqualTo(full).hasSameHashCodeAs(full);
        assertThat(full.toBuilder().retainedWalBytes(8).build()).isNotEqualTo(full);
        assertThat(full.toBuilder().lag(Duration.ofSeconds(3)).build()).isNotEqualTo(full);
        assertThat(full.toString()).contains("appliedLsn=0/200").contains("lag=PT2S").contains("retainedWalBytes=7");
        assertThatNullPointerException().isThrownBy(() -> FollowReport.builder(null)).withMessage("startLsn");
    }

    @Test
    void shouldStartEmpty() {
        MigrationReport report = MigrationReport.builder("m", "per-table", STARTED).build();
        assertThat(report.duration()).as("duration").isEqualTo(Duration.ZERO);
        assertThat(report.tables()).as("tables").isEmpty();
        assertThat(report.warnings()).as("warnings").isEmpty();
        assertThat(report.verificationReport()).as("verification").isEmpty();
        assertThat(report.resumed()).as("resumed").isFalse();
        assertThat(report.totalRows()).as("rows").isZero();

        TableReport table = TableReport.builder(T).build();
        assertThat(table.duration()).as("duration").isEqualTo(Duration.ZERO);
        assertThat(table.rowsPerSecond()).as("rows per second").isZero();
        assertThat(table.format()).as("format").isNull();
        assertThat(table.storageReport()).as("storage").isEmpty();
    }

    @Test
    void shouldCarryTheOptionalPartsAndCompareByEveryField() {
        StorageReport storage = new StorageReport(4, 3, 40_000_000, 8_000_000, 12_000_000);
        TableReport table = TableReport.builder(T).rows(10).bytes(100).duration(Duration.ofSeconds(1)).units(2)
                .unitsSkipped(1).retries(1).format("binary").build();
        assertThat(table.withStorage(storage).storageReport()).as("withStorage").contains(storage);
        assertThat(table.withStorage(storage)).as("withStorage changes only the storage")
                .isEqualTo(table.toBuilder().storageReport(storage).build()).isNotEqualTo(table);
        assertThat(table.toBuilder().build()).isEqualTo(table).hasSameHashCodeAs(table);

        VerificationReport verification = new VerificationReport(List.of(), Duration.ofMillis(5));
        MigrationReport report = MigrationReport.builder("m", "per-table", STARTED).duration(Duration.ofSeconds(2))
                .tables(List.of(table)).warnings(List.of("careful")).verificationReport(verification)
                .pointInTime(true).build();
        assertThat(report.verificationReport()).as("verification").contains(verification);
        assertThat(report.totalRows()).as("rows").isEqualTo(10);
        assertThat(report.toBuilder().build()).isEqualTo(report).hasSameHashCodeAs(report);
        assertThat(report.toBuilder().verificationReport(null).build()).isNotEqualTo(report);
    }
}
