package dev.timescalemigrate.jdbc.internal;

/** The start of every catalog query that reads a source table's columns by their base types. */
final class ColumnTypes {

    /**
     * The columns of a table (all, or only those that are not generated) with each one's base type: the type
     * itself, or for a domain the type at the bottom of its chain. Binds the table (regclass text) once. Defines
     * {@code cols} (the columns), and {@code base} (attnum and base type oid).
     */
    static final String BASE_TYPES = """
            WITH RECURSIVE cols AS (
              SELECT a.attrelid, a.attnum, a.attname::text AS attname, a.attnotnull, a.atttypid,
                     a.attgenerated <> '' AS generated,
                     pg_catalog.format_type(a.atttypid, a.atttypmod) AS shown
              FROM pg_catalog.pg_attribute a
              WHERE a.attrelid = ?::pg_catalog.regclass AND a.attnum > 0 AND NOT a.attisdropped
            ), chain AS (
              SELECT attnum, atttypid AS typid, 0 AS depth FROM cols
              UNION ALL
              SELECT ch.attnum, t.typbasetype, ch.depth + 1
              FROM chain ch JOIN pg_catalog.pg_type t ON t.oid = ch.typid
              WHERE t.typtype = 'd'
            ), base AS (
              SELECT DISTINCT ON (attnum) attnum, typid FROM chain ORDER BY attnum, depth DESC
            )
            """;

    private ColumnTypes() {
    }
}
