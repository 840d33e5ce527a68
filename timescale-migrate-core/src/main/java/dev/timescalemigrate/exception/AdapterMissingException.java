package dev.timescalemigrate.exception;

/** No database adapter is on the class path or the module path. */
public class AdapterMissingException extends MigrationException {

    private static final long serialVersionUID = 1L;

    /** @param message what is missing and how to add it */
    public AdapterMissingException(String message) {
        super(ErrorCode.ADAPTER_MISSING, message);
    }
}
