package dev.timescalemigrate.spi;

import dev.timescalemigrate.model.QualifiedName;

import java.util.Objects;

/**
 * One DDL statement a migration runs on the target.
 *
 * @param phase  when it runs relative to the data copy
 * @param kind   what it does, so strategies can group and parallelise statements
 * @param table  the table (or view) it belongs to, or {@code null} for database-wide objects
 * @param object the object it creates or changes, for people (e.g. {@code table "app"."metrics"})
 * @param sql    the complete statement, identifiers quoted
 */
public record DdlStatement(Phase phase, Kind kind, QualifiedName table, String object, String sql) {

    public DdlStatement {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(sql, "sql");
    }

    /** A statement of kind {@link Kind#OTHER} that belongs to no table. */
    public DdlStatement(Phase phase, String object, String sql) {
        this(phase, Kind.OTHER, null, object, sql);
    }

    /** When a statement runs. */
    public enum Phase {
        /** Before the data: extensions, schemas, types, routines, sequences, tables, hypertables, views. */
        PRE_DATA,
        /** After the data: keys, indexes, foreign keys, triggers, sequence positions, materialized views. */
        POST_DATA
    }

    /** What a statement does. */
    public enum Kind {
        /** Extensions, schemas, types, routines, sequences. */
        SETUP,
        /** CREATE TABLE. */
        TABLE,
        /** Making a table a hypertable, its dimensions and integer-now function. */
        HYPERTABLE,
        /** Enabling compression (columnstore) on a hypertable, with its segmentby and orderby. */
        COMPRESSION,
        /** CREATE VIEW / MATERIALIZED VIEW. */
        VIEW,
        /** COMMENT ON: belongs with the statement before it. */
        COMMENT,
        /** Primary key, unique or exclusion constraint. */
        KEY,
        /** CREATE INDEX. */
        INDEX,
        /** Foreign key. */
        FOREIGN_KEY,
        /** A CHECK constraint added after the data (NOT VALID). */
        CHECK,
        /** CREATE TRIGGER and its enabled state. */
        TRIGGER,
        /** setval of a sequence. */
        SEQUENCE_POSITION,
        /** REFRESH MATERIALIZED VIEW. */
        REFRESH,
        /**
         * A continuous aggregate: its creation (without data), comment and compression settings. The strategy
         * fills it after the statements of its kind.
         */
        CONTINUOUS_AGGREGATE,
        /** A TimescaleDB job or policy, created after the data with the source's schedule and settings. */
        JOB,
        /** An object's owner or privileges (ALTER ... OWNER TO, GRANT, REVOKE). */
        PRIVILEGE,
        /** Anything else. */
        OTHER
    }

    /** An option named {@code password} with its value: {@code password 'x'}, {@code "password" 'x'}. */
    private static final java.util.regex.Pattern SECRET =
            java.util.regex.Pattern.compile("(?i)((?<![\\w])\"?password\"?\\s+)'(?:[^']|'')*'");

    /**
     * The statement as shown to people (plans, errors, logs): the value of every option named {@code password}
     * (a user mapping's) masked. {@link #sql()} is what runs.
     */
    public String displaySql() {
        return SECRET.matcher(sql).replaceAll("$1'********'");
    }

    /** {@link #displaySql()} with a semicolon. */
    @Override
    public String toString() {
        return displaySql() + ";";
    }
}
