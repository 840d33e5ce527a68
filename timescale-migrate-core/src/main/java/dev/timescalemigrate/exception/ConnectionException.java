package dev.timescalemigrate.exception;

/** A database could not be reached, or refused the login. */
public class ConnectionException extends MigrationException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message  what failed and what to do
     * @param sqlState the server's SQLSTATE or {@code null}
     * @param cause    the driver's exception
     */
    public ConnectionException(String message, String sqlState, Throwable cause) {
        super(ErrorCode.CONNECTION_FAILED, message, sqlState, cause);
    }
}
