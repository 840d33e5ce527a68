package dev.timescalemigrate.jdbc.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AppliedPositionsTest {

    @Test
    void shouldMoveOnlyOverTransactionsEveryOneOfWhichBeforeIsCommitted() {
        AppliedPositions p = new AppliedPositions(100);
        p.received(110, 120, 1_000);
        p.received(130, 140, 2_000);
        p.received(150, 160, 3_000);
        assertThat(p.advance()).isEmpty();
        assertThat(p.oldestPendingCommitMicros()).isEqualTo(1_000);

        p.committed(130); // out of order: the first is still missing
        assertThat(p.advance()).isEmpty();
        assertThat(p.through()).isEqualTo(100);
        assertThat(p.oldestPendingCommitMicros()).isEqualTo(1_000);

        p.committed(110);
        assertThat(p.advance()).hasValue(140);
        assertThat(p.advance()).as("moved once").isEmpty();
        assertThat(p.oldestPendingCommitMicros()).isEqualTo(3_000);
        assertThat(p.caughtUp()).isFalse();

        p.committed(150);
        assertThat(p.advance()).hasValue(160);
        assertThat(p.caughtUp()).isTrue();
        assertThat(p.oldestPendingCommitMicros()).isEqualTo(-1);
    }

    @Test
    void shouldIgnoreACommitOfATransactionItWasNotTold() {
        AppliedPositions p = new AppliedPositions(100);
        p.committed(999);
        assertThat(p.advance()).isEmpty();
        assertThat(p.caughtUp()).isTrue();
    }
}
