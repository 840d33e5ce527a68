package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.internal.SqlState;

/**
 * A problem the adapter finds itself rather than one a server raised: a catalog or a checkpoint table lacks what
 * the adapter expected there. It is not an {@link java.sql.SQLException}, so code that reacts to the server's
 * SQLSTATEs never mistakes it for one; it carries the state of the nearest server condition (never a transient
 * one), which the messages and exceptions built from it report as the failure's SQLSTATE.
 */
final class AdapterProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final SqlState state;

    /**
     * @param state   the condition it is reported as
     * @param message what is wrong, as the tail of a sentence ("the target has no continuous aggregate ...")
     */
    AdapterProblem(SqlState state, String message) {
        super(message);
        this.state = state;
    }

    /** The condition it is reported as. */
    SqlState state() {
        return state;
    }

    /** Its SQLSTATE's code. */
    String sqlState() {
        return state.code();
    }
}
