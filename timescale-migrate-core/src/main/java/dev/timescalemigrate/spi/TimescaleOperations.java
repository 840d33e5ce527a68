package dev.timescalemigrate.spi;

import dev.timescalemigrate.model.Chunk;
import dev.timescalemigrate.model.QualifiedName;

import java.util.List;

/**
 * TimescaleDB work on the target beyond DDL, through the public API of the target's version (the compression
 * names before 2.18, the columnstore names from 2.18). Thread-safe.
 */
public interface TimescaleOperations {

    /**
     * The target's chunks of a hypertable, ordered by their range in the primary dimension, with their
     * compression state.
     *
     * @param hypertable a hypertable on the target
     */
    List<Chunk> chunks(QualifiedName hypertable);

    /**
     * Compresses one chunk of the target ({@code convert_to_columnstore} on 2.18 and later, {@code compress_chunk}
     * before). Idempotent.
     *
     * @param chunk the chunk
     * @return true when it was compressed now, false when it was compressed already
     * @throws dev.timescalemigrate.exception.SchemaException naming the chunk and the SQLSTATE (on the Apache
     *                                                       edition: 0A000)
     */
    boolean compress(QualifiedName chunk);
}
