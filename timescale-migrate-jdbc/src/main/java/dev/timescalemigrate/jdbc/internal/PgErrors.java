package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.exception.SchemaException;
import dev.timescalemigrate.internal.Connections;
import dev.timescalemigrate.internal.SqlState;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.io.IOException;
import java.sql.SQLException;

/** Turns driver exceptions (and the adapter's own {@link AdapterProblem}s) into message parts. */
final class PgErrors {

    private PgErrors() {
    }

    /**
     * The server's primary message (and hint), without the detail: details such as {@code Failing row
     * contains (...)} or {@code Key (id)=(42) already exists} carry row values, which messages must not.
     * Falls back to the driver's message with anything resembling a password masked.
     */
    static String serverMessage(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            String text = m.getMessage() == null ? Connections.safeMessage(e) : m.getMessage();
            return m.getHint() == null ? text : text + " (hint: " + m.getHint() + ")";
        }
        return Connections.safeMessage(e);
    }

    /** {@link #serverMessage} followed by {@code (SQLSTATE xxxxx)}: how every message names a failed statement. */
    static String describe(SQLException e) {
        return serverMessage(e) + " (SQLSTATE " + e.getSQLState() + ")";
    }

    /** The problem's message followed by {@code (SQLSTATE xxxxx)}, as {@link #describe(SQLException)}. */
    static String describe(AdapterProblem p) {
        return p.getMessage() + " (SQLSTATE " + p.sqlState() + ")";
    }

    /**
     * A failed statement on the target or the source: {@code "<what> failed: <server message> (SQLSTATE s)"},
     * with the statement (or {@code null}) and the state.
     */
    static SchemaException schemaFailure(String what, String sql, SQLException e) {
        return new SchemaException(what + " failed: " + describe(e), sql, e.getSQLState(), e);
    }

    /** A problem the adapter found itself, reported as {@link #schemaFailure(String, String, SQLException)}. */
    static SchemaException schemaFailure(String what, String sql, AdapterProblem p) {
        return new SchemaException(what + " failed: " + describe(p), sql, p.sqlState(), p);
    }

    /** The first SQLException in a cause chain, or {@code null}. */
    static SQLException sqlException(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException e) {
                return e;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    /**
     * The SQLSTATE of a failure: the first one in its cause chain (an {@link AdapterProblem}'s included);
     * {@code 08006} (connection_failure) for an I/O failure without one.
     */
    static String sqlState(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException e && e.getSQLState() != null) {
                return e.getSQLState();
            }
            if (c instanceof AdapterProblem p) {
                return p.sqlState();
            }
            if (c.getCause() == c) {
                break;
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException) {
                return SqlState.CONNECTION_FAILURE.code();
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    /** A message for any failure: the server's primary message of the first SQLException, else the exception's. */
    static String message(Throwable t) {
        SQLException e = sqlException(t);
        if (e != null) {
            return serverMessage(e);
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
