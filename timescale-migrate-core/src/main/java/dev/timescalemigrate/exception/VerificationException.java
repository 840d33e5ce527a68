package dev.timescalemigrate.exception;

/** Verification itself could not run (a mismatch is reported in the report, not thrown). */
public class VerificationException extends MigrationException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message  what failed
     * @param sqlState SQLSTATE or {@code null}
     * @param cause    cause or {@code null}
     */
    public VerificationException(String message, String sqlState, Throwable cause) {
        super(ErrorCode.VERIFICATION_FAILED, message, sqlState, cause);
    }
}
