package dev.timescalemigrate;

import dev.timescalemigrate.model.QualifiedName;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/** {@link HypertableRule}s are made by their builder only, which checks every value. */
class HypertableRuleTest {

    private static final QualifiedName METRICS = QualifiedName.of("app", "metrics");

    @Test
    void shouldRefuseValuesTheRuleCannotHave() {
        assertThatNullPointerException().isThrownBy(() -> HypertableRule.builder(null)).withMessage("table");
        HypertableRule.Builder builder = HypertableRule.builder(METRICS);
        assertThatNullPointerException().isThrownBy(() -> builder.timeColumn(null));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.chunkInterval(Duration.ZERO))
                .withMessageContaining("chunkInterval must be positive");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.chunkInterval(Duration.ofHours(-1)))
                .withMessageContaining("chunkInterval must be positive");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.integerChunkInterval(0))
                .withMessageContaining("integerChunkInterval must be positive");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.segmentBy("device", " "))
                .withMessageContaining("segmentBy has a blank entry");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.orderBy((String) null))
                .withMessageContaining("orderBy has a blank entry");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.compressAfter(Duration.ZERO))
                .withMessageContaining("compressAfter must be positive");
    }

    @Test
    void shouldInferTheChunkIntervalOnlyWhenNoneIsGiven() {
        HypertableRule inferred = HypertableRule.builder(METRICS).timeColumn("ts").build();
        assertThat(inferred.chunkIntervalInferred()).as("no interval given").isTrue();
        assertThat(inferred.chunkInterval()).as("the default").isEqualTo(HypertableRule.DEFAULT_CHUNK_INTERVAL);
        assertThat(inferred.segmentBy()).as("segmentby not stated").isNull();
        assertThat(inferred.orderBy()).as("orderby not stated").isNull();
        assertThat(inferred.compressAfter()).as("no policy").isNull();

        assertThat(HypertableRule.builder(METRICS).timeColumn("ts").chunkInterval(Duration.ofDays(1)).build()
                .chunkIntervalInferred()).as("a date/time interval given").isFalse();
        assertThat(HypertableRule.builder(METRICS).timeColumn("tick").integerChunkInterval(1000).build()
                .chunkIntervalInferred()).as("an integer interval given").isFalse();
        assertThat(HypertableRule.builder(METRICS).segmentBy().build().segmentBy()).as("stated: no segmentby")
                .isEqualTo(List.of());
    }

    @Test
    void shouldCopyAndCompareEverySetting() {
        HypertableRule rule = HypertableRule.builder(METRICS).timeColumn("ts").chunkInterval(Duration.ofDays(1))
                .segmentBy("device").orderBy("ts DESC").compressAfter(Duration.ofDays(7)).build();
        assertThat(rule.toBuilder().build()).as("toBuilder keeps every setting").isEqualTo(rule)
                .hasSameHashCodeAs(rule);
        assertThat(HypertableRule.builder(METRICS).timeColumn("ts").build().toBuilder().build()
                .chunkIntervalInferred()).as("toBuilder keeps an interval to infer").isTrue();
        assertThat(rule.toBuilder().orderBy("ts ASC").build()).as("one setting differs").isNotEqualTo(rule);
        assertThat(rule).hasToString("HypertableRule[table=\"app\".\"metrics\", timeColumn=ts, chunkInterval=PT24H, "
                + "integerChunkInterval=null, segmentBy=[device], orderBy=[ts DESC], compressAfter=PT168H, "
                + "chunkIntervalInferred=false]");
    }
}
