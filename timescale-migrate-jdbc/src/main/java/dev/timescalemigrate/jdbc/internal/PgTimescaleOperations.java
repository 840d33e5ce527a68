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
}
