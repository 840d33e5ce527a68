package dev.timescalemigrate.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An ordinary or partitioned table, or a partition.
 *
 * <p>Built with {@link #builder(QualifiedName)}; {@link #toBuilder()} copies one to change it. Immutable; equal to
 * another table with equal fields.
 */
public final class Table {

    private final QualifiedName name;
    private final Kind kind;
    private final boolean unlogged;
    private final List<Column> columns;
    private final List<Constraint> constraints;
    private final List<Index> indexes;
    private final List<Trigger> triggers;
    private final String partitionKey;
    private final PartitionOf partitionOf;
    private final List<QualifiedName> inherits;
    private final List<String> options;
    private final QualifiedName ofType;
    private final String accessMethod;
    private final String comment;

    private Table(Builder builder) {
        this.name = builder.name;
        this.kind = builder.kind;
        this.unlogged = builder.unlogged;
        this.columns = builder.columns;
        this.constraints = builder.constraints;
        this.indexes = builder.indexes;
        this.triggers = builder.triggers;
        this.partitionKey = builder.partitionKey;
        this.partitionOf = builder.partitionOf;
        this.inherits = builder.inherits;
        this.options = builder.options;
        this.ofType = builder.ofType;
        this.accessMethod = builder.accessMethod;
        this.comment = builder.comment;
    }

    /** A builder for the table {@code name}: ordinary, logged, with no columns or anything else until set. */
    public static Builder builder(QualifiedName name) {
        return new Builder(name);
    }

    /** A builder holding this table's fields, to change some of them. */
    public Builder toBuilder() {
        return builder(name).kind(kind).unlogged(unlogged).columns(columns).constraints(constraints).indexes(indexes)
                .triggers(triggers).partitionKey(partitionKey).partitionOf(partitionOf).inherits(inherits).options(options)
                .ofType(ofType).accessMethod(accessMethod).comment(comment);
    }

    /** Schema-qualified name. */
    public QualifiedName name() {
        return name;
    }

    /** Ordinary or partitioned. */
    public Kind kind() {
        return kind;
    }

    /** Whether it is UNLOGGED. */
    public boolean unlogged() {
        return unlogged;
    }

    /** Its columns in order; a partition lists the columns it inherits too. */
    public List<Column> columns() {
        return columns;
    }

    /**
     * Primary, unique, check, exclusion and foreign keys declared on this table (constraints a partition inherits from
     * its parent are left out: the parent's create them).
     */
    public List<Constraint> constraints() {
        return constraints;
    }

    /** Indexes that do not back a constraint and are not inherited from a partitioned parent. */
    public List<Index> indexes() {
        return indexes;
    }

    /** User triggers. */
    public List<Trigger> triggers() {
        return triggers;
    }

    /** {@code PARTITION BY} clause body, e.g. {@code RANGE (ts)}, for a partitioned table, else {@code null}. */
    public String partitionKey() {
        return partitionKey;
    }

    /** For a partition: its parent and bound; else {@code null}. */
    public PartitionOf partitionOf() {
        return partitionOf;
    }

    /**
     * The tables it inherits from ({@code INHERITS (p1, p2)}) in their order, empty for a table without parents
     * (a partition's parent is in {@link #partitionOf()}, not here).
     */
    public List<QualifiedName> inherits() {
        return inherits;
    }

    /** Storage parameters ({@code fillfactor=70}), possibly empty. */
    public List<String> options() {
        return options;
    }

    /** For a typed table ({@code CREATE TABLE t OF type}): the composite type; else {@code null}. */
    public QualifiedName ofType() {
        return ofType;
    }

    /** Its table access method ({@code USING heap2}), or {@code null} for {@code heap}, the default. */
    public String accessMethod() {
        return accessMethod;
    }

    /** Comment or {@code null}. */
    public String comment() {
        return comment;
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

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof Table that
                && Objects.equals(name, that.name) && Objects.equals(kind, that.kind) && unlogged == that.unlogged
                && Objects.equals(columns, that.columns) && Objects.equals(constraints, that.constraints)
                && Objects.equals(indexes, that.indexes) && Objects.equals(triggers, that.triggers)
                && Objects.equals(partitionKey, that.partitionKey) && Objects.equals(partitionOf, that.partitionOf)
                && Objects.equals(inherits, that.inherits) && Objects.equals(options, that.options)
                && Objects.equals(ofType, that.ofType) && Objects.equals(accessMethod, that.accessMethod)
                && Objects.equals(comment, that.comment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind, unlogged, columns, constraints, indexes, triggers, partitionKey, partitionOf,
                inherits, options, ofType, accessMethod, comment);
    }

    @Override
    public String toString() {
        return "Table[name=" + name + ", kind=" + kind + ", unlogged=" + unlogged + ", columns=" + columns
                + ", constraints=" + constraints + ", indexes=" + indexes + ", triggers=" + triggers
                + ", partitionKey=" + partitionKey + ", partitionOf=" + partitionOf + ", inherits=" + inherits
                + ", options=" + options + ", ofType=" + ofType + ", accessMethod=" + accessMethod
                + ", comment=" + comment + "]";
    }

    /** Builds a {@link Table}. Not thread-safe. */
    public static final class Builder {
        private QualifiedName name;
        private Kind kind = Kind.ORDINARY;
        private boolean unlogged;
        private List<Column> columns = List.of();
        private List<Constraint> constraints = List.of();
        private List<Index> indexes = List.of();
        private List<Trigger> triggers = List.of();
        private String partitionKey;
        private PartitionOf partitionOf;
        private List<QualifiedName> inherits = List.of();
        private List<String> options = List.of();
        private QualifiedName ofType;
        private String accessMethod;
        private String comment;

        private Builder(QualifiedName name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Schema-qualified name. Required. */
        public Builder name(QualifiedName name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Ordinary or partitioned. Default: {@code Kind.ORDINARY}. */
        public Builder kind(Kind kind) {
            this.kind = kind;
            return this;
        }

        /** Whether it is UNLOGGED. Default: false. */
        public Builder unlogged(boolean unlogged) {
            this.unlogged = unlogged;
            return this;
        }

        /** Its columns in order; a partition lists the columns it inherits too. Default: empty. */
        public Builder columns(List<Column> columns) {
            this.columns = List.copyOf(columns);
            return this;
        }

        /**
         * Primary, unique, check, exclusion and foreign keys declared on this table (constraints a partition inherits
         * from its parent are left out: the parent's create them). Default: empty.
         */
        public Builder constraints(List<Constraint> constraints) {
            this.constraints = List.copyOf(constraints);
            return this;
        }

        /** Indexes that do not back a constraint and are not inherited from a partitioned parent. Default: empty. */
        public Builder indexes(List<Index> indexes) {
            this.indexes = List.copyOf(indexes);
            return this;
        }

        /** User triggers. Default: empty. */
        public Builder triggers(List<Trigger> triggers) {
            this.triggers = List.copyOf(triggers);
            return this;
        }

        /**
         * {@code PARTITION BY} clause body, e.g. {@code RANGE (ts)}, for a partitioned table, else {@code null}.
         * Default: {@code null}.
         */
        public Builder partitionKey(String partitionKey) {
            this.partitionKey = partitionKey;
            return this;
        }

        /** For a partition: its parent and bound; else {@code null}. Default: {@code null}. */
        public Builder partitionOf(PartitionOf partitionOf) {
            this.partitionOf = partitionOf;
            return this;
        }

        /** The tables it inherits from ({@code INHERITS (p1, p2)}) in their order. Default: empty. */
        public Builder inherits(List<QualifiedName> inherits) {
            this.inherits = List.copyOf(inherits);
            return this;
        }

        /** Storage parameters ({@code fillfactor=70}), possibly empty. Default: empty. */
        public Builder options(List<String> options) {
            this.options = List.copyOf(options);
            return this;
        }

        /** For a typed table: the composite type it is {@code OF}; else {@code null}. Default: {@code null}. */
        public Builder ofType(QualifiedName ofType) {
            this.ofType = ofType;
            return this;
        }

        /** Its table access method, {@code null} for {@code heap} (the default). Default: {@code null}. */
        public Builder accessMethod(String accessMethod) {
            this.accessMethod = accessMethod;
            return this;
        }

        /** Comment or {@code null}. Default: {@code null}. */
        public Builder comment(String comment) {
            this.comment = comment;
            return this;
        }

        /** The table. */
        public Table build() {
            return new Table(this);
        }
    }
}
