package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.exception.DataTransferException;
import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.Constraint;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The relations of a {@code pgoutput} stream and where their rows go: each to its migrated table, a TimescaleDB
 * chunk to its hypertable. Before the first change of a relation is applied, its published columns (names and
 * types, as the source decoded them for that change) are compared with the migrated table's: a followed table
 * whose columns changed on the source (DDL, which logical replication does not carry) stops the run with
 * {@link SourceChanged}.
 */
final class Relations {

    /**
     * A relation of the stream and where its rows go.
     *
     * @param rowKeyed whether a row of it is told apart from every other by its replica identity alone (a primary
     *                 key and no other unique or exclusion constraint or unique index), so that changes of different
     *                 keys may be applied in any order; otherwise every change of the table is ordered
     */
    record Target(QualifiedName source, QualifiedName table, PgOutput.Relation relation, boolean chunk,
                  boolean rowKeyed) {
    }

    private final Function<QualifiedName, Optional<QualifiedName>> hypertableOfChunk;
    private final Map<QualifiedName, Table> tables;
    private final BiFunction<Integer, Integer, String> typeName;
    private final Set<QualifiedName> ordered;
    private final Map<Integer, Target> relations = new HashMap<>();
    private final Set<Integer> checked = new HashSet<>();

    /**
     * @param hypertableOfChunk the hypertable a relation of the source is a chunk of, if it is one
     * @param tables            the migrated tables by name, as the source has them
     * @param typeName          a type's name on the source from its oid and modifier ({@code format_type}, with the
     *                          empty search_path the model's column types were read with)
     * @param ordered           tables whose changes stay in order as a whole (compressed hypertables: an update or
     *                          delete decompresses a whole batch of rows, which two transactions must not do at
     *                          once)
     */
    Relations(Function<QualifiedName, Optional<QualifiedName>> hypertableOfChunk, Map<QualifiedName, Table> tables,
              BiFunction<Integer, Integer, String> typeName, Set<QualifiedName> ordered) {
        this.hypertableOfChunk = hypertableOfChunk;
        this.tables = tables;
        this.typeName = typeName;
        this.ordered = ordered;
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

    /** Learns where a relation's rows go; sent again by the source when the relation changed. */
    void relation(PgOutput.Relation r) {
        QualifiedName name = QualifiedName.of(r.schema(), r.name());
        checked.remove(r.oid());
        if (tables.containsKey(name)) {
            relations.put(r.oid(), new Target(name, name, r, false, rowKeyed(name, r)));
            return;
        }
        QualifiedName hypertable = hypertableOfChunk.apply(name).orElse(null);
        if (hypertable == null || !tables.containsKey(hypertable)) {
            throw new DataTransferException("The source published changes of " + name + ", which is neither a "
                    + "migrated table nor a chunk of a migrated hypertable; the publication was changed while it "
                    + "was followed.", name.toString(), null, null, null);
        }
        relations.put(r.oid(), new Target(name, hypertable, r, true, rowKeyed(hypertable, r)));
    }

    /**
     * Where the rows of relation {@code oid} go, its columns checked against the migrated table's the first time
     * after each description.
     *
     * @throws SourceChanged when they differ
     */
    Target target(int oid) {
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

    private boolean rowKeyed(QualifiedName table, PgOutput.Relation r) {
        Table model = tables.get(table);
        long unique = model.constraints().stream().filter(c -> c.type() == Constraint.Type.PRIMARY_KEY
                || c.type() == Constraint.Type.UNIQUE || c.type() == Constraint.Type.EXCLUSION).count();
        return !ordered.contains(table) && r.identity() == 'd' && model.primaryKey().isPresent() && unique == 1
                && model.indexes().stream().noneMatch(i -> i.unique())
                && r.columns().stream().anyMatch(PgOutput.Column::key);
    }
}
