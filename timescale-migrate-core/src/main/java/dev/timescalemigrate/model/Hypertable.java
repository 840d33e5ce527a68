package dev.timescalemigrate.model;

import java.util.List;

/**
 * A hypertable: the table itself is in {@link DatabaseModel#tables()}, this adds how it is partitioned.
 *
 * @param table       the table
 * @param dimensions  its dimensions, the primary (time) dimension first
 * @param compression compression settings, or {@code null} when compression is not enabled
 */
public record Hypertable(QualifiedName table, List<Dimension> dimensions, CompressionSettings compression) {

    public Hypertable {
        dimensions = List.copyOf(dimensions);
    }

    /** The primary dimension (the one {@code create_hypertable} is called with). */
    public Dimension primaryDimension() {
        return dimensions.get(0);
    }
}
