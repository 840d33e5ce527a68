package dev.timescalemigrate.model;

import java.util.List;
import java.util.Objects;

/**
 * A table constraint other than NOT NULL (which is part of {@link Column}).
 *
 * <p>Built with {@link #builder(String, Type)}; {@link #toBuilder()} copies one to change it. Immutable; equal to
 * another constraint with equal fields.
 */
public final class Constraint {

    private final String name;
    private final Type type;
    private final String definition;
    private final List<String> columns;
    private final QualifiedName referencedTable;
    private final List<String> referencedColumns;
    private final ForeignKeyAction onUpdate;
    private final ForeignKeyAction onDelete;
    private final boolean deferrable;
    private final boolean initiallyDeferred;
    private final boolean validated;
    private final String comment;

    private Constraint(Builder builder) {
        this.name = builder.name;
        this.type = builder.type;
        this.definition = builder.definition;
        this.columns = builder.columns;
        this.referencedTable = builder.referencedTable;
        this.referencedColumns = builder.referencedColumns;
        this.onUpdate = builder.onUpdate;
        this.onDelete = builder.onDelete;
        this.deferrable = builder.deferrable;
        this.initiallyDeferred = builder.initiallyDeferred;
        this.validated = builder.validated;
        this.comment = builder.comment;
    }

    /**
     * A builder for the constraint {@code name} of kind {@code type}: no definition, columns or reference until set,
     * validated, not deferrable.
     */
    public static Builder builder(String name, Type type) {
        return new Builder(name, type);
    }

    /** A builder holding this constraint's fields, to change some of them. */
    public Builder toBuilder() {
        return builder(name, type).definition(definition).columns(columns).referencedTable(referencedTable)
                .referencedColumns(referencedColumns).onUpdate(onUpdate).onDelete(onDelete).deferrable(deferrable)
                .initiallyDeferred(initiallyDeferred).validated(validated).comment(comment);
    }

    /** Constraint name. */
    public String name() {
        return name;
    }

    /** Its kind. */
    public Type type() {
        return type;
    }

    /** The constraint as PostgreSQL prints it, e.g. {@code FOREIGN KEY (a) REFERENCES ...}. */
    public String definition() {
        return definition;
    }

    /** The constrained columns in key order (empty for a CHECK on an expression). */
    public List<String> columns() {
        return columns;
    }

    /** The referenced table of a foreign key, else {@code null}. */
    public QualifiedName referencedTable() {
        return referencedTable;
    }

    /** The referenced columns of a foreign key, else empty. */
    public List<String> referencedColumns() {
        return referencedColumns;
    }

    /** The ON UPDATE action of a foreign key, else {@code null}. */
    public ForeignKeyAction onUpdate() {
        return onUpdate;
    }

    /** The ON DELETE action of a foreign key, else {@code null}. */
    public ForeignKeyAction onDelete() {
        return onDelete;
    }

    /** DEFERRABLE. */
    public boolean deferrable() {
        return deferrable;
    }

    /** INITIALLY DEFERRED. */
    public boolean initiallyDeferred() {
        return initiallyDeferred;
    }

    /** False for a constraint added NOT VALID and not validated since. */
    public boolean validated() {
        return validated;
    }

    /** Comment or {@code null}. */
    public String comment() {
        return comment;
    }

    /** Constraint kinds. */
    public enum Type {
        /** PRIMARY KEY. */
        PRIMARY_KEY,
        /** UNIQUE. */
        UNIQUE,
        /** CHECK. */
        CHECK,
        /** EXCLUDE. */
        EXCLUSION,
        /** FOREIGN KEY. */
        FOREIGN_KEY
    }

