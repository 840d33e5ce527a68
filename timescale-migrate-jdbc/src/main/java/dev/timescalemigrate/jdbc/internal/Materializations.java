package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.internal.SqlState;
import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.ContinuousAggregate;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.adapter.TimescaleOperations.Materialization;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import static dev.timescalemigrate.jdbc.internal.PgErrors.schemaFailure;

/**
 * The materialization hypertables of continuous aggregates: found on the target, and made ready there for the
 * source's materialized rows (the target's own refresh up to the source's watermark, then emptied, so that the
 * rows copied are exactly the source's).
 */
final class Materializations {

    private static final Logger LOG = LoggerFactory.getLogger(Materializations.class);

    private final ConnectionPool source;
    private final ConnectionPool target;
    private final SnapshotCoordinator snapshot;

    /** @param snapshot the snapshot the source is read in, or {@code null} */
    Materializations(ConnectionPool source, ConnectionPool target, SnapshotCoordinator snapshot) {
        this.source = source;
        this.target = target;
        this.snapshot = snapshot;
    }

    /** See {@link dev.timescalemigrate.adapter.TimescaleOperations#prepareMaterialization}. */
    Optional<Materialization> prepare(ContinuousAggregate cagg, String timeType, String before) {
        String what = "continuous aggregate " + cagg.view();
        try {
            record SourceSide(List<Column> columns, String watermark, String bucket) {
            }
            SourceSide side = source.inSnapshot(snapshot, c -> {
                List<Column> columns = columns(c, cagg.materializationHypertable());
                // a backfill copies the buckets before its bound: by the bucket column (a full copy needs none)
                String bucket = before == null ? null : Sql.value(c, String.class, """
                        SELECT column_name::text FROM timescaledb_information.dimensions
                        WHERE hypertable_schema = ? AND hypertable_name = ? ORDER BY dimension_number LIMIT 1""",
                        cagg.materializationHypertable().schema(), cagg.materializationHypertable().name());
                try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM "
                        + cagg.materializationHypertable().quoted() + ")"); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return new SourceSide(columns, null, bucket);
                    }
                }
                return new SourceSide(columns, Watermarks.ofSource(c, cagg, timeType).text(), bucket);
            });
            if (side.watermark() == null) {
                LOG.debug("{} holds no materialized rows on the source; left empty", what);
                return Optional.empty();
            }
            record TargetSide(QualifiedName mat, String before) {
            }
            TargetSide into = target.withConnection(c -> {
                QualifiedName mat = targetMaterialization(c, cagg.view()).orElseThrow(() -> new AdapterProblem(
                        SqlState.UNDEFINED_TABLE, "the target has no continuous aggregate " + cagg.view()));
                List<Column> targetColumns = columns(c, mat);
                if (!layout(targetColumns).equals(layout(side.columns()))) {
                    throw new AdapterProblem(SqlState.DATATYPE_MISMATCH, "the materialized rows have columns "
                            + layout(side.columns()) + " on the source but " + layout(targetColumns)
                            + " on the target");
                }
                String cast = BucketTypes.castTo(timeType);
                // up to the source's watermark from the start, also for a backfill: the refresh also clears the
                // invalidation a new aggregate starts with, so that no later refresh recomputes the history (whose
                // raw rows the source may have dropped) from the target's rows
                try (PreparedStatement ps = c.prepareStatement("CALL public.refresh_continuous_aggregate("
                        + "?::pg_catalog.regclass, NULL, ?::" + cast + ")")) {
                    ps.setString(1, cagg.view().quoted());
                    ps.setString(2, side.watermark());
                    ps.execute();
                }
                String whole = before == null ? null : wholeBucketsBefore(c, mat, cast, timeType, before);
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + mat.quoted()
                        + (whole == null ? "" : " WHERE " + Sql.id(side.bucket()) + " < ?::" + cast))) {
                    if (whole != null) {
                        ps.setString(1, whole);
                    }
                    ps.executeUpdate();
                }
                return new TargetSide(mat, whole);
            });
            carryInvalidations(cagg, into.mat(), timeType);
            Table sourceTable = Table.builder(cagg.materializationHypertable()).columns(side.columns()).build();
            return Optional.of(new Materialization(sourceTable, into.mat(), side.watermark(), side.bucket(),
                    into.before()));
        } catch (SQLException e) {
            throw schemaFailure("Preparing " + what + " for its materialized rows", null, e);
        } catch (AdapterProblem p) {
            throw schemaFailure("Preparing " + what + " for its materialized rows", null, p);
        }
    }

    /**
     * Gives the target aggregate the source's pending invalidations (ranges of raw rows changed since the source's
     * last refresh of them, in the raw hypertable's log and the aggregate's own), as the snapshot has them: the
     * materialized rows copied are the source's, stale there too, and without these ranges no refresh on the target
     * would recompute those buckets, where the source's next refresh does. Each range is cut to start in the first
     * bucket wholly at or after the oldest raw chunk the source still has: below it the raw rows were dropped
     * (drop_chunks logs the dropped range, which the cut leaves out), and recomputing those buckets would empty
     * them. The ranges go into the target aggregate's own log (not the raw hypertable's, which every aggregate on
     * it reads with its own bucket width), after the refresh in {@link #prepare}. TimescaleDB's internal time values are the same
     * on both sides (microseconds since 1970 for time types, the value for integers). Nothing is carried from a
     * TimescaleDB without the bucket-function catalog (before 2.14); a target user that may not write TimescaleDB's
     * catalog gets a warning naming what to refresh.
     */
    private void carryInvalidations(ContinuousAggregate cagg, QualifiedName mat, String timeType) throws SQLException {
        QualifiedName sourceMat = cagg.materializationHypertable();
        // how far above the oldest raw chunk's start the first bucket wholly after it can begin, at most: a
        // fixed width less one (a bucket starting exactly there keeps its pending ranges); for months, years and
        // time zones, an over-estimate of the longest such bucket (31 days and an hour a month, 366 days a year,
        // 25 hours a day, an hour more)
        String i = "f.bucket_width::pg_catalog.interval";
        String width = switch (timeType) {
            case "smallint", "integer", "bigint" -> "f.bucket_width::pg_catalog.int8 - 1";
            default -> "CASE WHEN f.bucket_fixed_width AND f.bucket_timezone IS NULL THEN "
                    + "(pg_catalog.date_part('epoch', " + i + ") * 1000000)::pg_catalog.int8 - 1 ELSE "
                    + "((pg_catalog.date_part('year', " + i + ") * 366 * 86400 + pg_catalog.date_part('month', " + i
                    + ") * (31 * 86400 + 3600) + pg_catalog.date_part('day', " + i + ") * 25 * 3600 "
                    + "+ pg_catalog.date_part('hour', " + i + ") * 3600 + pg_catalog.date_part('minute', " + i
                    + ") * 60 + pg_catalog.date_part('second', " + i + ") + 3600) * 1000000)::pg_catalog.int8 END";
        };
        List<Long> lows = new java.util.ArrayList<>();
        List<Long> highs = new java.util.ArrayList<>();
        source.inSnapshot(snapshot, c -> {
            if (!Sql.relationExists(c, "_timescaledb_catalog.continuous_aggs_bucket_function")) {
                return null;
            }
            Optional<org.jooq.Record> bounds = Sql.first(c, "SELECT a.raw_hypertable_id, a.mat_hypertable_id, "
                    + "(SELECT pg_catalog.min(s.range_start) FROM _timescaledb_catalog.chunk ch "
                    + "JOIN _timescaledb_catalog.chunk_constraint cc ON cc.chunk_id = ch.id "
                    + "JOIN _timescaledb_catalog.dimension_slice s ON s.id = cc.dimension_slice_id "
                    + "JOIN _timescaledb_catalog.dimension d ON d.id = s.dimension_id "
                    // a chunk drop_chunks removed may stay in the catalog (2.19, when aggregates exist), without its table
                    + "WHERE ch.hypertable_id = a.raw_hypertable_id AND pg_catalog.to_regclass(pg_catalog.format("
                    + "'%I.%I', ch.schema_name, ch.table_name)) IS NOT NULL AND d.interval_length IS NOT NULL), "
                    + width + " FROM _timescaledb_catalog.continuous_agg a "
                    + "JOIN _timescaledb_catalog.hypertable m ON m.id = a.mat_hypertable_id "
                    + "JOIN _timescaledb_catalog.continuous_aggs_bucket_function f "
                    + "ON f.mat_hypertable_id = a.mat_hypertable_id "
                    + "WHERE m.schema_name = ? AND m.table_name = ?", sourceMat.schema(), sourceMat.name());
            if (bounds.isEmpty() || bounds.get().get(2) == null) {
                return null; // not found, or no raw rows left: nothing to recompute from
            }
            long rawId = Sql.longOf(bounds.get(), 0);
            long matId = Sql.longOf(bounds.get(), 1);
            long oldest = Sql.longOf(bounds.get(), 2);
            long bucket = Math.max(0, Sql.longOf(bounds.get(), 3));
            long from = oldest > Long.MAX_VALUE - bucket ? Long.MAX_VALUE : oldest + bucket;
            for (org.jooq.Record r : Sql.fetch(c, "SELECT greatest(lowest_modified_value, ?), "
                    + "greatest_modified_value FROM _timescaledb_catalog.continuous_aggs_hypertable_invalidation_log "
                    + "WHERE hypertable_id = ? AND greatest_modified_value >= ? UNION ALL "
                    + "SELECT greatest(lowest_modified_value, ?), greatest_modified_value "
                    + "FROM _timescaledb_catalog.continuous_aggs_materialization_invalidation_log "
                    + "WHERE materialization_id = ? AND greatest_modified_value >= ?",
                    from, rawId, from, from, matId, from)) {
                lows.add(Sql.longOf(r, 0));
                highs.add(Sql.longOf(r, 1));
            }
            return null;
        });
        if (lows.isEmpty()) {
            return;
        }
        try {
            // the raw hypertable's ranges too go into this aggregate's own log: the raw log serves every aggregate
            // on the hypertable, and another one's buckets (wider) could reach below this cut
            target.inTransaction(c -> Sql.fetch(c, """
                    INSERT INTO _timescaledb_catalog.continuous_aggs_materialization_invalidation_log
                      (materialization_id, lowest_modified_value, greatest_modified_value)
                    SELECT a.mat_hypertable_id, u.lo, u.hi
                    FROM _timescaledb_catalog.continuous_agg a
                    JOIN _timescaledb_catalog.hypertable m ON m.id = a.mat_hypertable_id
                    CROSS JOIN unnest(?::bigint[], ?::bigint[]) AS u(lo, hi)
                    WHERE m.schema_name = ? AND m.table_name = ? AND NOT EXISTS (
                      SELECT 1 FROM _timescaledb_catalog.continuous_aggs_materialization_invalidation_log l
                      WHERE l.materialization_id = a.mat_hypertable_id AND l.lowest_modified_value = u.lo
                        AND l.greatest_modified_value = u.hi)
                    RETURNING 1""", lows.toArray(Long[]::new), highs.toArray(Long[]::new), mat.schema(), mat.name()));
            LOG.debug("{}: {} pending invalidation range(s) of the source carried over", cagg.view(), lows.size());
        } catch (SQLException e) {
            if (!SqlState.INSUFFICIENT_PRIVILEGE.is(e.getSQLState())) {
                throw e;
            }
            LOG.warn("The source's continuous aggregate {} has {} range(s) of raw rows changed since its last "
                    + "refresh, which the target's user may not record in TimescaleDB's catalog: refresh the "
                    + "aggregate on the source before migrating, or those buckets on the target after it (CALL "
                    + "refresh_continuous_aggregate('{}', start, end, force => true))", cagg.view(), lows.size(),
                    cagg.view());
        }
    }

    /**
     * The bound below which a bucket start means a bucket wholly before {@code before}: {@code before} minus the
     * aggregate's bucket width, plus the type's smallest step (a microsecond, a day for dates, 1 for integers), read
     * from the target's catalog of bucket functions (TimescaleDB 2.14 and later; earlier, {@code before} itself).
     * Variable-width buckets (months) count their nominal width.
     */
    private static String wholeBucketsBefore(Connection c, QualifiedName mat, String cast, String timeType,
                                             String before) throws SQLException {
        if (!Sql.relationExists(c, "_timescaledb_catalog.continuous_aggs_bucket_function")) {
            return before;
        }
        String shifted = switch (timeType) {
            case "smallint", "integer", "bigint" -> "(?::pg_catalog.int8 - f.bucket_width::pg_catalog.int8 + 1)::text";
            case "date" -> "((?::pg_catalog.date - f.bucket_width::pg_catalog.interval)::pg_catalog.date + 1)::text";
            default -> "(?::" + cast + " - f.bucket_width::pg_catalog.interval + interval '1 microsecond')::text";
        };
        return Sql.first(c, "SELECT " + shifted + " FROM _timescaledb_catalog.continuous_aggs_bucket_function f "
                        + "JOIN _timescaledb_catalog.hypertable h ON h.id = f.mat_hypertable_id "
                        + "WHERE h.schema_name = ? AND h.table_name = ?", before, mat.schema(), mat.name())
                .map(r -> r.get(0, String.class)).orElse(before);
    }

    /** The materialization hypertable of a target aggregate; empty when the target has no such aggregate. */
    Optional<QualifiedName> onTarget(QualifiedName view) {
        try {
            return target.withConnection(c -> {
                try {
                    return targetMaterialization(c, view);
                } catch (SQLException e) {
                    if (SqlState.UNDEFINED_TABLE.is(e.getSQLState())) {
                        return Optional.empty(); // no timescaledb_information views: no aggregates
                    }
                    throw e;
                }
            });
        } catch (SQLException e) {
            throw schemaFailure("Finding the materialization hypertable of " + view + " on the target", null, e);
        }
    }

    private static List<String> layout(List<Column> columns) {
        return columns.stream().map(c -> c.name() + " " + c.type()).toList();
    }

    /** The columns of a relation, in order. */
    private static List<Column> columns(Connection c, QualifiedName relation) throws SQLException {
        return Sql.fetch(c, """
                SELECT a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod)
                FROM pg_catalog.pg_attribute a
                WHERE a.attrelid = ?::pg_catalog.regclass AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum""", relation.quoted())
                .map(r -> Column.builder(r.get(0, String.class), r.get(1, String.class)).build());
    }

    private static Optional<QualifiedName> targetMaterialization(Connection c, QualifiedName view)
            throws SQLException {
        return Sql.first(c, """
                SELECT materialization_hypertable_schema::text, materialization_hypertable_name::text
                FROM timescaledb_information.continuous_aggregates WHERE view_schema = ? AND view_name = ?""",
                view.schema(), view.name())
                .map(r -> QualifiedName.of(r.get(0, String.class), r.get(1, String.class)));
    }
}
