package dev.timescalemigrate.exception;

/** Reading a database's structure failed. */
public class IntrospectionException extends MigrationException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message  what failed and what to do
     * @param sqlState the server's SQLSTATE or {@code null}
     * @param cause    the underlying exception or {@code null}
     */
    public IntrospectionException(String message, String sqlState, Throwable cause) {
        super(ErrorCode.INTROSPECTION_FAILED, message, sqlState, cause);
    }
}
