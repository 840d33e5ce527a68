package dev.timescalemigrate.spi;

import java.util.Objects;

/**
 * One DDL statement a migration runs on the target.
 *
 * @param phase  when it runs relative to the data copy
 * @param object the object it creates or changes, for people (e.g. {@code table "app"."metrics"})
 * @param sql    the complete statement, identifiers quoted
 */
public record DdlStatement(Phase phase, String object, String sql) {

    public DdlStatement {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(sql, "sql");
    }

    /** When a statement runs. */
    public enum Phase {
        /** Before the data: extensions, schemas, types, routines, sequences, tables, hypertables, views. */
        PRE_DATA,
        /** After the data: keys, indexes, foreign keys, triggers, sequence positions, materialized views. */
        POST_DATA
    }

    @Override
    public String toString() {
        return sql + ";";
    }
}
