package dev.timescalemigrate.model;

import java.util.Objects;

/**
 * Names one object of a {@link DatabaseModel} (or one separately creatable part of it, such as a column default)
 * as the source database's dependency records see it, so that DDL can be ordered by what depends on what.
 *
 * <p>Made with the factory methods, which derive the reference from the model object itself: the reference of a
 * table is {@code ObjectRef.table(table.name())}, of a routine {@code ObjectRef.routine(routine.signature())}.
 * Objects carried as {@link CatalogObject} use {@link #catalog(String, String)} with PostgreSQL's own object type
 * and identity ({@code pg_identify_object}).
 *
 * @param kind     what is referenced
 * @param identity the object's identity within its kind, e.g. {@code "public"."t"} or
 *                 {@code "public"."t"."c"} for a column default
 */
public record ObjectRef(Kind kind, String identity) {

    /** What an {@link ObjectRef} points at. */
    public enum Kind {
        EXTENSION, SCHEMA, TYPE, DOMAIN_CONSTRAINT, ROUTINE, SEQUENCE, TABLE, COLUMN_DEFAULT, TABLE_CONSTRAINT,
        VIEW, CATALOG_OBJECT
    }

    public ObjectRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(identity, "identity");
    }

    public static ObjectRef extension(String name) {
        return new ObjectRef(Kind.EXTENSION, name);
    }

    public static ObjectRef schema(String name) {
        return new ObjectRef(Kind.SCHEMA, name);
    }

    public static ObjectRef type(QualifiedName name) {
        return new ObjectRef(Kind.TYPE, name.quoted());
    }

    /** A named constraint of a domain. */
    public static ObjectRef domainConstraint(QualifiedName domain, String constraint) {
        return new ObjectRef(Kind.DOMAIN_CONSTRAINT, domain.quoted() + "." + SqlIdentifiers.quote(constraint));
    }

    /** A function or procedure, by {@link Routine#signature()}. */
    public static ObjectRef routine(String signature) {
        return new ObjectRef(Kind.ROUTINE, signature);
    }

    public static ObjectRef sequence(QualifiedName name) {
        return new ObjectRef(Kind.SEQUENCE, name.quoted());
    }

    public static ObjectRef table(QualifiedName name) {
        return new ObjectRef(Kind.TABLE, name.quoted());
    }

    /** The default expression of a table's column. */
    public static ObjectRef columnDefault(QualifiedName table, String column) {
        return new ObjectRef(Kind.COLUMN_DEFAULT, table.quoted() + "." + SqlIdentifiers.quote(column));
    }

    /** A constraint of a table. */
    public static ObjectRef tableConstraint(QualifiedName table, String constraint) {
        return new ObjectRef(Kind.TABLE_CONSTRAINT, table.quoted() + "." + SqlIdentifiers.quote(constraint));
    }

    /** A view or materialized view. */
    public static ObjectRef view(QualifiedName name) {
        return new ObjectRef(Kind.VIEW, name.quoted());
    }

    /**
     * An object carried as a {@link CatalogObject}.
     *
     * @param type     PostgreSQL's name of its kind, as {@code pg_identify_object} gives it (e.g. {@code aggregate})
     * @param identity its identity as {@code pg_identify_object} gives it (e.g. {@code public.mysum(integer)})
     */
    public static ObjectRef catalog(String type, String identity) {
        return new ObjectRef(Kind.CATALOG_OBJECT, type + " " + identity);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " " + identity;
    }
}
