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

    // streaming

    /**
     * The target chunks of a hypertable that lie wholly before a bound of its time column ({@code show_chunks}
     * with {@code older_than}), in range order.
     *
     * @param hypertable a hypertable on the target
     * @param bound      the bound as text in the column type's input format
     * @param boundType  the time column's type as PostgreSQL prints it
     */
    default List<QualifiedName> chunksBefore(QualifiedName hypertable, String bound, String boundType) {
        throw new UnsupportedOperationException("chunksBefore");
    }

    /**
     * The hypertable's total size on the target ({@code hypertable_size}: every chunk with its indexes and
     * TOAST, compressed data included), 0 when it has no chunks.
     *
     * @param hypertable a hypertable on the target
     */
    default long size(QualifiedName hypertable) {
        throw new UnsupportedOperationException("size");
    }

    /**
     * The hypertable's size as if nothing were compressed: each compressed chunk's size before compression plus
     * the size of every other chunk.
     *
     * @param hypertable a hypertable on the target
     */
    default long uncompressedSize(QualifiedName hypertable) {
        throw new UnsupportedOperationException("uncompressedSize");
    }

    /**
     * Adds a compression policy ({@code add_columnstore_policy} on 2.18 and later, {@code add_compression_policy}
     * before) unless the hypertable has one.
     *
     * @param hypertable a hypertable with compression enabled
     * @param after      the age after which chunks are compressed
     */
    default void addCompressionPolicy(QualifiedName hypertable, java.time.Duration after) {
        throw new UnsupportedOperationException("addCompressionPolicy");
    }
}
