package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.Chunk;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.spi.CopyUnit;

import org.jooq.Record;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.timescalemigrate.jdbc.internal.PgErrors.schemaFailure;

/** What {@code timescaledb_information.chunks} says about a hypertable's chunks, on either side. */
final class ChunkCatalog {

    /** The chunk rows {@link #chunk(Record)} reads. */
    private static final String CHUNK_ROWS = """
            SELECT hypertable_schema::text AS hs, hypertable_name::text AS hn,
                   chunk_schema::text AS cs, chunk_name::text AS cn,
                   range_start::text AS rs, range_end::text AS re,
                   range_start_integer::bigint AS rsi, range_end_integer::bigint AS rei, is_compressed
            FROM timescaledb_information.chunks
            """;

    /** Every chunk of the database, by hypertable and range. */
    static final String ALL_CHUNKS = CHUNK_ROWS
            + "ORDER BY hypertable_schema, hypertable_name, range_start, range_start_integer, chunk_name";

    /** The chunks of one hypertable (its schema and name bound), by range. */
    static final String CHUNKS_OF = CHUNK_ROWS + """
            WHERE hypertable_schema = ? AND hypertable_name = ?
            ORDER BY range_start, range_start_integer, chunk_name""";

    private static final String STORAGE = """
            SELECT ch.chunk_schema::text, ch.chunk_name::text, c.relfilenode::bigint
            FROM timescaledb_information.chunks ch
            JOIN pg_catalog.pg_namespace n ON n.nspname = ch.chunk_schema
            JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = ch.chunk_name
            WHERE ch.hypertable_schema = ? AND ch.hypertable_name = ?""";

    private static final String IS_COMPRESSED =
            "SELECT is_compressed FROM timescaledb_information.chunks WHERE chunk_schema = ? AND chunk_name = ?";

    private final ConnectionPool source;
    private final ConnectionPool target;
    private final SnapshotCoordinator snapshot;

    /** @param snapshot the snapshot the source is read in, or {@code null} */
    ChunkCatalog(ConnectionPool source, ConnectionPool target, SnapshotCoordinator snapshot) {
        this.source = source;
        this.target = target;
        this.snapshot = snapshot;
    }

    /** The chunks of a hypertable of the target, in range order. */
    List<Chunk> targetChunks(QualifiedName hypertable) {
        return chunks(target, null, hypertable);
    }

    /** The chunks of a hypertable of the source as its snapshot shows them, in range order. */
    List<Chunk> sourceChunks(QualifiedName hypertable) {
        return chunks(source, snapshot, hypertable);
    }

    private static List<Chunk> chunks(ConnectionPool pool, SnapshotCoordinator snapshot, QualifiedName hypertable) {
        try {
            return pool.inSnapshot(snapshot, c -> {
                return Sql.fetch(c, CHUNKS_OF, hypertable.schema(), hypertable.name()).map(ChunkCatalog::chunk);
            });
        } catch (SQLException e) {
            throw schemaFailure("Listing the chunks of " + hypertable + " on the " + pool.role(), CHUNKS_OF, e);
        }
    }

    /** A chunk from a row of {@link #ALL_CHUNKS} or {@link #CHUNKS_OF}. */
    static Chunk chunk(Record r) {
        return Chunk.builder(QualifiedName.of(r.get("hs", String.class), r.get("hn", String.class)),
                        QualifiedName.of(r.get("cs", String.class), r.get("cn", String.class)))
                .rangeStart(r.get("rs", String.class)).rangeEnd(r.get("re", String.class))
                .rangeStartInteger(r.get("rsi", Long.class)).rangeEndInteger(r.get("rei", Long.class))
                .compressed(Sql.boolOf(r, "is_compressed")).build();
    }

    /**
     * The storage ({@code relfilenode}) of each chunk of a source hypertable: as of the snapshot, or {@code now}.
     * A chunk rewritten (or dropped) since shows a different one (or none).
     */
    Map<QualifiedName, Long> sourceStorage(QualifiedName hypertable, boolean now) {
        // pg_class read by a query sees the snapshot's row, so its relfilenode as of the snapshot
        try {
            return source.inSnapshot(now ? null : snapshot, c -> {
                Map<QualifiedName, Long> result = new HashMap<>();
                for (Record r : Sql.fetch(c, STORAGE, hypertable.schema(), hypertable.name())) {
                    result.put(QualifiedName.of(r.get(0, String.class), r.get(1, String.class)), Sql.longOf(r, 2));
                }
                return result;
            });
        } catch (SQLException e) {
            throw schemaFailure("Reading the chunks of " + hypertable + " on the source", STORAGE, e);
        }
    }

    /** Whether a chunk is compressed; false for one the view does not list. */
    static boolean isCompressed(Connection c, QualifiedName chunk) throws SQLException {
        return Boolean.TRUE.equals(Sql.value(c, Boolean.class, IS_COMPRESSED, chunk.schema(), chunk.name()));
    }

    /**
     * The uncompressed chunks of a target hypertable that no pending range writes into, in range order: all of them
     * when nothing is pending.
     *
     * @param pending ranges not yet copied, all of one column and type
     */
    List<QualifiedName> completeChunks(QualifiedName hypertable, List<CopyUnit.Range> pending) {
        if (pending.isEmpty()) {
            return targetChunks(hypertable).stream().filter(c -> !c.compressed()).map(Chunk::chunk).toList();
        }
        String sql = completeChunksQuery(pending.get(0).columnType());
        try {
            String[] lowers = pending.stream().map(CopyUnit.Range::lower).toArray(String[]::new);
            String[] uppers = pending.stream().map(CopyUnit.Range::upper).toArray(String[]::new);
            return target.withConnection(c -> Sql.fetch(c, sql, hypertable.schema(), hypertable.name(), lowers, uppers)
                    .map(r -> QualifiedName.of(r.get(0, String.class), r.get(1, String.class))));
        } catch (SQLException e) {
            throw schemaFailure("Listing the complete chunks of " + hypertable + " on the target", sql, e);
        }
    }

    /**
     * The query of {@link #completeChunks} for ranges of a column of {@code type}: binds the hypertable's schema and
     * name, and the ranges' lower and upper bounds as two text arrays.
     */
    static String completeChunksQuery(String type) {
        String cast = BucketTypes.castTo(type); // from a fixed list of time types, never the caller's text
        boolean integer = cast.startsWith("pg_catalog.int");
        String start = integer ? "c.range_start_integer" : "c.range_start";
        String end = integer ? "c.range_end_integer" : "c.range_end";
        // the view shows the ranges of timestamp and date columns as timestamptz of their value read as UTC: read
        // the bounds the same way, whatever the session's time zone
        String lo = BucketTypes.chunkBound("u.lo", type, cast);
        String hi = BucketTypes.chunkBound("u.hi", type, cast);
        // a unit [lo, hi) writes into a chunk [start, end) when lo < end and hi > start (NULL: unbounded)
        return "SELECT c.chunk_schema::text, c.chunk_name::text FROM timescaledb_information.chunks c "
                + "WHERE c.hypertable_schema = ? AND c.hypertable_name = ? AND NOT c.is_compressed "
                + "AND NOT EXISTS (SELECT 1 FROM ROWS FROM (pg_catalog.unnest(?::text[]), "
                + "pg_catalog.unnest(?::text[])) AS u(lo, hi) "
                + "WHERE (u.lo IS NULL OR " + lo + " < " + end + ") AND (u.hi IS NULL OR " + hi + " > " + start + ")) "
                + "ORDER BY " + start + ", c.chunk_name";
    }
}
