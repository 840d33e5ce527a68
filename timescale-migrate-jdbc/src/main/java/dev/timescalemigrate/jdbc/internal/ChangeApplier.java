package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.exception.DataTransferException;
import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Applies decoded {@code pgoutput} changes to the target on one connection, in the caller's transaction: each
 * relation (a TimescaleDB chunk mapped to its hypertable) to its table on the target, values passed as text
 * parameters of unspecified type so that the target reads them with its own column types. Row changes between
 * TimescaleDB's compression or decompression markers are TimescaleDB moving rows inside the source and are not
 * replayed. An update or delete that finds no row on the target stops the run: the target no longer follows.
 *
 * <p>Before the first change of a relation is applied, its published columns (names and types, as the source
 * decoded them for that change) are compared with the migrated table's: a followed table whose columns changed on
 * the source (DDL, which logical replication does not carry) stops the run with {@link SourceChanged}.
 */
final class ChangeApplier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeApplier.class);
    private static final String MARKER = "::timescaledb-";
    /** Changes sent in one JDBC batch at most (the driver holds their parameters until then). */
    private static final int MAX_BATCH = 1000;

    /** A relation of the stream and where its rows go. */
    private record Target(QualifiedName source, QualifiedName table, PgOutput.Relation relation, boolean chunk) {
    }

    private final Connection connection;
    private final Function<QualifiedName, Optional<QualifiedName>> hypertableOfChunk;
    private final Map<QualifiedName, Table> tables;
    private final BiFunction<Integer, Integer, String> typeName;
    private final Map<Integer, Target> relations = new HashMap<>();
    private final Set<Integer> checked = new HashSet<>();
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private boolean inMarker;
    private long changes;
    private String batched;
    private Target batchTarget;
    private String batchKind;
    private int batchSize;

    /**
     * @param hypertableOfChunk the hypertable a relation of the source is a chunk of, if it is one
     * @param tables            the migrated tables by name, as the source has them
     * @param typeName          a type's name on the source from its oid and modifier ({@code format_type}, with the
     *                          empty search_path the model's column types were read with)
     */
    ChangeApplier(Connection connection, Function<QualifiedName, Optional<QualifiedName>> hypertableOfChunk,
                  Map<QualifiedName, Table> tables, BiFunction<Integer, Integer, String> typeName) {
        this.connection = connection;
        this.hypertableOfChunk = hypertableOfChunk;
        this.tables = tables;
        this.typeName = typeName;
    }

    /** A followed table's columns differ on the source from the migrated table's. */
    static final class SourceChanged extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final QualifiedName table;

        SourceChanged(QualifiedName table, String message) {
            super(message);
            this.table = table;
        }

        QualifiedName table() {
            return table;
        }
    }

    /**
     * Keeps the target's triggers and foreign keys from acting on rows the source already checked and whose own
     * triggers' effects arrive as changes of their own, where the target's user may ({@code
     * session_replication_role = replica}, as PostgreSQL's own apply workers do).
     */
    void prepareSession() {
        try (Statement s = connection.createStatement()) {
            s.execute("SET session_replication_role = replica");
            connection.commit();
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the next statement reports a broken connection
            }
            LOG.warn("The target's user cannot set session_replication_role = replica ({}): the target's triggers "
                    + "fire for the changes applied, and foreign keys check them", PgErrors.describe(e));
        }
    }

    /** A source transaction starts. */
    void begin() {
        inMarker = false;
        changes = 0;
    }

    /** The row changes applied since {@link #begin()}. */
    long changesInTransaction() {
        return changes;
    }

    /** Applies one message of a transaction. */
    void apply(PgOutput.Message message) throws SQLException {
        switch (message) {
            case PgOutput.Relation r -> relation(r);
            case PgOutput.Logical m -> marker(m);
            case PgOutput.Insert i -> {
                if (!inMarker) {
                    insert(target(i.relation()), i.row());
                }
            }
            case PgOutput.Update u -> {
                if (!inMarker) {
                    update(target(u.relation()), u);
                }
            }
            case PgOutput.Delete d -> {
                if (!inMarker) {
                    delete(target(d.relation()), d);
                }
            }
            case PgOutput.Truncate t -> {
                if (!inMarker) {
                    truncate(t);
                }
            }
            default -> {
                // begin, commit and ignored kinds are the caller's
            }
        }
    }

    private void marker(PgOutput.Logical m) {
        if (!m.prefix().startsWith(MARKER)) {
            return;
        }
        if (m.prefix().endsWith("-start")) {
            inMarker = true;
        } else if (m.prefix().endsWith("-end")) {
            inMarker = false;
        }
    }

    /** Learns where a relation's rows go; sent again by the source when the relation changed. */
    private void relation(PgOutput.Relation r) {
        QualifiedName name = QualifiedName.of(r.schema(), r.name());
        checked.remove(r.oid());
        if (tables.containsKey(name)) {
            relations.put(r.oid(), new Target(name, name, r, false));
            return;
        }
        QualifiedName hypertable = hypertableOfChunk.apply(name).orElse(null);
        if (hypertable == null || !tables.containsKey(hypertable)) {
            throw new DataTransferException("The source published changes of " + name + ", which is neither a "
                    + "migrated table nor a chunk of a migrated hypertable; the publication was changed while it "
                    + "was followed.", name.toString(), null, null, null);
        }
        relations.put(r.oid(), new Target(name, hypertable, r, true));
    }

    private Target target(int oid) {
        Target t = relations.get(oid);
        if (t == null) {
            throw new DataTransferException("The source sent a change of relation " + oid + " before describing it",
                    null, null, null, null);
        }
        if (checked.add(oid)) {
            checkColumns(t);
        }
        return t;
    }

    /** Stops the run when the relation's published columns are not the migrated table's. */
    private void checkColumns(Target t) {
        Map<String, String> migrated = new LinkedHashMap<>();
        for (Column c : tables.get(t.table()).columns()) {
            if (!c.isGenerated()) { // not published
                migrated.put(c.name(), c.type());
            }
        }
        Map<String, String> published = new LinkedHashMap<>();
        for (PgOutput.Column c : t.relation().columns()) {
            published.put(c.name(), typeName.apply(c.typeOid(), c.typeMod()));
        }
        if (migrated.equals(published)) {
            return;
        }
        List<String> differences = new ArrayList<>();
        published.forEach((name, type) -> {
            String before = migrated.get(name);
            if (before == null) {
                differences.add("column " + Sql.id(name) + " " + type + " added");
            } else if (!before.equals(type)) {
                differences.add("column " + Sql.id(name) + " changed from " + before + " to " + type);
            }
        });
        migrated.keySet().stream().filter(name -> !published.containsKey(name))
                .forEach(name -> differences.add("column " + Sql.id(name) + " dropped"));
        throw new SourceChanged(t.table(), "The columns of " + t.table()
                + (t.chunk() ? " (in its chunk " + t.source() + ")" : "") + " changed on the source while it was "
                + "followed: " + String.join(", ", differences) + ". Logical replication does not carry schema "
                + "changes.");
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

    private void truncate(PgOutput.Truncate t) throws SQLException {
        Set<QualifiedName> targets = new LinkedHashSet<>();
        List<Target> chunks = new ArrayList<>();
        for (int oid : t.relations()) {
            Target target = target(oid);
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
