package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.exception.SchemaException;
import dev.timescalemigrate.model.Chunk;
import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.ContinuousAggregate;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.ServerInfo;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.spi.TimescaleOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link TimescaleOperations} on a PostgreSQL target, choosing the API by the target's TimescaleDB version. */
final class PgTimescaleOperations implements TimescaleOperations {

    private static final Logger LOG = LoggerFactory.getLogger(PgTimescaleOperations.class);

    private final ConnectionPool source;
    private final ConnectionPool target;
    private final SnapshotCoordinator snapshot;
    private final boolean columnstore;

    /** @param snapshot the snapshot the source is read in, or {@code null} */
    PgTimescaleOperations(ConnectionPool source, ConnectionPool target, ServerInfo targetServer,
                          SnapshotCoordinator snapshot) {
        this.source = source;
        this.snapshot = snapshot;
        this.target = target;
        this.columnstore = targetServer.timescale().map(v -> v.atLeast(2, 18)).orElse(false);
    }

    @Override
    public List<Chunk> chunks(QualifiedName hypertable) {
        return chunks(target, null, hypertable);
    }

    @Override
    public List<Chunk> sourceChunks(QualifiedName hypertable) {
        return chunks(source, snapshot, hypertable);
    }

    @Override
    public java.util.Map<QualifiedName, Long> sourceChunkStorage(QualifiedName hypertable, boolean now) {
        // pg_class read by a query sees the snapshot's row, so its relfilenode as of the snapshot
        String sql = """
                SELECT ch.chunk_schema::text, ch.chunk_name::text, c.relfilenode::bigint
                FROM timescaledb_information.chunks ch
                JOIN pg_catalog.pg_namespace n ON n.nspname = ch.chunk_schema
                JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = ch.chunk_name
                WHERE ch.hypertable_schema = ? AND ch.hypertable_name = ?""";
        try {
            return source.withConnection(c -> {
                if (snapshot != null && !now) {
                    snapshot.importInto(c);
                }
                java.util.Map<QualifiedName, Long> result = new java.util.HashMap<>();
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, hypertable.schema());
                    ps.setString(2, hypertable.name());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            result.put(QualifiedName.of(rs.getString(1), rs.getString(2)), rs.getLong(3));
                        }
                    }
                }
                return result;
            });
        } catch (SQLException e) {
            throw new SchemaException("Reading the chunks of " + hypertable + " on the source failed: "
                    + PgErrors.serverMessage(e) + " (SQLSTATE " + e.getSQLState() + ")", sql, e.getSQLState(), e);
        }
    }


    private static List<Chunk> chunks(ConnectionPool pool, SnapshotCoordinator snapshot, QualifiedName hypertable) {
        String sql = """
                SELECT chunk_schema::text AS cs, chunk_name::text AS cn,
                       range_start::text AS rs, range_end::text AS re,
                       range_start_integer::bigint AS rsi, range_end_integer::bigint AS rei, is_compressed
                FROM timescaledb_information.chunks
                WHERE hypertable_schema = ? AND hypertable_name = ?
                ORDER BY range_start, range_start_integer, chunk_name""";
        try {
            return pool.withConnection(c -> {
                if (snapshot != null) {
                    snapshot.importInto(c);
                }
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, hypertable.schema());
                    ps.setString(2, hypertable.name());
                    List<Chunk> result = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            result.add(Chunk.builder(hypertable,
                                            QualifiedName.of(rs.getString("cs"), rs.getString("cn")))
                                    .rangeStart(rs.getString("rs")).rangeEnd(rs.getString("re"))
                                    .rangeStartInteger((Long) rs.getObject("rsi"))
                                    .rangeEndInteger((Long) rs.getObject("rei"))
                                    .compressed(rs.getBoolean("is_compressed")).build());
                        }
                    }
                    return result;
                }
            });
        } catch (SQLException e) {
            throw new SchemaException("Listing the chunks of " + hypertable + " on the " + pool.role() + " failed: "
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

    // ------------------------------------------------------------------ continuous aggregates

    @Override
    public Optional<Materialization> prepareMaterialization(ContinuousAggregate cagg, String timeType) {
        String what = "continuous aggregate " + cagg.view();
        try {
            record SourceSide(List<Column> columns, String watermark) {
            }
            SourceSide side = source.withConnection(c -> {
                if (snapshot != null) {
                    snapshot.importInto(c);
                }
                List<Column> columns = columns(c, cagg.materializationHypertable());
                try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM "
                        + cagg.materializationHypertable().quoted() + ")"); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return new SourceSide(columns, null);
                    }
                }
                return new SourceSide(columns, watermark(c, cagg, timeType).text());
            });
            if (side.watermark() == null) {
                LOG.debug("{} holds no materialized rows on the source; left empty", what);
                return Optional.empty();
            }
            QualifiedName targetMat = target.withConnection(c -> {
                QualifiedName mat = targetMaterialization(c, cagg.view());
                List<Column> targetColumns = columns(c, mat);
                if (!layout(targetColumns).equals(layout(side.columns()))) {
                    throw new SQLException("the materialized rows have columns " + layout(side.columns())
                            + " on the source but " + layout(targetColumns) + " on the target", "42804");
                }
                String cast = castTo(timeType);
                try (PreparedStatement ps = c.prepareStatement("CALL public.refresh_continuous_aggregate("
                        + "?::pg_catalog.regclass, NULL, ?::" + cast + ")")) {
                    ps.setString(1, cagg.view().quoted());
                    ps.setString(2, side.watermark());
                    ps.execute();
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + mat.quoted())) {
                    ps.executeUpdate();
                }
                return mat;
            });
            Table sourceTable = Table.builder(cagg.materializationHypertable()).columns(side.columns()).build();
            return Optional.of(new Materialization(sourceTable, targetMat, side.watermark()));
        } catch (SQLException e) {
            throw new SchemaException("Preparing " + what + " for its materialized rows failed: "
                    + PgErrors.serverMessage(e) + " (SQLSTATE " + e.getSQLState() + ")", null, e.getSQLState(), e);
        }
    }

    @Override
    public Optional<QualifiedName> targetMaterialization(QualifiedName view) {
        try {
            return target.withConnection(c -> {
                try {
                    return Optional.of(targetMaterialization(c, view));
                } catch (SQLException e) {
                    if ("42P01".equals(e.getSQLState())) {
                        return Optional.empty();
                    }
                    throw e;
                }
            });
        } catch (SQLException e) {
            throw new SchemaException("Finding the materialization hypertable of " + view + " on the target failed: "
                    + PgErrors.serverMessage(e) + " (SQLSTATE " + e.getSQLState() + ")", null, e.getSQLState(), e);
        }
    }

    private static List<String> layout(List<Column> columns) {
        return columns.stream().map(c -> c.name() + " " + c.type()).toList();
    }

    /** The columns of a relation, in order. */
    private static List<Column> columns(Connection c, QualifiedName relation) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod)
                FROM pg_catalog.pg_attribute a
                WHERE a.attrelid = ?::pg_catalog.regclass AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum""")) {
            ps.setString(1, relation.quoted());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(Column.builder(rs.getString(1), rs.getString(2)).build());
                }
            }
        }
        return columns;
    }

    private static QualifiedName targetMaterialization(Connection c, QualifiedName view) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT materialization_hypertable_schema::text, materialization_hypertable_name::text
                FROM timescaledb_information.continuous_aggregates WHERE view_schema = ? AND view_name = ?""")) {
            ps.setString(1, view.schema());
            ps.setString(2, view.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("the target has no continuous aggregate " + view, "42P01");
                }
                return QualifiedName.of(rs.getString(1), rs.getString(2));
            }
        }
    }

    /** A watermark in TimescaleDB's internal form (microseconds since 1970 for time types) and as text. */
    record Watermark(long internal, String text) {
    }

    /** The schema of TimescaleDB's internal functions: {@code _timescaledb_functions} from 2.12, else the old one. */
    private static String functionSchema(Connection c, String function) throws SQLException {
        for (String schema : List.of("_timescaledb_functions", "_timescaledb_internal")) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT pg_catalog.to_regprocedure(? || '." + function + "(integer)') IS NOT NULL")) {
                ps.setString(1, schema);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return schema;
                    }
                }
            }
        }
        return null;
    }

    /**
     * The source aggregate's watermark (the end of its materialized buckets). The public API has no function for
     * it: {@code cagg_watermark_materialized} (2.11 and later) computes it from the materialized rows, so in the
     * session's snapshot; older versions have only {@code cagg_watermark}, which computes it the same way there.
     * ({@code cagg_watermark} of 2.11 and later reads a catalog table outside any snapshot, so a refresh committed
     * after the snapshot would show.)
     */
    private static Watermark watermark(Connection c, ContinuousAggregate cagg, String timeType) throws SQLException {
        String function = "cagg_watermark_materialized";
        String functions = functionSchema(c, function);
        if (functions == null) {
            function = "cagg_watermark";
            functions = functionSchema(c, function);
        }
        if (functions == null) {
            throw new SQLException("this TimescaleDB version has no cagg_watermark function", "42883");
        }
        return watermark(c, functions, function, cagg.materializationHypertable(), cagg.view(), timeType);
    }

    private static Watermark watermark(Connection c, String functions, String function, QualifiedName mat,
                                       QualifiedName view, String timeType) throws SQLException {
        String convert = switch (timeType) {
            case "timestamp with time zone" -> functions + ".to_timestamp(w)";
            case "timestamp without time zone" -> functions + ".to_timestamp_without_timezone(w)";
            case "date" -> functions + ".to_timestamp_without_timezone(w)::pg_catalog.date";
            case "smallint", "integer", "bigint" -> "w";
            default -> throw new SQLException("continuous aggregate " + view + " buckets a column of type "
                    + timeType + ", which timescale-migrate cannot carry", "0A000");
        };
        try (PreparedStatement ps = c.prepareStatement("SELECT w, (" + convert + ")::text FROM (SELECT " + functions
                + "." + function + "(h.id) AS w FROM _timescaledb_catalog.hypertable h "
                + "WHERE h.schema_name = ? AND h.table_name = ?) x")) {
            ps.setString(1, mat.schema());
            ps.setString(2, mat.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no materialization hypertable " + mat, "42P01");
                }
                return new Watermark(rs.getLong(1), rs.getString(2));
            }
        }
    }

    @Override
    public Optional<String> alignWatermark(ContinuousAggregate cagg, QualifiedName mat, String timeType) {
        try {
            return target.withConnection(c -> {
                String functions = functionSchema(c, "cagg_watermark");
                if (functions == null || functionSchema(c, "cagg_watermark_materialized") == null) {
                    return Optional.<String>empty(); // before 2.11 the watermark is computed from the rows copied
                }
                Watermark expected = watermark(c, functions, "cagg_watermark_materialized", mat, cagg.view(),
                        timeType);
                Watermark actual = watermark(c, functions, "cagg_watermark", mat, cagg.view(), timeType);
                if (actual.internal() == expected.internal()) {
                    return Optional.<String>empty();
                }
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE _timescaledb_catalog.continuous_aggs_watermark w SET watermark = ?
                        FROM _timescaledb_catalog.hypertable h
                        WHERE w.mat_hypertable_id = h.id AND h.schema_name = ? AND h.table_name = ?""")) {
                    ps.setLong(1, expected.internal());
                    ps.setString(2, mat.schema());
                    ps.setString(3, mat.name());
                    ps.executeUpdate();
                    LOG.debug("Watermark of {} set from {} to {}", cagg.view(), actual.text(), expected.text());
                    return Optional.<String>empty();
                } catch (SQLException e) {
                    LOG.debug("Cannot set the watermark of {}: {}", cagg.view(), e.getMessage());
                    return Optional.of("The watermark of continuous aggregate " + cagg.view() + " on the target is "
                            + actual.text() + ", not " + expected.text() + " as its copied rows and the source have "
                            + "(the target's refresh found no raw rows for the newest buckets, and the migrating "
                            + "user may not correct TimescaleDB's catalog: " + PgErrors.serverMessage(e) + "). Until "
                            + "the aggregate's next refresh moves it, its real-time part starts at "
                            + actual.text() + ".");
                }
            });
        } catch (SQLException e) {
            throw new SchemaException("Checking the watermark of " + cagg.view() + " on the target failed: "
                    + PgErrors.serverMessage(e) + " (SQLSTATE " + e.getSQLState() + ")", null, e.getSQLState(), e);
        }
    }

    /** A text bound as the chunks view compares it: integers as they are, dates and timestamps as UTC instants. */
    private static String bound(String column, String type, String cast) {
        return switch (type) {
            case "timestamp without time zone" -> "(" + column + "::" + cast + " AT TIME ZONE 'UTC')";
            case "date" -> "(" + column + "::" + cast + "::pg_catalog.timestamp AT TIME ZONE 'UTC')";
            default -> column + "::" + cast;
        };
    }

    /** The cast for a bucket type, from a fixed list (never a user's text). */
    private static String castTo(String timeType) {
        if (timeType == null) {
            throw new IllegalArgumentException("no time type");
        }
        return switch (timeType) {
            case "timestamp with time zone" -> "pg_catalog.timestamptz";
            case "timestamp without time zone" -> "pg_catalog.timestamp";
            case "date" -> "pg_catalog.date";
            case "smallint" -> "pg_catalog.int2";
            case "integer" -> "pg_catalog.int4";
            case "bigint" -> "pg_catalog.int8";
            default -> throw new IllegalArgumentException("not a time type: " + timeType);
        };
    }
    // streaming

    @Override
    public List<QualifiedName> completeChunks(QualifiedName hypertable, List<dev.timescalemigrate.spi.CopyUnit.Range> pending) {
        if (pending.isEmpty()) {
            return chunks(hypertable).stream().filter(c -> !c.compressed()).map(Chunk::chunk).toList();
        }
        String type = pending.get(0).columnType();
        String cast = castTo(type); // from a fixed list of time types, never the caller's text
        boolean integer = cast.startsWith("pg_catalog.int");
        String start = integer ? "c.range_start_integer" : "c.range_start";
        String end = integer ? "c.range_end_integer" : "c.range_end";
        // the view shows the ranges of timestamp and date columns as timestamptz of their value read as UTC: read
        // the bounds the same way, whatever the session's time zone
        String lo = bound("u.lo", type, cast);
        String hi = bound("u.hi", type, cast);
        // a unit [lo, hi) writes into a chunk [start, end) when lo < end and hi > start (NULL: unbounded)
        String sql = "SELECT c.chunk_schema::text, c.chunk_name::text FROM timescaledb_information.chunks c "
                + "WHERE c.hypertable_schema = ? AND c.hypertable_name = ? AND NOT c.is_compressed "
                + "AND NOT EXISTS (SELECT 1 FROM ROWS FROM (pg_catalog.unnest(?::text[]), "
                + "pg_catalog.unnest(?::text[])) AS u(lo, hi) "
                + "WHERE (u.lo IS NULL OR " + lo + " < " + end + ") AND (u.hi IS NULL OR " + hi + " > " + start + ")) "
                + "ORDER BY " + start + ", c.chunk_name";
        try {
            return target.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, hypertable.schema());
                    ps.setString(2, hypertable.name());
                    ps.setArray(3, c.createArrayOf("text", pending.stream().map(r -> r.lower()).toArray()));
                    ps.setArray(4, c.createArrayOf("text", pending.stream().map(r -> r.upper()).toArray()));
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
            throw new SchemaException("Listing the complete chunks of " + hypertable + " on the target failed: "
                    + PgErrors.serverMessage(e) + " (SQLSTATE " + e.getSQLState() + ")", sql, e.getSQLState(), e);
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
