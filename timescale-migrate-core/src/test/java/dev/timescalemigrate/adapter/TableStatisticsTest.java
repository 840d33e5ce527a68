package dev.timescalemigrate.adapter;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class TableStatisticsTest {

    @Test
    void shouldBuildColumnStatisticsFromTheirNameAndType() {
        assertThatNullPointerException().isThrownBy(() -> TableStatistics.ColumnStatistics.builder(null, "text"))
                .withMessage("name");
        assertThatNullPointerException().isThrownBy(() -> TableStatistics.ColumnStatistics.builder("c", null))
                .withMessage("baseType");

        TableStatistics.ColumnStatistics unknown = TableStatistics.ColumnStatistics.builder("c", "text").build();
        assertThat(unknown.indexRank()).as("in no index").isEqualTo(-1);
        assertThat(unknown.distinct(1000)).as("no statistics").isEqualTo(-1);

        TableStatistics.ColumnStatistics device = unknown.toBuilder().notNull(true).indexRank(2).nDistinct(-0.5)
                .nullFraction(0.0).build();
        assertThat(device.distinct(1000)).as("half the rows distinct").isEqualTo(500);
        assertThat(device.toBuilder().build()).isEqualTo(device).hasSameHashCodeAs(device);
        assertThat(new TableStatistics(1000, 8192, true, List.of(device)).column("c")).contains(device);
    }
}
