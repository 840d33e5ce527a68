package dev.timescalemigrate.jdbc.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TableSizeTest {

    @Test
    void shouldReadThePlannersRowEstimateFromTheFirstPlanLine() {
        assertThat(TableSize.explainedRows("Seq Scan on metrics  (cost=0.00..1637.00 rows=100000 width=4)"))
                .isEqualTo(100_000);
        assertThat(TableSize.explainedRows("Append  (cost=0.00..52.10 rows=2410 width=4)")).isEqualTo(2410);
        assertThat(TableSize.explainedRows("Result  (cost=0.00..0.00 rows=0 width=0)")).isZero();
        assertThat(TableSize.explainedRows("no estimate here")).isZero();
    }
}
