package dev.timescalemigrate.adapter;

import dev.timescalemigrate.SnapshotMode;

import java.util.Objects;

/**
 * What a {@link TransferSession} needs to know.
 *
 * @param migrationId      identifies the migration in the checkpoint store
 * @param checkpointSchema the target schema holding checkpoints
 * @param connections      how many connections to each side the session may hold at once
 * @param snapshot         how the source is read: one exported snapshot for the whole session (the model is then
 *                         read in it too), or a transaction per unit
 * @param follow           whether the run follows the source: the snapshot the copies read is then the replication
 *                         slot's, taken when {@link ReplicationService#start} creates the slot (the model is read
 *                         before it)
 */
public record TransferSettings(String migrationId, String checkpointSchema, int connections, SnapshotMode snapshot,
                               boolean follow) {

    public TransferSettings {
        Objects.requireNonNull(migrationId, "migrationId");
        Objects.requireNonNull(checkpointSchema, "checkpointSchema");
        Objects.requireNonNull(snapshot, "snapshot");
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1");
        }
    }

    /** Settings of a run that does not follow the source. */
    public TransferSettings(String migrationId, String checkpointSchema, int connections, SnapshotMode snapshot) {
        this(migrationId, checkpointSchema, connections, snapshot, false);
    }

    /** Settings that read the source a unit at a time. */
    public TransferSettings(String migrationId, String checkpointSchema, int connections) {
        this(migrationId, checkpointSchema, connections, SnapshotMode.PER_UNIT);
    }
}
