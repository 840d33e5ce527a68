package dev.timescalemigrate.jdbc.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BucketTypesTest {

    @Test
    void shouldCastToTheCatalogTypeOfEveryTimeType() {
        assertThat(BucketTypes.castTo("timestamp with time zone")).isEqualTo("pg_catalog.timestamptz");
        assertThat(BucketTypes.castTo("timestamp without time zone")).isEqualTo("pg_catalog.timestamp");
        assertThat(BucketTypes.castTo("date")).isEqualTo("pg_catalog.date");
        assertThat(BucketTypes.castTo("smallint")).isEqualTo("pg_catalog.int2");
        assertThat(BucketTypes.castTo("integer")).isEqualTo("pg_catalog.int4");
        assertThat(BucketTypes.castTo("bigint")).isEqualTo("pg_catalog.int8");
    }

    @Test
    void shouldRefuseAnythingElse() {
        assertThatThrownBy(() -> BucketTypes.castTo("text; DROP TABLE x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a time type");
        assertThatThrownBy(() -> BucketTypes.castTo(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCompareLocalTimesAsUtcInstants() {
        assertThat(BucketTypes.chunkBound("u.lo", "timestamp without time zone", "pg_catalog.timestamp"))
                .isEqualTo("(u.lo::pg_catalog.timestamp AT TIME ZONE 'UTC')");
        assertThat(BucketTypes.chunkBound("u.lo", "date", "pg_catalog.date"))
                .isEqualTo("(u.lo::pg_catalog.date::pg_catalog.timestamp AT TIME ZONE 'UTC')");
        assertThat(BucketTypes.chunkBound("u.hi", "timestamp with time zone", "pg_catalog.timestamptz"))
                .isEqualTo("u.hi::pg_catalog.timestamptz");
        assertThat(BucketTypes.chunkBound("u.hi", "bigint", "pg_catalog.int8")).isEqualTo("u.hi::pg_catalog.int8");
    }

    @Test
    void shouldCompareIntegerRangesWithTheIntegerColumnsOfTheChunksView() {
        assertThat(ChunkCatalog.completeChunksQuery("bigint"))
                .contains("u.lo::pg_catalog.int8 < c.range_end_integer")
                .contains("u.hi::pg_catalog.int8 > c.range_start_integer")
                .endsWith("ORDER BY c.range_start_integer, c.chunk_name");
        assertThat(ChunkCatalog.completeChunksQuery("timestamp with time zone"))
                .contains("u.lo::pg_catalog.timestamptz < c.range_end")
                .endsWith("ORDER BY c.range_start, c.chunk_name");
    }
}
