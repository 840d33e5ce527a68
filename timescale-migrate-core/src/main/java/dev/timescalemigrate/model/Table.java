package dev.timescalemigrate.model;

import java.util.List;
import java.util.Optional;

/**
 * An ordinary or partitioned table, or a partition.
 *
 * @param name         schema-qualified name
 * @param kind         ordinary or partitioned
 * @param unlogged     whether it is UNLOGGED
 * @param columns      its columns in order; a partition lists the columns it inherits too
 * @param constraints  primary, unique, check, exclusion and foreign keys declared on this table (constraints
 *                     a partition inherits from its parent are left out: the parent's create them)
 * @param indexes      indexes that do not back a constraint and are not inherited from a partitioned parent
 * @param triggers     user triggers
 * @param partitionKey {@code PARTITION BY} clause body, e.g. {@code RANGE (ts)}, for a partitioned table, else {@code null}
 * @param partitionOf  for a partition: its parent and bound; else {@code null}
 * @param options      storage parameters ({@code fillfactor=70}), possibly empty
 * @param comment      comment or {@code null}
 */
public record Table(
        QualifiedName name,
        Kind kind,
        boolean unlogged,
        List<Column> columns,
        List<Constraint> constraints,
        List<Index> indexes,
        List<Trigger> triggers,
        String partitionKey,
        PartitionOf partitionOf,
        List<String> options,
        String comment) {

    public Table {
        columns = List.copyOf(columns);
        constraints = List.copyOf(constraints);
        indexes = List.copyOf(indexes);
        triggers = List.copyOf(triggers);
        options = List.copyOf(options);
    }

    /** Ordinary or partitioned. */
    public enum Kind {
        /** A table that stores rows itself (a partition or hypertable included). */
        ORDINARY,
        /** A partitioned table: its rows live in its partitions. */
        PARTITIONED
    }

    /**
     * A partition's place.
     *
     * @param parent the partitioned table
     * @param bound  {@code FOR VALUES ...} or {@code DEFAULT}, as PostgreSQL prints it
     */
    public record PartitionOf(QualifiedName parent, String bound) {
    }

    /** The column of that name, if present. */
    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    /** The primary key, if any. */
    public Optional<Constraint> primaryKey() {
        return constraints.stream().filter(c -> c.type() == Constraint.Type.PRIMARY_KEY).findFirst();
    }

    /** Whether the table holds rows itself (partitioned tables hold none). */
    public boolean holdsRows() {
        return kind == Kind.ORDINARY;
    }
}
