package dev.timescalemigrate.spi;

import java.util.Objects;

/**
 * What a {@link TransferSession} needs to know.
 *
 * @param migrationId      identifies the migration in the checkpoint store
 * @param checkpointSchema the target schema holding checkpoints
 * @param connections      how many connections to each side the session may hold at once
 */
public record TransferSettings(String migrationId, String checkpointSchema, int connections) {

    public TransferSettings {
        Objects.requireNonNull(migrationId, "migrationId");
        Objects.requireNonNull(checkpointSchema, "checkpointSchema");
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1");
        }
    }
}
