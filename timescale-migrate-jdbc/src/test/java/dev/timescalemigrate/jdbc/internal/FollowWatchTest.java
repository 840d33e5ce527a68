package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.FollowReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FollowWatchTest {

    private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");

    private final FollowWatch watch = new FollowWatch();

    private List<String> at(int second, double lagSeconds, long changes, long retained, String walStatus) {
        FollowReport status = FollowReport.builder("0/1").changes(changes)
                .lag(Duration.ofMillis((long) (lagSeconds * 1000))).retainedWalBytes(retained).build();
        return watch.observe(T0.plusSeconds(second), status, walStatus, "tsm_x");
    }

    @Test
    void shouldWarnOnceWhenTheLagKeepsGrowingOverTheWindowAndAgainOnlyAfterItFellBack() {
        List<String> warnings = new ArrayList<>();
        for (int s = 0; s <= 40; s++) {
            warnings.addAll(at(s, s * 0.5, s * 1000L, 0, "reserved")); // 0.5 s more lag every second
        }
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("falls behind").contains("tsm_x").contains("1000 changes/s");
        assertThat(at(41, 1, 41_000, 0, "reserved")).isEmpty(); // caught up: the warning is re-armed
        List<String> again = new ArrayList<>();
        for (int s = 42; s <= 90; s++) {
            again.addAll(at(s, (s - 42) * 0.5, s * 1000L, 0, "reserved"));
        }
        assertThat(again).hasSize(1);
    }

    @Test
    void shouldNotWarnAboutALargeLagThatDoesNotGrowOrAGrowingLagThatIsStillSmall() {
        List<String> warnings = new ArrayList<>();
        for (int s = 0; s <= 60; s++) {
            warnings.addAll(at(s, 20, s * 10L, 0, "reserved")); // large, steady
        }
        FollowWatch other = new FollowWatch();
        for (int s = 0; s <= 60; s++) {
            FollowReport status = FollowReport.builder("0/1").lag(Duration.ofMillis(s * 100L)).build();
            warnings.addAll(other.observe(T0.plusSeconds(s), status, "reserved", "tsm_x")); // grows to 6 s only
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void shouldWarnAboutRetainedWalAtOneGigabyteAndAtEachDoubling() {
        long gib = 1L << 30;
        assertThat(at(0, 0, 0, gib - 1, "reserved")).isEmpty();
        assertThat(at(1, 0, 0, gib, "reserved")).singleElement().asString().contains("1.1 GB").contains("tsm_x");
        assertThat(at(2, 0, 0, gib + gib / 2, "reserved")).isEmpty();
        assertThat(at(3, 0, 0, 5 * gib, "reserved")).singleElement().asString().contains("5.4 GB");
        assertThat(at(4, 0, 0, 6 * gib, "reserved")).isEmpty(); // next at 8 GiB
    }

    @Test
    void shouldWarnOnceWhenTheSlotsWalPassesMaxSlotWalKeepSize() {
        assertThat(at(0, 0, 0, 0, "extended")).isEmpty();
        assertThat(at(1, 0, 0, 0, "unreserved")).singleElement().asString().contains("max_slot_wal_keep_size");
        assertThat(at(2, 0, 0, 0, "unreserved")).isEmpty();
        assertThat(at(3, 0, 0, 0, "reserved")).isEmpty();
        assertThat(at(4, 0, 0, 0, "unreserved")).hasSize(1);
    }
}
