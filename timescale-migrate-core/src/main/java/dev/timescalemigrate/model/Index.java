package dev.timescalemigrate.model;

import java.util.List;

/**
 * An index that does not back a constraint.
 *
 * @param name        index name (in its table's schema)
 * @param unique      UNIQUE
 * @param method      access method, e.g. {@code btree}, {@code gin}, {@code brin}
 * @param keys        key columns or expressions in order, as PostgreSQL prints them
 * @param included    INCLUDE columns
 * @param predicate   the WHERE clause of a partial index, or {@code null}
 * @param definition  the complete {@code CREATE INDEX} statement as PostgreSQL prints it
 * @param comment     comment or {@code null}
 */
public record Index(String name, boolean unique, String method, List<String> keys, List<String> included,
                    String predicate, String definition, String comment) {

    public Index {
        keys = List.copyOf(keys);
        included = List.copyOf(included);
    }
}
