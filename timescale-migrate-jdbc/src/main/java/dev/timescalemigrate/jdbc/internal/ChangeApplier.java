package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.exception.DataTransferException;
import dev.timescalemigrate.jdbc.internal.Relations.Target;
import dev.timescalemigrate.model.QualifiedName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies decoded {@code pgoutput} row changes to the target on one connection, in the caller's transaction: each
 * to the table its {@link Relations.Target} names (a TimescaleDB chunk's to its hypertable), values passed as text
 * parameters of unspecified type so that the target reads them with its own column types. An update or delete that
 * finds no row on the target stops the run: the target no longer follows. Not thread-safe: one per connection.
 */
final class ChangeApplier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeApplier.class);
    /** Changes sent in one JDBC batch at most (the driver holds their parameters until then). */
    private static final int MAX_BATCH = 1000;

    /**
     * A change and where it goes: a row change of {@code target}, or a truncate of the {@code truncated} relations.
     */
    record Change(Target target, PgOutput.Message message, List<Target> truncated) {
        Change(Target target, PgOutput.Message message) {
            this(target, message, List.of());
        }
    }

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private long changes;
    private String batched;
    private Target batchTarget;
    private String batchKind;
    private int batchSize;

    ChangeApplier(Connection connection) {
        this.connection = connection;
    }

    /**
     * Keeps the target's triggers and foreign keys from acting on rows the source already checked and whose own
     * triggers' effects arrive as changes of their own, where the target's user may ({@code
     * session_replication_role = replica}, as PostgreSQL's own apply workers do).
     */
    boolean prepareSession() {
        try (Statement s = connection.createStatement()) {
            s.execute("SET session_replication_role = replica");
            connection.commit();
            return true;
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the next statement reports a broken connection
            }
            LOG.warn("The target's user cannot set session_replication_role = replica ({}): the target's triggers "
                    + "fire for the changes applied, and foreign keys check them", PgErrors.describe(e));
            return false;
        }
    }

    /** The row changes applied so far (an update applied as a delete and an insert counts once). */
    long changes() {
        return changes;
    }

    /** Applies a change: an insert, update, delete or truncate. */
    void apply(Change change) throws SQLException {
        switch (change.message()) {
            case PgOutput.Insert i -> insert(change.target(), i.row());
            case PgOutput.Update u -> update(change.target(), u);
            case PgOutput.Delete d -> delete(change.target(), d);
            case PgOutput.Truncate t -> truncate(t, change.truncated());
            default -> throw new IllegalArgumentException("not a row change: " + change.message());
        }
    }

    /**
     * The statement for {@code sql}, its parameters to be set and {@link #add}ed: consecutive changes with the
     * same statement go to the server as one JDBC batch (one round trip), a change with another statement first
     * sends the batch before it, so the target sees the changes in the source's order.
     */
    private PreparedStatement statement(String sql) throws SQLException {
        if (batched != null && !batched.equals(sql)) {
            flush();
        }
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** Adds the change whose parameters are set on {@code ps} to the batch. */
    private void add(PreparedStatement ps, String sql, Target t, String what) throws SQLException {
        ps.addBatch();
        batched = sql;
        batchTarget = t;
        batchKind = what;
        batchSize++;
        changes++;
        if (batchSize >= MAX_BATCH) {
            flush();
        }
    }

    /**
     * Sends the batch of changes added so far; an update or delete that did not find exactly one row on the
     * target stops the run.
     */
    void flush() throws SQLException {
        if (batched == null) {
            return;
        }
        PreparedStatement ps = statements.get(batched);
        String kind = batchKind;
        Target t = batchTarget;
        int size = batchSize;
        batched = null;
        batchSize = 0;
        int[] counts = ps.executeBatch();
        if (!kind.equals("insert")) {
            for (int count : counts) {
                if (count != 1 && count != Statement.SUCCESS_NO_INFO) {
                    throw new DataTransferException("The source's " + kind + " of a row of " + t.source()
                            + " found " + count + " rows on the target's " + t.table() + " instead of one (in a batch "
                            + "of " + size + "): the target no longer matches the source (written to while "
                            + "followed?).", t.table().toString(), null, null, null);
                }
            }
        }
    }

    private static String column(PgOutput.Column c) {
        return Sql.id(c.name());
    }

    private void insert(Target t, PgOutput.Tuple row) throws SQLException {
        List<PgOutput.Column> columns = t.relation().columns();
        String sql = "INSERT INTO " + Sql.id(t.table()) + " ("
                + columns.stream().map(ChangeApplier::column).collect(Collectors.joining(", ")) + ") VALUES ("
                + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        PreparedStatement ps = statement(sql);
        for (int i = 0; i < columns.size(); i++) {
            ps.setObject(i + 1, row.values().get(i), Types.OTHER);
        }
        add(ps, sql, t, "insert");
    }

    /**
     * An update: with its key unchanged, the columns other than the key set (TimescaleDB 2.28 refuses an UPDATE
     * that sets a compressed chunk's segmentby or orderby column, even to its own value); with its key or its
     * whole old row given and every new value present, a delete and an insert.
     */
    private void update(Target t, PgOutput.Update u) throws SQLException {
        List<PgOutput.Column> columns = t.relation().columns();
        boolean complete = u.row().values().stream().noneMatch(PgOutput.Tuple::unchanged);
        if (u.old() != null && complete) {
            delete(t, new PgOutput.Delete(u.relation(), u.old(), u.oldIsKey()));
            changes--;
            insert(t, u.row());
            return;
        }
        List<Integer> set = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (!PgOutput.Tuple.unchanged(u.row().values().get(i)) && !(u.old() == null && columns.get(i).key())) {
                set.add(i);
            }
        }
        if (set.isEmpty()) {
            // only key columns, to the values they had
            changes++;
            return;
        }
        Where where = where(t, u.old() != null ? u.old() : u.row(), u.old() == null || u.oldIsKey());
        String sql = "UPDATE " + Sql.id(t.table()) + " SET "
                + set.stream().map(i -> column(columns.get(i)) + " = ?").collect(Collectors.joining(", "))
                + " WHERE " + where.sql();
        PreparedStatement ps = statement(sql);
        int p = 1;
        for (int i : set) {
            ps.setObject(p++, u.row().values().get(i), Types.OTHER);
        }
        where.bind(ps, p);
        add(ps, sql, t, "update");
    }

    private void delete(Target t, PgOutput.Delete d) throws SQLException {
        Where where = where(t, d.old(), d.oldIsKey());
        String sql = "DELETE FROM " + Sql.id(t.table()) + " WHERE " + where.sql();
        PreparedStatement ps = statement(sql);
        where.bind(ps, 1);
        add(ps, sql, t, "delete");
    }

    /** How a row is found on the target: by its replica identity's columns, or, for a whole old row, one row alike. */
    private record Where(String sql, List<String> values) {
        void bind(PreparedStatement ps, int first) throws SQLException {
            for (int i = 0; i < values.size(); i++) {
                ps.setObject(first + i, values.get(i), Types.OTHER);
            }
        }
    }

    private Where where(Target t, PgOutput.Tuple old, boolean keyOnly) {
        List<PgOutput.Column> columns = t.relation().columns();
        List<String> conditions = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            PgOutput.Column c = columns.get(i);
            String v = old.values().get(i);
            if ((keyOnly && !c.key()) || PgOutput.Tuple.unchanged(v)) {
                continue;
            }
            if (keyOnly) {
                conditions.add(column(c) + " = ?");
                values.add(v);
            } else if (v == null) {
                conditions.add(column(c) + " IS NULL");
            } else {
                // every type has a text form, not every type an equality operator (json, point)
                conditions.add(column(c) + "::text = ?::text");
                values.add(v);
            }
        }
        if (conditions.isEmpty()) {
            throw new DataTransferException("A change of " + t.source() + " carries no replica identity to find its "
                    + "row by", t.table().toString(), null, null, null);
        }
        String match = String.join(" AND ", conditions);
        if (keyOnly) {
            return new Where(match, values);
        }
        // REPLICA IDENTITY FULL: rows alike are interchangeable; exactly one of them is the source's
        return new Where("(tableoid, ctid) = (SELECT tableoid, ctid FROM " + Sql.id(t.table()) + " WHERE " + match
                + " LIMIT 1)", values);
    }

    /**
     * Truncates the tables of {@code relations} (the targets of a truncate's relations, in its order); a chunk
     * truncated without its hypertable stops the run.
     */
    private void truncate(PgOutput.Truncate t, List<Target> relations) throws SQLException {
        Set<QualifiedName> targets = new LinkedHashSet<>();
        List<Target> chunks = new ArrayList<>();
        for (Target target : relations) {
            if (target.chunk()) {
                chunks.add(target);
            } else {
                targets.add(target.table());
            }
        }
        for (Target target : chunks) {
            // a hypertable truncated with its chunks is the hypertable's truncate
            if (!targets.contains(target.table())) {
                throw new DataTransferException("The source truncated chunk " + target.source() + " of "
                        + target.table() + " on its own, which a target hypertable cannot repeat; truncate the "
                        + "hypertable or drop chunks with drop_chunks() on the source instead.",
                        target.table().toString(), null, null, null);
            }
        }
        if (targets.isEmpty()) {
            return;
        }
        flush();
        try (Statement s = connection.createStatement()) {
            s.execute("TRUNCATE " + targets.stream().map(Sql::id).collect(Collectors.joining(", "))
                    + (t.restartIdentity() ? " RESTART IDENTITY" : "") + (t.cascade() ? " CASCADE" : ""));
        }
        changes += targets.size();
    }

    @Override
    public void close() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // closing the connection closes it too
            }
        }
        statements.clear();
    }
}
