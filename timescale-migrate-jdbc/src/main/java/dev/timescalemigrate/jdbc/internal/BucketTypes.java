package dev.timescalemigrate.jdbc.internal;

/**
 * The time types continuous aggregates bucket by and streaming slices by, as the SQL that casts text to them and
 * compares them with TimescaleDB's chunk ranges. Everything it writes comes from a fixed list, never from the
 * caller's text.
 */
final class BucketTypes {

    private BucketTypes() {
    }

    /**
     * The cast for a bucket type.
     *
     * @throws IllegalArgumentException for a type that is not a date, timestamp or integer type
     */
    static String castTo(String timeType) {
        if (timeType == null) {
            throw new IllegalArgumentException("no time type");
        }
        return switch (timeType) {
            case "timestamp with time zone" -> "pg_catalog.timestamptz";
            case "timestamp without time zone" -> "pg_catalog.timestamp";
            case "date" -> "pg_catalog.date";
            case "smallint" -> "pg_catalog.int2";
            case "integer" -> "pg_catalog.int4";
            case "bigint" -> "pg_catalog.int8";
            default -> throw new IllegalArgumentException("not a time type: " + timeType);
        };
    }

    /**
     * A text bound as {@code timescaledb_information.chunks} compares it: integers as they are, dates and timestamps
     * as the UTC instants the view shows their ranges as, whatever the session's time zone.
     *
     * @param column an expression of type text
     * @param type   the bucket type
     * @param cast   {@link #castTo(String) castTo(type)}
     */
    static String chunkBound(String column, String type, String cast) {
        return switch (type) {
            case "timestamp without time zone" -> "(" + column + "::" + cast + " AT TIME ZONE 'UTC')";
            case "date" -> "(" + column + "::" + cast + "::pg_catalog.timestamp AT TIME ZONE 'UTC')";
            default -> column + "::" + cast;
        };
    }
}
