package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.Table;

import org.jooq.Record;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A column of a source table whose type, domains resolved, can be split by range (see {@link SplitKind}).
 *
 * @param name      the column
 * @param notNull   NOT NULL
 * @param baseType  its base type as {@code format_type} prints it, the type of its ranges' bounds
 * @param kind      how its values are counted and written
 * @param indexRank its best btree index: 0 first column of the primary key, 1 of a unique index, 2 of another
 *                  (valid, non-partial) index, -1 none
 */
record SplitColumn(String name, boolean notNull, String baseType, SplitKind kind, int indexRank) {

    /** The least and greatest value of a column, counted as its {@link SplitKind} counts them. */
    record Span(long lo, long hi) {
    }

    /** The table's columns that can be split by range, in column order. */
    static List<SplitColumn> of(Connection c, Table table) throws SQLException {
        String sql = ColumnTypes.BASE_TYPES + """
                SELECT c.attname, c.attnotnull, b.typid::int8 AS base_oid,
                       pg_catalog.format_type(b.typid, NULL) AS base_type,
                       (SELECT min(CASE WHEN i.indisprimary THEN 0 WHEN i.indisunique THEN 1 ELSE 2 END)
                        FROM pg_catalog.pg_index i
                        JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
                        JOIN pg_catalog.pg_am am ON am.oid = ic.relam
                        WHERE i.indrelid = c.attrelid AND am.amname = 'btree' AND i.indkey[0] = c.attnum
                          AND i.indpred IS NULL AND i.indisvalid) AS index_rank
                FROM cols c JOIN base b ON b.attnum = c.attnum
                ORDER BY c.attnum""";
        List<SplitColumn> found = new ArrayList<>();
        for (Record r : Sql.fetch(c, sql, table.name().quoted())) {
            Optional<SplitKind> kind = SplitKind.of(Sql.longOf(r, "base_oid"));
            if (kind.isPresent()) {
                Integer rank = r.get("index_rank", Integer.class);
                found.add(new SplitColumn(r.get("attname", String.class), Sql.boolOf(r, "attnotnull"),
                        r.get("base_type", String.class), kind.get(), rank == null ? -1 : rank));
            }
        }
        return found;
    }

    /** The least and greatest finite values of this column in the table; empty for an empty table. */
    Optional<Span> span(Connection c, Table table) throws SQLException {
        return span(c, table.name().quoted());
    }

    /**
     * The least and greatest finite values of this column in {@code from}, a table's quoted name (after
     * {@code ONLY} for an inheritance parent's own rows); empty for an empty table.
     */
    Optional<Span> span(Connection c, String from) throws SQLException {
        String col = Sql.id(name);
        // Separate min() and max() with WHERE (not FILTER), so that PostgreSQL reads each from an index's end.
        String min = "(SELECT min(" + col + ") FROM " + from + " WHERE pg_catalog.isfinite(" + col + "))";
        String max = "(SELECT max(" + col + ") FROM " + from + " WHERE pg_catalog.isfinite(" + col + "))";
        String sql = switch (kind) {
            case INTEGER -> "SELECT (SELECT min(" + col + ") FROM " + from + ")::int8, (SELECT max(" + col
                    + ") FROM " + from + ")::int8";
            case DATE -> "SELECT " + min + " - DATE '1970-01-01', " + max + " - DATE '1970-01-01'";
            case TIMESTAMP, TIMESTAMPTZ -> "SELECT (EXTRACT(EPOCH FROM " + min + ") * 1000000)::int8, "
                    + "(EXTRACT(EPOCH FROM " + max + ") * 1000000)::int8";
        };
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            long lo = rs.getLong(1);
            if (rs.wasNull()) {
                return Optional.empty();
            }
            return Optional.of(new Span(lo, rs.getLong(2)));
        }
    }
}
