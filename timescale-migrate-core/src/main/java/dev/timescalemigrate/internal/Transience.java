package dev.timescalemigrate.internal;

import java.util.Set;

/** Which failures are worth retrying, by SQLSTATE. */
public final class Transience {

    private static final Set<String> TRANSIENT = Set.of(
            "57P01", // admin_shutdown: the backend was terminated
            "57P02", // crash_shutdown
            "57P03", // cannot_connect_now: the server is starting up
            "57014", // query_canceled
            "40001", // serialization_failure
            "40P01", // deadlock_detected
            "53300", // too_many_connections
            "55P03"  // lock_not_available
    );

    private Transience() {
    }

    /** Whether an error with this SQLSTATE may succeed when tried again. */
    public static boolean isTransient(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || TRANSIENT.contains(sqlState));
    }
}
