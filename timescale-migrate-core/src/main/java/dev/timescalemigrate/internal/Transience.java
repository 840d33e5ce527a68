package dev.timescalemigrate.internal;

import java.util.EnumSet;
import java.util.Set;

import static dev.timescalemigrate.internal.SqlState.ADMIN_SHUTDOWN;
import static dev.timescalemigrate.internal.SqlState.CANNOT_CONNECT_NOW;
import static dev.timescalemigrate.internal.SqlState.CRASH_SHUTDOWN;
import static dev.timescalemigrate.internal.SqlState.DEADLOCK_DETECTED;
import static dev.timescalemigrate.internal.SqlState.LOCK_NOT_AVAILABLE;
import static dev.timescalemigrate.internal.SqlState.SERIALIZATION_FAILURE;
import static dev.timescalemigrate.internal.SqlState.TOO_MANY_CONNECTIONS;

/**
 * Which failures are worth retrying, by SQLSTATE. A cancelled statement ({@code 57014}: a statement timeout, or a
 * cancel someone sent on purpose) is not: the same statement would time out again, and a cancel means stop.
 */
public final class Transience {

    /** Besides class 08 (connection exceptions). */
    private static final Set<SqlState> TRANSIENT = EnumSet.of(ADMIN_SHUTDOWN, CRASH_SHUTDOWN, CANNOT_CONNECT_NOW,
            SERIALIZATION_FAILURE, DEADLOCK_DETECTED, TOO_MANY_CONNECTIONS, LOCK_NOT_AVAILABLE);

    private Transience() {
    }

    /** Whether an error with this SQLSTATE may succeed when tried again. */
    public static boolean isTransient(String sqlState) {
        return SqlState.isConnectionException(sqlState)
                || SqlState.of(sqlState).filter(TRANSIENT::contains).isPresent();
    }
}