    /** Referential actions. */
    public enum ForeignKeyAction {
        /** NO ACTION. */
        NO_ACTION,
        /** RESTRICT. */
        RESTRICT,
        /** CASCADE. */
        CASCADE,
        /** SET NULL. */
        SET_NULL,
        /** SET DEFAULT. */
        SET_DEFAULT
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof Constraint that
                && Objects.equals(name, that.name) && Objects.equals(type, that.type)
                && Objects.equals(definition, that.definition) && Objects.equals(columns, that.columns)
                && Objects.equals(referencedTable, that.referencedTable)
                && Objects.equals(referencedColumns, that.referencedColumns)
                && Objects.equals(onUpdate, that.onUpdate) && Objects.equals(onDelete, that.onDelete)
                && deferrable == that.deferrable && initiallyDeferred == that.initiallyDeferred
                && validated == that.validated && Objects.equals(comment, that.comment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, definition, columns, referencedTable, referencedColumns, onUpdate, onDelete,
                deferrable, initiallyDeferred, validated, comment);
    }

    @Override
    public String toString() {
        return "Constraint[name=" + name + ", type=" + type + ", definition=" + definition + ", columns=" + columns
                + ", referencedTable=" + referencedTable + ", referencedColumns=" + referencedColumns
                + ", onUpdate=" + onUpdate + ", onDelete=" + onDelete + ", deferrable=" + deferrable
                + ", initiallyDeferred=" + initiallyDeferred + ", validated=" + validated
                + ", comment=" + comment + "]";
    }

    /** Builds a {@link Constraint}. Not thread-safe. */
    public static final class Builder {
        private String name;
        private Type type;
        private String definition;
        private List<String> columns = List.of();
        private QualifiedName referencedTable;
        private List<String> referencedColumns = List.of();
        private ForeignKeyAction onUpdate;
        private ForeignKeyAction onDelete;
        private boolean deferrable;
        private boolean initiallyDeferred;
        private boolean validated = true;
        private String comment;

        private Builder(String name, Type type) {
            this.name = Objects.requireNonNull(name, "name");
            this.type = Objects.requireNonNull(type, "type");
        }

        /** Constraint name. Required. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Its kind. Required. */
        public Builder type(Type type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        /**
         * The constraint as PostgreSQL prints it, e.g. {@code FOREIGN KEY (a) REFERENCES ...}. Default: {@code null}.
         */
        public Builder definition(String definition) {
            this.definition = definition;
            return this;
        }

        /** The constrained columns in key order (empty for a CHECK on an expression). Default: empty. */
        public Builder columns(List<String> columns) {
            this.columns = List.copyOf(columns);
            return this;
        }

        /** The referenced table of a foreign key, else {@code null}. Default: {@code null}. */
        public Builder referencedTable(QualifiedName referencedTable) {
            this.referencedTable = referencedTable;
            return this;
        }

        /** The referenced columns of a foreign key, else empty. Default: empty. */
        public Builder referencedColumns(List<String> referencedColumns) {
            this.referencedColumns = List.copyOf(referencedColumns);
            return this;
        }

        /** The ON UPDATE action of a foreign key, else {@code null}. Default: {@code null}. */
        public Builder onUpdate(ForeignKeyAction onUpdate) {
            this.onUpdate = onUpdate;
            return this;
        }

        /** The ON DELETE action of a foreign key, else {@code null}. Default: {@code null}. */
        public Builder onDelete(ForeignKeyAction onDelete) {
            this.onDelete = onDelete;
            return this;
        }

        /** DEFERRABLE. Default: false. */
        public Builder deferrable(boolean deferrable) {
            this.deferrable = deferrable;
            return this;
        }

        /** INITIALLY DEFERRED. Default: false. */
        public Builder initiallyDeferred(boolean initiallyDeferred) {
            this.initiallyDeferred = initiallyDeferred;
            return this;
        }

        /** False for a constraint added NOT VALID and not validated since. Default: true. */
        public Builder validated(boolean validated) {
            this.validated = validated;
            return this;
        }

        /** Comment or {@code null}. Default: {@code null}. */
        public Builder comment(String comment) {
            this.comment = comment;
            return this;
        }

        /** The constraint. */
        public Constraint build() {
            return new Constraint(this);
        }
    }
}
