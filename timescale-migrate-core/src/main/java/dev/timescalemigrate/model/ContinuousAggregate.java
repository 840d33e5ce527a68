package dev.timescalemigrate.model;

/**
 * A continuous aggregate.
 *
 * @param view                     the view users query
 * @param materializationHypertable the hidden hypertable holding its materialized rows
 * @param materializedOnly         whether real-time aggregation is off
 * @param definition               its SELECT as PostgreSQL prints it
 * @param compression              compression settings, or {@code null}
 * @param comment                  comment or {@code null}
 */
public record ContinuousAggregate(QualifiedName view, QualifiedName materializationHypertable,
                                  boolean materializedOnly, String definition, CompressionSettings compression,
                                  String comment) {
}
