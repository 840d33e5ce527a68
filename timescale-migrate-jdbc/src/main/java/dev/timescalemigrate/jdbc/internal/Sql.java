package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.SqlIdentifiers;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.sql.Connection;
import java.util.List;
import java.util.stream.Collectors;

/** SQL text helpers: every identifier and literal the adapter writes goes through here. */
final class Sql {

    static {
        // jOOQ prints a banner and tips on first use unless told not to.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

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
