package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;

import java.util.HashSet;
import java.util.Set;

/**
 * How a table's own rows are read when it is an inheritance parent: {@code FROM ONLY parent}, since a query of the
 * parent reads its children's rows too, and each child is copied, estimated and verified as a table of its own. A
 * hypertable is read without ONLY: its children are its chunks, which are not tables of the model.
 */
final class Inheritance {

    private Inheritance() {
    }

    /** The tables of {@code model} that other tables of it inherit from, hypertables left out. */
    static Set<QualifiedName> parents(DatabaseModel model) {
        Set<QualifiedName> parents = new HashSet<>();
        for (Table t : model.tables()) {
            parents.addAll(t.inherits());
        }
        parents.removeIf(p -> model.timescale().hypertable(p).isPresent());
        return Set.copyOf(parents);
    }

    /** {@code ONLY "schema"."table"} for one of {@code parents}, else {@code "schema"."table"}: to follow FROM. */
    static String relation(QualifiedName table, Set<QualifiedName> parents) {
        return (parents.contains(table) ? "ONLY " : "") + table.quoted();
    }

    /** {@link #relation(QualifiedName, Set)} with the parents of {@code model}. */
    static String relation(QualifiedName table, DatabaseModel model) {
        return relation(table, parents(model));
    }
}
