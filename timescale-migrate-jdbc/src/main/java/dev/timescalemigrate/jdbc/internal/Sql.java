package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.SqlIdentifiers;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * SQL text helpers (every identifier and literal the adapter writes goes through here) and the adapter's one way
 * of reading the catalogs: jOOQ's plain-SQL API.
 */
final class Sql {

    /**
     * Every context's settings. jOOQ 3.21 has no setting for the banner and tip it logs once, at INFO, to the
     * {@code org.jooq.Constants} logger (only the JVM-wide {@code org.jooq.no-logo} and {@code org.jooq.no-tips}
     * system properties): the library leaves both to the application, which silences them with its logging
     * configuration or those properties.
     */
    private static final Settings SETTINGS = new Settings()
            .withRenderQuotedNames(RenderQuotedNames.ALWAYS)
            .withExecuteLogging(false)
            .withRenderSchema(true);

    private Sql() {
    }

    /** A jOOQ context on a connection, PostgreSQL dialect. */
    static DSLContext dsl(Connection connection) {
        return DSL.using(connection, SQLDialect.POSTGRES, SETTINGS);
    }

    /**
     * Runs a catalog read with jOOQ's plain-SQL API and returns every row: the SQL text as written (identifiers in
     * it quoted), {@code ?} for each value, bound in order. A failure is thrown as the driver's
     * {@link SQLException}, unwrapped from jOOQ's {@link DataAccessException}, so that callers handle it (its
     * SQLSTATE, a broken connection) exactly as any other statement's.
     */
    static Result<Record> fetch(Connection connection, String sql, Object... binds) throws SQLException {
        try {
            return dsl(connection).fetch(sql, binds);
        } catch (DataAccessException e) {
            SQLException cause = e.getCause(SQLException.class);
            if (cause != null) {
                throw cause;
            }
            throw e;
        }
    }

    /** The first row of a catalog read (see {@link #fetch}), if it returns any. */
    static Optional<Record> first(Connection connection, String sql, Object... binds) throws SQLException {
        Result<Record> rows = fetch(connection, sql, binds);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** The first value of the first row of a catalog read (see {@link #fetch}); {@code null} for none or NULL. */
    static <T> T value(Connection connection, Class<T> type, String sql, Object... binds) throws SQLException {
        return first(connection, sql, binds).map(r -> r.get(0, type)).orElse(null);
    }

    /** The query of {@link #relationExists}: binds a relation's name as SQL writes it, qualified or not. */
    static final String RELATION_EXISTS = "SELECT pg_catalog.to_regclass(?) IS NOT NULL";

    /** Whether a relation (table, view, ...) of this name exists: {@code name} as SQL writes it, quoted where needed. */
    static boolean relationExists(Connection connection, String name) throws SQLException {
        return Boolean.TRUE.equals(value(connection, Boolean.class, RELATION_EXISTS, name));
    }

    /** A field as a {@code long}, SQL NULL as 0 (as JDBC's {@code getLong}). */
    static long longOf(Record r, int field) {
        Long value = r.get(field, Long.class);
        return value == null ? 0 : value;
    }

    /** A field as a {@code long}, SQL NULL as 0 (as JDBC's {@code getLong}). */
    static long longOf(Record r, String field) {
        Long value = r.get(field, Long.class);
        return value == null ? 0 : value;
    }

    /** A field as a {@code double}, SQL NULL as 0 (as JDBC's {@code getDouble}). */
    static double doubleOf(Record r, int field) {
        Double value = r.get(field, Double.class);
        return value == null ? 0 : value;
    }

    /** A field as a {@code boolean}, SQL NULL as false (as JDBC's {@code getBoolean}). */
    static boolean boolOf(Record r, int field) {
        return Boolean.TRUE.equals(r.get(field, Boolean.class));
    }

    /** A field as a {@code boolean}, SQL NULL as false (as JDBC's {@code getBoolean}). */
    static boolean boolOf(Record r, String field) {
        return Boolean.TRUE.equals(r.get(field, Boolean.class));
    }

    /** A quoted identifier. */
    static String id(String identifier) {
        return SqlIdentifiers.quote(identifier);
    }

    /** A quoted, qualified name. */
    static String id(QualifiedName name) {
        return name.quoted();
    }

    /** A quoted name inside a schema. */
    static String id(String schema, String name) {
        return SqlIdentifiers.quote(schema) + "." + SqlIdentifiers.quote(name);
    }

    /** Comma-separated quoted identifiers. */
    static String ids(List<String> identifiers) {
        return identifiers.stream().map(Sql::id).collect(Collectors.joining(", "));
    }

    /**
     * A string literal. Sessions the adapter writes with run with {@code standard_conforming_strings = on}
     * (the default since PostgreSQL 9.1), where doubling single quotes is the complete escaping.
     */
    static String literal(String value) {
        if (value == null) {
            return "NULL";
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a string literal cannot contain a NUL character");
        }
        return "'" + value.replace("'", "''") + "'";
    }

    /** {@code 'name'::regclass} for a relation. */
    static String regclass(QualifiedName name) {
        return literal(name.quoted()) + "::pg_catalog.regclass";
    }
}
