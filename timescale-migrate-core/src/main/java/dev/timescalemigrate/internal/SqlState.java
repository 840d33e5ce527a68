package dev.timescalemigrate.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The SQLSTATEs the library tells apart, under PostgreSQL's condition names (appendix "PostgreSQL Error Codes" of
 * its manual). Every comparison of a server's SQLSTATE, and every SQLSTATE the library states itself, goes
 * through here rather than through a string literal.
 */
public enum SqlState {

    /** {@code connection_failure}; also what the adapter reports for an I/O failure without an SQLSTATE. */
    CONNECTION_FAILURE("08006"),
    /** {@code invalid_authorization_specification}: the server refused the login. */
    INVALID_AUTHORIZATION_SPECIFICATION("28000"),
    /** {@code invalid_password}. */
    INVALID_PASSWORD("28P01"),
    /** {@code invalid_catalog_name}: the database does not exist. */
    INVALID_CATALOG_NAME("3D000"),
    /** {@code invalid_schema_name}: the schema does not exist. */
    INVALID_SCHEMA_NAME("3F000"),
    /** {@code serialization_failure}. */
    SERIALIZATION_FAILURE("40001"),
    /** {@code deadlock_detected}. */
    DEADLOCK_DETECTED("40P01"),
    /** {@code feature_not_supported}. */
    FEATURE_NOT_SUPPORTED("0A000"),
    /** {@code insufficient_privilege}. */
    INSUFFICIENT_PRIVILEGE("42501"),
    /** {@code datatype_mismatch}. */
    DATATYPE_MISMATCH("42804"),
    /** {@code undefined_function}. */
    UNDEFINED_FUNCTION("42883"),
    /** {@code undefined_table}: the table (or view) does not exist. */
    UNDEFINED_TABLE("42P01"),
    /** {@code too_many_connections}: no free connection slot. */
    TOO_MANY_CONNECTIONS("53300"),
    /** {@code lock_not_available}. */
    LOCK_NOT_AVAILABLE("55P03"),
    /** {@code query_canceled}. */
    QUERY_CANCELED("57014"),
    /** {@code admin_shutdown}: the backend was terminated. */
    ADMIN_SHUTDOWN("57P01"),
    /** {@code crash_shutdown}. */
    CRASH_SHUTDOWN("57P02"),
    /** {@code cannot_connect_now}: the server is starting up. */
    CANNOT_CONNECT_NOW("57P03"),
    /** {@code no_data_found} (PL/pgSQL): an expected row is missing. */
    NO_DATA_FOUND("P0002");

    /** The class of {@code connection_exception} SQLSTATEs ({@code 08xxx}). */
    private static final String CONNECTION_EXCEPTION_CLASS = "08";

    private static final Map<String, SqlState> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(SqlState::code, Function.identity()));

    private final String code;

    SqlState(String code) {
        this.code = code;
    }

    /** The five-character code. */
    public String code() {
        return code;
    }

    /** Whether {@code sqlState} is this state. */
    public boolean is(String sqlState) {
        return code.equals(sqlState);
    }

    /** The named state with this code, if the library names it. */
    public static Optional<SqlState> of(String sqlState) {
        return Optional.ofNullable(sqlState == null ? null : BY_CODE.get(sqlState));
    }

    /** Whether an SQLSTATE is of class 08, {@code connection_exception}. */
    public static boolean isConnectionException(String sqlState) {
        return sqlState != null && sqlState.startsWith(CONNECTION_EXCEPTION_CLASS);
    }
}
