package dev.timescalemigrate.model;

/**
 * A continuous aggregate.
 *
 * @param view                      the view users query
 * @param hypertable                the hypertable (or continuous aggregate) it aggregates
 * @param materializationHypertable the hidden hypertable holding its materialized rows
 * @param materializedOnly          whether real-time aggregation is off
 * @param finalized                 whether it stores finalized values (the format of TimescaleDB 2.7 and later);
 *                                  the older partial format cannot be carried across versions
 * @param definition                its SELECT as PostgreSQL prints it
 * @param compression               compression settings, or {@code null}
 * @param comment                   comment or {@code null}
 * @param indexes                   the indexes users created on it (TimescaleDB's own, made with it, left out),
 *                                  each {@link Index#definition()} naming the view
 */
public record ContinuousAggregate(QualifiedName view, QualifiedName hypertable, QualifiedName materializationHypertable,
                                  boolean materializedOnly, boolean finalized, String definition,
                                  CompressionSettings compression, String comment, java.util.List<Index> indexes) {

    public ContinuousAggregate {
        indexes = java.util.List.copyOf(indexes);
    }
}
