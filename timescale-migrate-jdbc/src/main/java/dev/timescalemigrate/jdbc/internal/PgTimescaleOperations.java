package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.Chunk;
import dev.timescalemigrate.model.ContinuousAggregate;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.ServerInfo;
import dev.timescalemigrate.spi.CopyUnit;
import dev.timescalemigrate.adapter.TimescaleOperations;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link TimescaleOperations} on a PostgreSQL target, choosing the API by the target's TimescaleDB version:
 * chunks ({@link ChunkCatalog}), their compression ({@link ChunkCompression}), and continuous aggregates'
 * materialized rows ({@link Materializations}) and watermarks ({@link Watermarks}); jobs' scheduled state.
 */
final class PgTimescaleOperations implements TimescaleOperations {

    private final ChunkCatalog chunks;
    private final ChunkCompression compression;
    private final Materializations materializations;
    private final Watermarks watermarks;
    private final ConnectionPool target;

    /** @param snapshot the snapshot the source is read in, or {@code null} */
    PgTimescaleOperations(ConnectionPool source, ConnectionPool target, ServerInfo targetServer,
                          SnapshotCoordinator snapshot) {
        this.chunks = new ChunkCatalog(source, target, snapshot);
        this.compression = new ChunkCompression(target, targetServer);
        this.materializations = new Materializations(source, target, snapshot);
        this.watermarks = new Watermarks(target);
        this.target = target;
    }

    @Override
    public List<Chunk> chunks(QualifiedName hypertable) {
        return chunks.targetChunks(hypertable);
    }

    @Override
    public List<Chunk> sourceChunks(QualifiedName hypertable) {
        return chunks.sourceChunks(hypertable);
    }

    @Override
    public Map<QualifiedName, Long> sourceChunkStorage(QualifiedName hypertable, boolean now) {
        return chunks.sourceStorage(hypertable, now);
    }

    @Override
    public List<QualifiedName> completeChunks(QualifiedName hypertable, List<CopyUnit.Range> pending) {
        return chunks.completeChunks(hypertable, pending);
    }

    @Override
    public boolean compress(QualifiedName chunk) {
        return compression.compress(chunk);
    }

    @Override
    public void addCompressionPolicy(QualifiedName hypertable, Duration after) {
        compression.addPolicy(hypertable, after);
    }

    @Override
    public long size(QualifiedName hypertable) {
        return compression.size(hypertable);
    }

    @Override
    public long uncompressedSize(QualifiedName hypertable) {
        return compression.uncompressedSize(hypertable);
    }

    @Override
    public Optional<Materialization> prepareMaterialization(ContinuousAggregate cagg, String timeType,
                                                            String before) {
        return materializations.prepare(cagg, timeType, before);
    }

    @Override
    public void scheduleJob(int jobId, boolean scheduled) {
        try {
            target.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT public.alter_job(?, scheduled => ?)")) {
                    ps.setInt(1, jobId);
                    ps.setBoolean(2, scheduled);
                    ps.execute();
                }
                return null;
            });
        } catch (SQLException e) {
            throw PgErrors.schemaFailure("Setting job " + jobId + " on the target to "
                    + (scheduled ? "scheduled" : "paused"), null, e);
        }
    }

    @Override
    public Optional<QualifiedName> targetMaterialization(QualifiedName view) {
        return materializations.onTarget(view);
    }

    @Override
    public Optional<String> alignWatermark(ContinuousAggregate cagg, QualifiedName mat, String timeType) {
        return watermarks.align(cagg, mat, timeType);
    }
}
