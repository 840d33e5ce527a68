package dev.timescalemigrate.exception;

/** What went wrong, in a form programs can switch on. */
public enum ErrorCode {
    /** The configuration given to the builder is invalid. */
    INVALID_CONFIGURATION,
    /** A database could not be reached or refused the login. */
    CONNECTION_FAILED,
    /** The library's database adapter is not on the class path or the module path. */
    ADAPTER_MISSING,
    /** Reading the structure of a database failed. */
    INTROSPECTION_FAILED,
    /** A check before the migration found a problem; nothing was written. */
    PREFLIGHT_FAILED,
    /** Creating an object on the target failed. */
    SCHEMA_FAILED,
    /** Copying data failed. */
    DATA_TRANSFER_FAILED,
    /** Source and target differ after the copy. */
    VERIFICATION_FAILED,
    /**
     * The source changed in a way a followed run cannot carry over (the columns of a followed table changed while
     * it was followed); what was applied before the change is kept on the target.
     */
    SOURCE_CHANGED,
    /** A feature is not available on the server (for example TimescaleDB's Apache edition). */
    FEATURE_NOT_AVAILABLE
}
