package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.exception.VerificationException;
import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.adapter.Verifier;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Row count and an order-independent checksum of a table, computed by the database in one query: each row's
 * text form ({@code ROW(every column, generated ones included, in model order)::text}) is hashed with md5, and
 * the two 64-bit halves of the hashes are summed separately as numeric (no overflow; unlike XOR, a pair of
 * equal rows does not cancel out). Both sides' connections use the same session settings (date style, time
 * zone, float digits, bytea and interval output), so equal data has equal text on both sides.
 */
final class PgVerifier implements Verifier {

    private final ConnectionPool source;
    private final ConnectionPool target;
    private final SnapshotCoordinator snapshot;
    private final Set<QualifiedName> parents;

    /**
     * @param snapshot the exported snapshot the source is read in, or {@code null} for the source's present state
     * @param parents  the source's inheritance parents: each side of one is checksummed with ONLY (its own rows;
     *                 its children are verified as tables of their own)
     */
    PgVerifier(ConnectionPool source, ConnectionPool target, SnapshotCoordinator snapshot,
               Set<QualifiedName> parents) {
        this.parents = parents;
        this.snapshot = snapshot;
        this.source = source;
        this.target = target;
    }

    @Override
    public Checksum source(Table table, dev.timescalemigrate.spi.CopyUnit.Range rows) {
        return checksum(source, table, table.name(), parents.contains(table.name()), snapshot, rows);
    }

    @Override
    public Checksum target(Table table, QualifiedName targetTable, dev.timescalemigrate.spi.CopyUnit.Range rows) {
        return checksum(target, table, targetTable, parents.contains(table.name()), null, rows);
    }

    /** The query that checksums {@code relation} with the columns of {@code table}. */
    static String query(Table table, QualifiedName relation) {
        return query(table, relation, false);
    }

    /** The query that checksums {@code relation} ({@code ONLY} its own rows if so) with the columns of {@code table}. */
    static String query(Table table, QualifiedName relation, boolean only) {
        return query(table, relation, only, null);
    }

    /** The query that checksums the rows in {@code rows} ({@code null}: every row) of {@code relation}. */
    static String query(Table table, QualifiedName relation, boolean only, dev.timescalemigrate.spi.CopyUnit.Range rows) {
        String where = CopyStatements.predicate(rows);
        String columns = table.columns().stream().map(Column::name).map(Sql::id).collect(Collectors.joining(", "));
        return "SELECT pg_catalog.count(*), "
                + "COALESCE(pg_catalog.sum(('x' || pg_catalog.substr(h, 1, 16))::bit(64)::int8::numeric), 0)::text, "
                + "COALESCE(pg_catalog.sum(('x' || pg_catalog.substr(h, 17, 16))::bit(64)::int8::numeric), 0)::text "
                + "FROM (SELECT pg_catalog.md5(ROW(" + columns + ")::text) AS h FROM " + (only ? "ONLY " : "")
                + relation.quoted() + (where == null ? "" : " WHERE " + where) + ") r";
    }

    private static Checksum checksum(ConnectionPool pool, Table table, QualifiedName relation, boolean only,
                                     SnapshotCoordinator snapshot, dev.timescalemigrate.spi.CopyUnit.Range rows) {
        String sql = query(table, relation, only, rows);
        try {
            return pool.inSnapshot(snapshot, c -> {
                try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Checksum(rs.getLong(1), rs.getString(2) + ":" + rs.getString(3));
                }
            });
        } catch (SQLException e) {
            throw new VerificationException("Computing the checksum of " + relation + " on the " + pool.role()
                    + " failed: " + PgErrors.describe(e),
                    e.getSQLState(), e);
        }
    }
}
