package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.internal.SqlState;
import dev.timescalemigrate.model.ContinuousAggregate;
import dev.timescalemigrate.model.QualifiedName;

import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import static dev.timescalemigrate.jdbc.internal.PgErrors.schemaFailure;

/**
 * The watermarks of continuous aggregates (the end of their materialized buckets): read on the source, and
 * aligned on the target with the rows copied into it.
 */
final class Watermarks {

    private static final Logger LOG = LoggerFactory.getLogger(Watermarks.class);

    /** A watermark in TimescaleDB's internal form (microseconds since 1970 for time types) and as text. */
    record Watermark(long internal, String text) {
    }

    private final ConnectionPool target;

    Watermarks(ConnectionPool target) {
        this.target = target;
    }

    /**
     * Sets the target aggregate's watermark to the one its materialized rows give, where TimescaleDB keeps it in
     * its catalog (2.11 and later) and the two differ.
     *
     * @return a warning when it differs and the migrating user may not correct it; empty otherwise
     */
    Optional<String> align(ContinuousAggregate cagg, QualifiedName mat, String timeType) {
        try {
            return target.withConnection(c -> {
                String functions = functionSchema(c, "cagg_watermark");
                if (functions == null || functionSchema(c, "cagg_watermark_materialized") == null) {
                    return Optional.<String>empty(); // before 2.11 the watermark is computed from the rows copied
                }
                Watermark expected = read(c, functions, "cagg_watermark_materialized", mat, cagg.view(), timeType);
                Watermark actual = read(c, functions, "cagg_watermark", mat, cagg.view(), timeType);
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
            throw schemaFailure("Checking the watermark of " + cagg.view() + " on the target", null, e);
        } catch (AdapterProblem p) {
            throw schemaFailure("Checking the watermark of " + cagg.view() + " on the target", null, p);
        }
    }

    /**
     * The source aggregate's watermark (the end of its materialized buckets). The public API has no function for
     * it: {@code cagg_watermark_materialized} (2.11 and later) computes it from the materialized rows, so in the
     * session's snapshot; older versions have only {@code cagg_watermark}, which computes it the same way there.
     * ({@code cagg_watermark} of 2.11 and later reads a catalog table outside any snapshot, so a refresh committed
     * after the snapshot would show.)
     *
     * @throws AdapterProblem when the version has neither function, or the aggregate buckets another type
     */
    static Watermark ofSource(Connection c, ContinuousAggregate cagg, String timeType) throws SQLException {
        String function = "cagg_watermark_materialized";
        String functions = functionSchema(c, function);
        if (functions == null) {
            function = "cagg_watermark";
            functions = functionSchema(c, function);
        }
        if (functions == null) {
            throw new AdapterProblem(SqlState.UNDEFINED_FUNCTION, "this TimescaleDB version has no cagg_watermark "
                    + "function");
        }
        return read(c, functions, function, cagg.materializationHypertable(), cagg.view(), timeType);
    }

    /** The schema of TimescaleDB's internal functions: {@code _timescaledb_functions} from 2.12, else the old one. */
    private static String functionSchema(Connection c, String function) throws SQLException {
        for (String schema : List.of("_timescaledb_functions", "_timescaledb_internal")) {
            if (Boolean.TRUE.equals(Sql.value(c, Boolean.class,
                    "SELECT pg_catalog.to_regprocedure(? || '." + function + "(integer)') IS NOT NULL", schema))) {
                return schema;
            }
        }
        return null;
    }

    private static Watermark read(Connection c, String functions, String function, QualifiedName mat,
                                  QualifiedName view, String timeType) throws SQLException {
        String convert = switch (timeType) {
            case "timestamp with time zone" -> functions + ".to_timestamp(w)";
            case "timestamp without time zone" -> functions + ".to_timestamp_without_timezone(w)";
            case "date" -> functions + ".to_timestamp_without_timezone(w)::pg_catalog.date";
            case "smallint", "integer", "bigint" -> "w";
            default -> throw new AdapterProblem(SqlState.FEATURE_NOT_SUPPORTED, "continuous aggregate " + view
                    + " buckets a column of type " + timeType + ", which timescale-migrate cannot carry");
        };
        Record r = Sql.first(c, "SELECT w, (" + convert + ")::text FROM (SELECT " + functions + "." + function
                        + "(h.id) AS w FROM _timescaledb_catalog.hypertable h "
                        + "WHERE h.schema_name = ? AND h.table_name = ?) x", mat.schema(), mat.name())
                .orElseThrow(() -> new AdapterProblem(SqlState.UNDEFINED_TABLE,
                        "no materialization hypertable " + mat));
        return new Watermark(Sql.longOf(r, 0), r.get(1, String.class));
    }
}
