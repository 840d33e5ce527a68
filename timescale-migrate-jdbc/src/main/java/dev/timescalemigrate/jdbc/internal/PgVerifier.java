package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.adapter.Verifier;
import dev.timescalemigrate.exception.VerificationException;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.spi.CopyUnit;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * Row count and an order-independent digest of a table's rows ({@link RowDigest}), computed in the JVM from a
 * {@code COPY ... TO STDOUT} of the rows: the same columns (every one but generated ones), the same format
 * ({@link CopyFormats}) and the same statement the copy reads the source with, so the digest the copy computed of
 * a unit as it streamed (stored with its checkpoint) compares with the target's digest of that unit's rows. Both
 * sides' connections use the same session settings (date style, time zone, float digits, bytea and interval
 * output), so equal data in text form has equal bytes on both sides. The servers only read and send rows, which
 * costs them less than hashing each row's text in SQL.
 */
final class PgVerifier implements Verifier {

    private final ConnectionPool source;
    private final ConnectionPool target;
    private final SnapshotCoordinator snapshot;
    private final Set<QualifiedName> parents;
    private final CopyFormats formats;
    private final PgCheckpointStore checkpoints;

    /**
     * @param snapshot the exported snapshot the source is read in, or {@code null} for the source's present state
     * @param parents  the source's inheritance parents: each side of one is read with ONLY (its own rows; its
     *                 children are verified as tables of their own)
     * @param formats  the COPY format of each table, as the copy chose it
     * @param checkpoints the store that holds the digests the copies took
     */
    PgVerifier(ConnectionPool source, ConnectionPool target, SnapshotCoordinator snapshot,
               Set<QualifiedName> parents, CopyFormats formats, PgCheckpointStore checkpoints) {
        this.checkpoints = checkpoints;
        this.parents = parents;
        this.snapshot = snapshot;
        this.source = source;
        this.target = target;
        this.formats = formats;
    }

    @Override
    public Checksum source(Table table, CopyUnit.Range rows) {
        return digest(source, table, table.name(), snapshot, rows);
    }

    @Override
    public Checksum target(Table table, QualifiedName targetTable, CopyUnit.Range rows) {
        return digest(target, table, targetTable, null, rows);
    }

    @Override
    public java.util.Map<String, Checksum> copiedDigests(Table table) {
        return checkpoints.copiedDigests(table.name(), RowDigest.descriptor(formats.of(table), table));
    }

    /** The fewest heap pages (8 KiB each, by default) a part of a table read in parallel has. */
    static final long MIN_PART_PAGES = 2048;

    @Override
    public List<CopyUnit.Range> parts(Table table, QualifiedName relation, boolean onTarget, int count) {
        ConnectionPool pool = onTarget ? target : source;
        try {
            Long pages = pool.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.pg_relation_size(c.oid, 'main') "
                        + "/ pg_catalog.current_setting('block_size')::int8 FROM pg_catalog.pg_class c "
                        + "WHERE c.oid = pg_catalog.to_regclass(?) AND c.relkind IN ('r', 'm') "
                        + "AND NOT c.relhassubclass")) {
                    ps.setString(1, relation.quoted());
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? rs.getLong(1) : null;
                    }
                }
            });
            int n = pages == null ? 1 : (int) Math.min(count, pages / MIN_PART_PAGES);
            return n < 2 ? java.util.Collections.singletonList(null) : UnitSplitter.ctidRanges(pages, n);
        } catch (SQLException e) {
            throw new VerificationException("Reading the size of " + relation + " on the " + pool.role()
                    + " failed: " + PgErrors.describe(e), e.getSQLState(), e);
        }
    }

    /** The statement that reads the rows in {@code rows} ({@code null}: every row) of {@code relation}. */
    String statement(Table table, QualifiedName relation, CopyUnit.Range rows) {
        String from = (parents.contains(table.name()) ? "ONLY " : "") + relation.quoted();
        return CopyStatements.copyOut(table, rows, formats.of(table), from);
    }

    private Checksum digest(ConnectionPool pool, Table table, QualifiedName relation, SnapshotCoordinator snapshot,
                            CopyUnit.Range rows) {
        CopyFormats.Format format = formats.of(table);
        String sql = statement(table, relation, rows);
        try {
            return pool.inSnapshot(snapshot, c -> {
                RowDigest digest = RowDigest.of(format);
                CopyOut out = c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
                try {
                    byte[] data;
                    while ((data = out.readFromCopy()) != null) {
                        digest.update(data);
                    }
                    return digest.checksum();
                } catch (IllegalStateException e) {
                    throw new VerificationException("Reading the rows of " + relation + " on the " + pool.role()
                            + " to compare them failed: " + e.getMessage(), null, e);
                } finally {
                    if (out.isActive()) {
                        // a COPY left running makes the connection unusable: the pool then drops it
                        try {
                            out.cancelCopy();
                        } catch (SQLException e) {
                            c.close();
                        }
                    }
                }
            });
        } catch (SQLException e) {
            throw new VerificationException("Reading the rows of " + relation + " on the " + pool.role()
                    + " to compare them failed: " + PgErrors.describe(e), e.getSQLState(), e);
        }
    }
}
