package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.exception.SchemaException;
import dev.timescalemigrate.model.Chunk;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.ServerInfo;
import dev.timescalemigrate.spi.TimescaleOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** {@link TimescaleOperations} on a PostgreSQL target, choosing the API by the target's TimescaleDB version. */
final class PgTimescaleOperations implements TimescaleOperations {

    private static final Logger LOG = LoggerFactory.getLogger(PgTimescaleOperations.class);

    private final ConnectionPool target;
    private final boolean columnstore;

    PgTimescaleOperations(ConnectionPool target, ServerInfo targetServer) {
        this.target = target;
        this.columnstore = targetServer.timescale().map(v -> v.atLeast(2, 18)).orElse(false);
    }

    @Override
    public List<Chunk> chunks(QualifiedName hypertable) {
        String sql = """
                SELECT chunk_schema::text AS cs, chunk_name::text AS cn,
                       range_start::text AS rs, range_end::text AS re,
                       range_start_integer::bigint AS rsi, range_end_integer::bigint AS rei, is_compressed
                FROM timescaledb_information.chunks
                WHERE hypertable_schema = ? AND hypertable_name = ?
                ORDER BY range_start, range_start_integer, chunk_name""";
        try {
            return target.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, hypertable.schema());
                    ps.setString(2, hypertable.name());
                    List<Chunk> result = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            result.add(new Chunk(hypertable, QualifiedName.of(rs.getString("cs"), rs.getString("cn")),
                                    rs.getString("rs"), rs.getString("re"),
                                    (Long) rs.getObject("rsi"), (Long) rs.getObject("rei"),
                                    rs.getBoolean("is_compressed")));
                        }
                    }
                    return result;
                }
            });
        } catch (SQLException e) {
            throw new SchemaException("Listing the chunks of " + hypertable + " on the target failed: "
                    + PgErrors.serverMessage(e) + " (SQLSTATE " + e.getSQLState() + ")", sql, e.getSQLState(), e);
        }
    }

    @Override
    public boolean compress(QualifiedName chunk) {
        String check = "SELECT is_compressed FROM timescaledb_information.chunks WHERE chunk_schema = ? AND chunk_name = ?";
        String sql = columnstore
                ? "CALL public.convert_to_columnstore(?::pg_catalog.regclass, if_not_columnstore => true)"
                : "SELECT public.compress_chunk(?::pg_catalog.regclass, if_not_compressed => true)";
        try {
            return target.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement(check)) {
                    ps.setString(1, chunk.schema());
                    ps.setString(2, chunk.name());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getBoolean(1)) {
                            return false;
                        }
                    }
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
            throw new SchemaException("Compressing chunk " + chunk + " on the target failed: "
                    + PgErrors.serverMessage(e) + " (SQLSTATE " + e.getSQLState() + ")", sql, e.getSQLState(), e);
        }
    }

    // streaming

    @Override
    public List<QualifiedName> chunksBefore(QualifiedName hypertable, String bound, String boundType) {
        if (boundType == null || !PgCopyService.TYPE_NAME.matcher(boundType).matches()) {
            throw new IllegalArgumentException("not a type name: " + boundType);
        }
        String sql = "SELECT n.nspname::text, c.relname::text FROM public.show_chunks(?::pg_catalog.regclass, "
                + "older_than => ?::" + boundType + ") s(chunk) JOIN pg_catalog.pg_class c ON c.oid = s.chunk "
                + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace";
        try {
            return target.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, hypertable.quoted());
                    ps.setString(2, bound);
                    List<QualifiedName> result = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            result.add(QualifiedName.of(rs.getString(1), rs.getString(2)));
                        }
                    }
                    return result;
                }
            });
        } catch (SQLException e) {
            throw new SchemaException("Listing the chunks of " + hypertable + " before " + bound + " on the target "
                    + "failed: " + PgErrors.serverMessage(e) + " (SQLSTATE " + e.getSQLState() + ")", sql,
                    e.getSQLState(), e);
        }
    }

    @Override
    public long size(QualifiedName hypertable) {
        return queryLong(hypertable, "SELECT COALESCE(public.hypertable_size(?::pg_catalog.regclass), 0)",
                "Measuring");
    }

    @Override
    public long uncompressedSize(QualifiedName hypertable) {
        // compressed chunks count with their size before compression, the others with their size
        String stats = columnstore ? "public.chunk_columnstore_stats" : "public.chunk_compression_stats";
        String sql = "SELECT COALESCE(sum(CASE WHEN s.compression_status = 'Compressed' "
                + "THEN s.before_compression_total_bytes ELSE d.total_bytes END), 0)::int8 "
                + "FROM public.chunks_detailed_size(?::pg_catalog.regclass) d "
                + "LEFT JOIN " + stats + "(?::pg_catalog.regclass) s "
                + "ON s.chunk_schema = d.chunk_schema AND s.chunk_name = d.chunk_name";
        return queryLong(hypertable, sql, "Measuring the uncompressed size of");
    }

    @Override
    public void addCompressionPolicy(QualifiedName hypertable, java.time.Duration after) {
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
            throw new SchemaException("Adding a compression policy to " + hypertable + " on the target failed: "
                    + PgErrors.serverMessage(e) + " (SQLSTATE " + e.getSQLState() + ")", sql, e.getSQLState(), e);
        }
    }

    private long queryLong(QualifiedName hypertable, String sql, String what) {
        try {
            return target.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    int n = ps.getParameterMetaData().getParameterCount();
                    for (int i = 1; i <= n; i++) {
                        ps.setString(i, hypertable.quoted());
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? rs.getLong(1) : 0L;
                    }
                }
            });
        } catch (SQLException e) {
            throw new SchemaException(what + " " + hypertable + " on the target failed: "
                    + PgErrors.serverMessage(e) + " (SQLSTATE " + e.getSQLState() + ")", sql, e.getSQLState(), e);
        }
    }
}
