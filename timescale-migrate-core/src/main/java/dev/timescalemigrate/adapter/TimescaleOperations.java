package dev.timescalemigrate.adapter;

import dev.timescalemigrate.spi.CopyUnit;
import dev.timescalemigrate.model.Chunk;
import dev.timescalemigrate.model.ContinuousAggregate;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;

import java.util.List;
import java.util.Optional;

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

    /**
     * The source's chunks of a hypertable, ordered by their range in the primary dimension, with their
     * compression state (read in the session's snapshot when it has one).
     *
     * @param hypertable a hypertable on the source
     */
    List<Chunk> sourceChunks(QualifiedName hypertable);

    /**
     * The storage of each of the source's chunks of a hypertable (or materialization hypertable): its relfilenode,
     * which changes when TimescaleDB compresses, decompresses, reorders or drops the chunk. Read in the session's
     * snapshot, or as the source is now: comparing the two shows chunks rewritten while the run read the snapshot.
     *
     * @param hypertable a hypertable on the source
     * @param now        true for the source as it is now, false for the session's snapshot
     * @return relfilenode per chunk
     */
    java.util.Map<QualifiedName, Long> sourceChunkStorage(QualifiedName hypertable, boolean now);

    /**
     * The target's materialization hypertable of a continuous aggregate, empty when the target has no such
     * aggregate.
     *
     * @param view the continuous aggregate's view
     */
    Optional<QualifiedName> targetMaterialization(QualifiedName view);

    /**
     * Where a continuous aggregate's materialized rows are copied from and into.
     *
     * @param source    the source's materialization hypertable, with its columns, to copy from
     * @param target    the target's materialization hypertable, whose columns match
     * @param watermark the source's watermark (materialized buckets end there), as text of the bucket type
     * @param bucketColumn for a backfill, the time bucket column of the materialization hypertables (their time
     *                     dimension); else {@code null}
     * @param before    for a backfill, the buckets to copy: those that start before it, which are the buckets that
     *                  end at or before the backfill's bound (a bucket across the bound is the target's own); else
     *                  {@code null} for every bucket
     */
    record Materialization(Table source, QualifiedName target, String watermark, String bucketColumn, String before) {
    }

    /**
     * Readies the target's (empty, just created) copy of a continuous aggregate to receive the source's
     * materialized rows: reads the source's watermark, refreshes the target's aggregate up to it (so that its
     * watermark and invalidation threshold match the source's and no later refresh recomputes the history),
     * then deletes the rows that refresh computed, which the copy of the source's rows replaces. Rows of
     * buckets whose raw data the source already dropped are thus kept.
     *
     * @param cagg     the continuous aggregate as read from the source
     * @param timeType the type of its time bucket column (that of the hypertable's time column)
     * @return empty when the source's aggregate holds no materialized rows (nothing to copy)
     * @throws dev.timescalemigrate.exception.SchemaException when the materialized layouts differ or a step fails
     */
    default Optional<Materialization> prepareMaterialization(ContinuousAggregate cagg, String timeType) {
        return prepareMaterialization(cagg, timeType, null);
    }

    /**
     * {@link #prepareMaterialization(ContinuousAggregate, String)} for a backfill, when {@code before} is given: the
     * target's aggregate, which already holds rows an application wrote, is refreshed up to the source's watermark
     * as well (the buckets from {@code before} on come from the target's rows, the application's among them), and
     * only its materialized rows of buckets that end at or before {@code before} are deleted, for the source's rows of
     * those buckets to replace them (a bucket across the bound keeps the target's value, computed from every raw
     * row of it: the backfilled ones and the application's; see {@link Materialization#before()}).
     *
     * @param before the backfill's bound of the aggregate's time, as text of the bucket type, or {@code null} to
     *               replace every materialized row
     */
    Optional<Materialization> prepareMaterialization(ContinuousAggregate cagg, String timeType, String before);

    /** Sets whether a job of the target is scheduled ({@code alter_job(id, scheduled => ...)}). */
    void scheduleJob(int jobId, boolean scheduled);

    /**
     * After the source's materialized rows are copied: makes the target aggregate's watermark the end of those
     * rows, as the source's is. The target's refresh set it from the rows it computed, which end earlier when the
     * raw rows of the newest buckets are gone; the correction writes TimescaleDB's catalog, which needs its
     * owner's rights (TimescaleDB 2.11 and later keep the watermark there; older versions compute it from the rows).
     *
     * @param cagg                  the continuous aggregate as read from the source
     * @param targetMaterialization its materialization hypertable on the target
     * @param timeType              the type of its time bucket column
     * @return a warning for the report when the watermark differs and could not be corrected
     */
    Optional<String> alignWatermark(ContinuousAggregate cagg, QualifiedName targetMaterialization, String timeType);
    /**
     * The target's uncompressed chunks of a hypertable that none of {@code pending} overlaps: no unit still to be
     * copied writes into them, so they are complete. In range order.
     *
     * @param hypertable a hypertable on the target
     * @param pending    the ranges of its primary dimension's column still to be copied (bounds as text in the
     *                   column type's input format, {@code null} for unbounded); all of one column
     */
    List<QualifiedName> completeChunks(QualifiedName hypertable, List<dev.timescalemigrate.spi.CopyUnit.Range> pending);

    /**
     * The hypertable's total size on the target ({@code hypertable_size}: every chunk with its indexes and
     * TOAST, compressed data included), 0 when it has no chunks.
     *
     * @param hypertable a hypertable on the target
     */
    long size(QualifiedName hypertable);

    /**
     * The hypertable's size as if nothing were compressed: each compressed chunk's size before compression plus
     * the size of every other chunk.
     *
     * @param hypertable a hypertable on the target
     */
    long uncompressedSize(QualifiedName hypertable);

    /**
     * Adds a compression policy ({@code add_columnstore_policy} on 2.18 and later, {@code add_compression_policy}
     * before) unless the hypertable has one.
     *
     * @param hypertable a hypertable with compression enabled
     * @param after      the age after which chunks are compressed
     */
    void addCompressionPolicy(QualifiedName hypertable, java.time.Duration after);
}
