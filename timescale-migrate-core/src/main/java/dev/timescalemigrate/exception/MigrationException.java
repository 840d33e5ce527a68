package dev.timescalemigrate.exception;

import java.util.Objects;
import java.util.Optional;

/**
 * The root of every exception the library throws. Carries an {@link ErrorCode} and, where known, the
 * SQLSTATE the server reported. Messages never contain passwords or row values.
 */
public class MigrationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String sqlState;

    /**
     * @param code     what went wrong
     * @param message  what failed, why, and what to do
     * @param sqlState the server's SQLSTATE, or {@code null}
     * @param cause    the underlying exception, or {@code null}
     */
    public MigrationException(ErrorCode code, String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.sqlState = sqlState;
    }

    /**
     * @param code    what went wrong
     * @param message what failed, why, and what to do
     */
    public MigrationException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    /** What went wrong. */
    public ErrorCode code() {
        return code;
    }

    /** The SQLSTATE the server reported, if the failure came from a server. */
    public Optional<String> sqlState() {
        return Optional.ofNullable(sqlState);
    }
}
