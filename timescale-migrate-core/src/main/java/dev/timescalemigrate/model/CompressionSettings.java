package dev.timescalemigrate.model;

import java.util.List;

/**
 * Compression (columnstore) settings of a hypertable or continuous aggregate.
 *
 * @param segmentBy segment-by columns in order
 * @param orderBy   order-by columns in order
 */
public record CompressionSettings(List<String> segmentBy, List<OrderBy> orderBy) {

    public CompressionSettings {
        segmentBy = List.copyOf(segmentBy);
        orderBy = List.copyOf(orderBy);
    }

    /**
     * One order-by column.
     *
     * @param column     column name
     * @param descending DESC
     * @param nullsFirst NULLS FIRST
     */
    public record OrderBy(String column, boolean descending, boolean nullsFirst) {
    }
}
