package dev.timescalemigrate.internal;

import dev.timescalemigrate.Passwords;
import dev.timescalemigrate.exception.ConnectionException;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Opens connections and turns login failures into errors that say what to do. */
public final class Connections {

    private Connections() {
    }

    /**
     * Opens a connection.
     *
     * @param role        {@code source} or {@code target}, for the message
     * @param dataSource  where to connect
     * @throws ConnectionException naming the problem and the fix
     */
    public static Connection open(String role, DataSource dataSource) {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw describe(role, dataSource, e);
        }
    }

    /** Describes a failure to connect, by SQLSTATE. */
    public static ConnectionException describe(String role, DataSource dataSource, SQLException e) {
        String state = e.getSQLState();
        String where = "the " + role + " database (" + describe(dataSource) + ")";
        String advice;
        if (state == null) {
            advice = "Check the JDBC URL.";
        } else if (SqlState.isConnectionException(state)) {
            advice = "The server cannot be reached: check host and port, that the server is running and accepts "
                    + "TCP connections from this machine (listen_addresses, pg_hba.conf, firewalls).";
        } else if (SqlState.INVALID_PASSWORD.is(state) || SqlState.INVALID_AUTHORIZATION_SPECIFICATION.is(state)) {
            advice = "The server refused the login: check the user name and password (and pg_hba.conf).";
        } else if (SqlState.INVALID_CATALOG_NAME.is(state)) {
            advice = "The database does not exist: create it first or fix the database name in the URL.";
        } else if (SqlState.TOO_MANY_CONNECTIONS.is(state)) {
            advice = "The server has no free connection slots: lower the parallelism or raise max_connections.";
        } else {
            advice = "See the cause for the server's message.";
        }
        String message = safeMessage(e).strip();
        if (message.endsWith(".")) {
            message = message.substring(0, message.length() - 1);
        }
        return new ConnectionException("Cannot connect to " + where + ": " + message + ". " + advice,
                state, e);
    }

    private static String describe(DataSource dataSource) {
        if (dataSource instanceof DriverManagerDataSource d) {
            return d.maskedUrl();
        }
        return dataSource.getClass().getSimpleName();
    }

    /** The driver's message with anything resembling a password masked. */
    public static String safeMessage(SQLException e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : Passwords.mask(message);
    }
}
