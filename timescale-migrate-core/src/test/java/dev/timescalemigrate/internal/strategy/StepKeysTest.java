package dev.timescalemigrate.internal.strategy;

import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.spi.DdlStatement.Phase;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StepKeysTest {

    @Test
    void shouldKeyByContentNotPosition() {
        DdlStatement a = new DdlStatement(Phase.PRE_DATA, "a", "CREATE TABLE a ()");
        DdlStatement b = new DdlStatement(Phase.PRE_DATA, "b", "CREATE TABLE b ()");

        List<String> first = StepKeys.of(List.of(a, b));
        List<String> reordered = StepKeys.of(List.of(b, a));

        assertThat(first.get(0)).isEqualTo(reordered.get(1)).startsWith("pre:");
        assertThat(first.get(1)).isEqualTo(reordered.get(0));
        assertThat(first.get(0)).isNotEqualTo(first.get(1));
    }

    @Test
    void shouldNumberRepeatedStatementsAndSeparatePhases() {
        DdlStatement comment = new DdlStatement(Phase.POST_DATA, "x", "COMMENT ON TABLE t IS 'x'");
        DdlStatement same = new DdlStatement(Phase.PRE_DATA, "x", "COMMENT ON TABLE t IS 'x'");

        List<String> keys = StepKeys.of(List.of(comment, comment, same));

        assertThat(keys).doesNotHaveDuplicates();
        assertThat(keys.get(1)).isEqualTo(keys.get(0) + "#2");
        assertThat(keys.get(2)).startsWith("pre:").isEqualTo(keys.get(0).replace("post:", "pre:"));
    }

    @Test
    void shouldKeepTheKeysEarlierRunsRecorded() {
        // a rerun finds the steps done by the keys stored then: the phase and the first 16 bytes of SHA-256
        DdlStatement a = new DdlStatement(Phase.PRE_DATA, "a", "CREATE TABLE a ()");

        assertThat(StepKeys.of(List.of(a))).containsExactly("pre:ba7711987df3a9e6735016fe894f4400");
    }
}
