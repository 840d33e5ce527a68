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

    /**
     * Applies the source's changes until {@code stop} turns true, then cuts over: applies everything committed on
     * the source up to that moment, sets the target's sequences to the source's, drops the slot and the
     * publication and the stored state.
     *
     * @param selection the migrated tables and sequences
     * @param progress  told of what was applied, at most once a second
     */
    FollowReport follow(DatabaseModel selection, BooleanSupplier stop, java.util.function.Consumer<FollowReport> progress);
}
