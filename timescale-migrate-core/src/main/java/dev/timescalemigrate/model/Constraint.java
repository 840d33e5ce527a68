package dev.timescalemigrate.model;

import java.util.List;

/**
 * A table constraint other than NOT NULL (which is part of {@link Column}).
 *
 * @param name              constraint name
 * @param type              its kind
 * @param definition        the constraint as PostgreSQL prints it, e.g. {@code FOREIGN KEY (a) REFERENCES ...}
 * @param columns           the constrained columns in key order (empty for a CHECK on an expression)
 * @param referencedTable   the referenced table of a foreign key, else {@code null}
 * @param referencedColumns the referenced columns of a foreign key, else empty
 * @param onUpdate          the ON UPDATE action of a foreign key, else {@code null}
 * @param onDelete          the ON DELETE action of a foreign key, else {@code null}
 * @param deferrable        DEFERRABLE
 * @param initiallyDeferred INITIALLY DEFERRED
 * @param validated         false for a constraint added NOT VALID and not validated since
 * @param comment           comment or {@code null}
 */
public record Constraint(String name, Type type, String definition, List<String> columns,
                         QualifiedName referencedTable, List<String> referencedColumns,
                         ForeignKeyAction onUpdate, ForeignKeyAction onDelete,
                         boolean deferrable, boolean initiallyDeferred, boolean validated, String comment) {

    public Constraint {
        columns = List.copyOf(columns);
        referencedColumns = List.copyOf(referencedColumns);
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
}
