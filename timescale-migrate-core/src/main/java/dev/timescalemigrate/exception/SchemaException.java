package dev.timescalemigrate.exception;

/** Creating an object on the target failed. */
public class SchemaException extends MigrationException {

    private static final long serialVersionUID = 1L;

    private final String statement;

    /**
     * @param message   what failed and what to do
     * @param statement the DDL statement that failed
     * @param sqlState  the server's SQLSTATE or {@code null}
     * @param cause     the underlying exception or {@code null}
     */
    public SchemaException(String message, String statement, String sqlState, Throwable cause) {
        super(ErrorCode.SCHEMA_FAILED, message, sqlState, cause);
        this.statement = statement;
    }

    /** The DDL statement that failed. */
    public String statement() {
        return statement;
    }
}
