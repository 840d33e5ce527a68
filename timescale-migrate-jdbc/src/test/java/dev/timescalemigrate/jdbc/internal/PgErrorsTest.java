package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.internal.SqlState;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class PgErrorsTest {

    @Test
    void shouldTakeTheFirstSqlStateOfTheCauseChain() {
        SQLException inner = new SQLException("gone", "57P01");
        RuntimeException wrapped = new RuntimeException("outer", new SQLException("no state", (String) null, inner));

        assertThat(PgErrors.sqlState(wrapped)).isEqualTo("57P01");
        assertThat(PgErrors.sqlState(new SQLException("x", "42P01"))).isEqualTo("42P01");
        assertThat(PgErrors.sqlState(new IllegalStateException("no SQL at all"))).isNull();
    }

    @Test
    void shouldReportAnIoFailureWithoutStateAsAConnectionFailure() {
        Throwable io = new UncheckedIOException(new IOException("connection reset"));

        assertThat(PgErrors.sqlState(io)).isEqualTo(SqlState.CONNECTION_FAILURE.code()).isEqualTo("08006");
    }

    @Test
    void shouldReportTheStateOfAProblemTheAdapterFoundItself() {
        AdapterProblem problem = new AdapterProblem(SqlState.NO_DATA_FOUND, "the checkpoint row of unit u is missing");

        assertThat(PgErrors.sqlState(problem)).isEqualTo("P0002");
        assertThat(PgErrors.sqlState(new RuntimeException(problem))).as("as a cause").isEqualTo("P0002");
        assertThat(PgErrors.message(problem)).isEqualTo("the checkpoint row of unit u is missing");
        assertThat(PgErrors.describe(problem)).isEqualTo("the checkpoint row of unit u is missing (SQLSTATE P0002)");
        assertThat((Object) PgErrors.sqlException(problem)).as("not an SQLException").isNull();
    }

    @Test
    void shouldDescribeADriverExceptionWithItsState() {
        assertThat(PgErrors.describe(new SQLException("relation does not exist", "42P01")))
                .isEqualTo("relation does not exist (SQLSTATE 42P01)");
        SQLException login = new SQLException("Cannot connect to jdbc:postgresql://h/db?password=secret", "08001");
        assertThat(PgErrors.describe(login))
                .as("passwords masked").doesNotContain("secret").endsWith("(SQLSTATE 08001)");
    }

    @Test
    void shouldDiscardConnectionsOnlyForConnectionAndShutdownStates() {
        assertThat(ConnectionPool.isBrokenState("08006")).isTrue();
        assertThat(ConnectionPool.isBrokenState("08P01")).as("protocol violation, class 08").isTrue();
        assertThat(ConnectionPool.isBrokenState("57P01")).as("admin shutdown").isTrue();
        assertThat(ConnectionPool.isBrokenState("57P02")).as("crash shutdown").isTrue();
        assertThat(ConnectionPool.isBrokenState("57P03")).as("cannot connect now").isTrue();
        assertThat(ConnectionPool.isBrokenState("57014")).as("query canceled: the connection stays").isFalse();
        assertThat(ConnectionPool.isBrokenState("40001")).isFalse();
        assertThat(ConnectionPool.isBrokenState(null)).isFalse();
        assertThat(ConnectionPool.isBroken(new RuntimeException(new SQLException("x", "57P01")))).isTrue();
        assertThat(ConnectionPool.isBroken(new AdapterProblem(SqlState.UNDEFINED_TABLE, "x"))).isFalse();
    }
}
