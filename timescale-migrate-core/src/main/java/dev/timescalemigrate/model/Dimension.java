package dev.timescalemigrate.model;

/**
 * One dimension of a hypertable.
 *
 * @param column              the partitioning column
 * @param columnType          its type as PostgreSQL prints it
 * @param kind                time (range) or space (hash) partitioning
 * @param timeInterval        the chunk interval of a time dimension on a date/time column, as PostgreSQL prints
 *                            an interval ({@code 1 day}), else {@code null}
 * @param integerInterval     the chunk interval of a time dimension on an integer column, else {@code null}
 * @param integerNowFunction  the integer-now function (qualified) of an integer time dimension, or {@code null}
 * @param numPartitions       the number of partitions of a space dimension, else {@code null}
 */
public record Dimension(String column, String columnType, Kind kind, String timeInterval, Long integerInterval,
                        QualifiedName integerNowFunction, Integer numPartitions) {

    /** Dimension kinds. */
    public enum Kind {
        /** Range partitioning on a time or integer column ({@code by_range}). */
        TIME,
        /** Hash partitioning into a fixed number of partitions ({@code by_hash}). */
        SPACE
    }
}
