package dev.timescalemigrate.exception;

/** Copying a unit of data failed. Carries the table, the unit and the server's SQLSTATE. */
public class DataTransferException extends MigrationException {

    private static final long serialVersionUID = 1L;

    private final String table;
    private final String unit;

    /**
     * @param message  what failed and what to do
     * @param table    the table (quoted, qualified)
     * @param unit     the unit key, or {@code null}
     * @param sqlState the server's SQLSTATE, or {@code null}
     * @param cause    the underlying exception
     */
    public DataTransferException(String message, String table, String unit, String sqlState, Throwable cause) {
        super(ErrorCode.DATA_TRANSFER_FAILED, message, sqlState, cause);
        this.table = table;
        this.unit = unit;
    }

    /** The table being copied. */
    public String table() {
        return table;
    }

    /** The unit being copied, or {@code null}. */
    public String unit() {
        return unit;
    }
}
