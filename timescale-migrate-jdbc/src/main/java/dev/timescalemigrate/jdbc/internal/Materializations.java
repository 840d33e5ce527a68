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
