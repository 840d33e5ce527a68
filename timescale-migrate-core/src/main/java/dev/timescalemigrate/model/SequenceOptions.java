package dev.timescalemigrate.model;

/**
 * The options of a sequence or identity column.
 *
 * @param dataType   {@code smallint}, {@code integer} or {@code bigint}
 * @param start      START WITH
 * @param increment  INCREMENT BY
 * @param minValue   MINVALUE
 * @param maxValue   MAXVALUE
 * @param cache      CACHE
 * @param cycle      CYCLE
 */
public record SequenceOptions(String dataType, long start, long increment, long minValue, long maxValue, long cache,
                              boolean cycle) {
}
