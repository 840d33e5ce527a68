package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.ServerInfo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

import static dev.timescalemigrate.jdbc.internal.PgErrors.schemaFailure;

/**
 * Compression on the target through TimescaleDB's API of the target's version (the columnstore names from 2.18,
 * {@code compress_chunk} and {@code add_compression_policy} before), and the sizes that measure it.
 */
final class ChunkCompression {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkCompression.class);

    private final ConnectionPool target;
    private final boolean columnstore;

    ChunkCompression(ConnectionPool target, ServerInfo targetServer) {
        this.target = target;
        this.columnstore = targetServer.timescale().map(v -> v.atLeast(2, 18)).orElse(false);
    }

    /** Compresses a chunk of the target; false when it was compressed already. */
    boolean compress(QualifiedName chunk) {
        String sql = columnstore
                ? "CALL public.convert_to_columnstore(?::pg_catalog.regclass, if_not_columnstore => true)"
                : "SELECT public.compress_chunk(?::pg_catalog.regclass, if_not_compressed => true)";
        try {
            return target.withConnection(c -> {
                if (ChunkCatalog.isCompressed(c, chunk)) {
                    return false;
                }
                long started = System.nanoTime();
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, chunk.quoted());
                    ps.execute();
                }
                LOG.debug("Compressed {} in {} ms", chunk, (System.nanoTime() - started) / 1_000_000);
                return true;
            });
        } catch (SQLException e) {
            throw schemaFailure("Compressing chunk " + chunk + " on the target", sql, e);
        }
    }

    /** Adds a policy that compresses the hypertable's chunks older than {@code after}, unless it has one. */
    void addPolicy(QualifiedName hypertable, Duration after) {
        String sql = columnstore
                ? "CALL public.add_columnstore_policy(?::pg_catalog.regclass, after => ?::interval, "
                + "if_not_exists => true)"
                : "SELECT public.add_compression_policy(?::pg_catalog.regclass, compress_after => ?::interval, "
                + "if_not_exists => true)";
        try {
            target.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, hypertable.quoted());
                    ps.setString(2, (after.toNanos() / 1000) + " microseconds");
                    ps.execute();
                }
                return null;
            });
        } catch (SQLException e) {
            throw schemaFailure("Adding a compression policy to " + hypertable + " on the target", sql, e);
        }
    }

    /** The bytes a target hypertable takes, compressed chunks as they are stored. */
    long size(QualifiedName hypertable) {
        return queryLong("Measuring " + hypertable,
                "SELECT COALESCE(public.hypertable_size(?::pg_catalog.regclass), 0)", hypertable.quoted());
    }

    /** The bytes a target hypertable would take uncompressed. */
    long uncompressedSize(QualifiedName hypertable) {
        // compressed chunks count with their size before compression, the others with their size
        String stats = columnstore ? "public.chunk_columnstore_stats" : "public.chunk_compression_stats";
        String sql = "SELECT COALESCE(sum(CASE WHEN s.compression_status = 'Compressed' "
                + "THEN s.before_compression_total_bytes ELSE d.total_bytes END), 0)::int8 "
                + "FROM public.chunks_detailed_size(?::pg_catalog.regclass) d "
                + "LEFT JOIN " + stats + "(?::pg_catalog.regclass) s "
                + "ON s.chunk_schema = d.chunk_schema AND s.chunk_name = d.chunk_name";
        return queryLong("Measuring the uncompressed size of " + hypertable, sql, hypertable.quoted(),
                hypertable.quoted());
    }

    private long queryLong(String what, String sql, Object... binds) {
        try {
            Long value = target.withConnection(c -> Sql.value(c, Long.class, sql, binds));
            return value == null ? 0 : value;
        } catch (SQLException e) {
            throw schemaFailure(what + " on the target", sql, e);
        }
    }
}
