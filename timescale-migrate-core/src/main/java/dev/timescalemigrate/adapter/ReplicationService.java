package dev.timescalemigrate.adapter;

import dev.timescalemigrate.FollowReport;
import dev.timescalemigrate.model.DatabaseModel;

import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Following the source by logical replication ({@code pgoutput}) after the bulk copy: a publication of the
 * selected tables and a slot whose starting snapshot the copies read, the changes after it applied to the target
 * with the applied position stored there in the same transaction, and the cutover.
 */
public interface ReplicationService {

    /** Where a followed migration stands on the target. */
    record State(String slot, String publication, String startLsn, String appliedLsn, boolean copied) {
    }

    /**
     * What keeps the source from being followed, each with its fix; nothing is written.
     *
     * @param selection the tables, sequences and hypertables the migration selected
     */
    List<String> problems(DatabaseModel selection);

    /** Things to tell the user before following starts (settings of the source's sessions that matter). */
    List<String> warnings(DatabaseModel selection);

    /** The state an earlier run of this migration recorded on the target, if any. */
    Optional<State> state();

    /**
     * Creates the publication and the slot and makes the session's copies read the slot's starting snapshot;
     * records the state on the target.
     */
    State start(DatabaseModel selection);

    /** Records that the bulk copy is complete: a rerun follows from the stored position instead of copying. */
    void copied();

    /** Told what following does, on the thread that follows. */
    interface Observer {

        /** Where following stands: counts of this run, the lag and the WAL the slot retains (about once a second). */
        void progress(FollowReport status);

        /** Something the user should act on that does not stop following (lag growing, WAL retained). */
        void warning(String message);
    }

    /**
     * Applies the source's changes until {@code stop} turns true, then cuts over: applies everything committed on
     * the source up to that moment, sets the target's sequences to the source's, drops the slot and the
     * publication and the stored state. May be called again on the same service after it failed with a
     * transient error (a lost connection): it continues from the position stored on the target and its report
     * counts what every call applied.
     *
     * @param selection the migrated tables and sequences
     * @param stop      read between messages; true asks for the cutover
     * @param observer  told of the progress and of warnings
     * @throws dev.timescalemigrate.exception.MigrationException with {@code SOURCE_CHANGED} when the columns of a
     *         followed table changed on the source (what came before the change is applied and stored)
     */
    FollowReport follow(DatabaseModel selection, BooleanSupplier stop, Observer observer);
}
