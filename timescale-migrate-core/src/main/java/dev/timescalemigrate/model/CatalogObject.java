package dev.timescalemigrate.model;

import java.util.List;
import java.util.Objects;

/**
 * A PostgreSQL object the model carries as the DDL that recreates it, read from the source's catalog: aggregates,
 * operators, casts, collations, text search objects, rules, row-level security policies and the other kinds that
 * have no type of their own in the model. Migrations create them in dependency order with the typed objects.
 *
 * <p>Built with {@link #builder(String, String)}. Immutable; equal to another with equal fields.
 */
public final class CatalogObject {

    /** When the object is created relative to the data. */
    public enum Section {
        /** Before the data, with types, routines and tables. */
        PRE_DATA,
        /** After the data, with indexes and triggers (rules, policies, publications and the like). */
        POST_DATA
    }

    private final String type;
    private final String identity;
    private final String schema;
    private final QualifiedName table;
    private final Section section;
    private final List<String> statements;
    private final String owner;
    private final String ownedObject;

    private CatalogObject(Builder b) {
        this.type = b.type;
        this.identity = b.identity;
        this.schema = b.schema;
        this.table = b.table;
        this.section = b.section;
        this.statements = b.statements;
        this.owner = b.owner;
        this.ownedObject = b.ownedObject;
    }

    /**
     * A builder.
     *
     * @param type     PostgreSQL's name of the object's kind, as {@code pg_identify_object} gives it, e.g.
     *                 {@code aggregate}, {@code operator}, {@code cast}, {@code rule}, {@code policy}
     * @param identity the object's identity as {@code pg_identify_object} gives it, e.g. {@code public.mysum(integer)}
     */
    public static Builder builder(String type, String identity) {
        return new Builder(type, identity);
    }

    /** A builder holding this object's fields. */
    public Builder toBuilder() {
        return builder(type, identity).schema(schema).table(table).section(section).statements(statements)
                .owner(owner, ownedObject);
    }

    /** The reference other objects' dependencies use for this one. */
    public ObjectRef ref() {
        return ObjectRef.catalog(type, identity);
    }

    /** PostgreSQL's name of the object's kind, e.g. {@code aggregate}. */
    public String type() {
        return type;
    }

    /** The object's identity, e.g. {@code public.mysum(integer)}. */
    public String identity() {
        return identity;
    }

    /** The schema it lives in, or {@code null} for objects outside schemas (casts, languages, publications). */
    public String schema() {
        return schema;
    }

    /** The table (or view) it belongs to (a rule, a policy, extended statistics), or {@code null}. */
    public QualifiedName table() {
        return table;
    }

    /** Whether it is created before or after the data. */
    public Section section() {
        return section;
    }

    /** The statements that create it on an empty database, comments included, identifiers quoted. */
    public List<String> statements() {
        return statements;
    }

    /** The role that owns it on the source, or {@code null} for objects without an owner. */
    public String owner() {
        return owner;
    }

    /**
     * The object as {@code ALTER ... OWNER TO} names it, e.g. {@code AGGREGATE "public"."mysum"(integer)}, or
     * {@code null} for objects without an owner.
     */
    public String ownedObject() {
        return ownedObject;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof CatalogObject that && type.equals(that.type)
                && identity.equals(that.identity) && Objects.equals(schema, that.schema)
                && Objects.equals(table, that.table) && section == that.section
                && statements.equals(that.statements) && Objects.equals(owner, that.owner)
                && Objects.equals(ownedObject, that.ownedObject);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, identity, schema, table, section, statements, owner, ownedObject);
    }

    @Override
    public String toString() {
        return type + " " + identity;
    }

    /** Builds a {@link CatalogObject}. Not thread-safe. */
    public static final class Builder {
        private final String type;
        private final String identity;
        private String schema;
        private QualifiedName table;
        private Section section = Section.PRE_DATA;
        private List<String> statements = List.of();
        private String owner;
        private String ownedObject;

        private Builder(String type, String identity) {
            this.type = Objects.requireNonNull(type, "type");
            this.identity = Objects.requireNonNull(identity, "identity");
        }

        /** The schema it lives in. Default: none. */
        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        /** The table it belongs to. Default: none. */
        public Builder table(QualifiedName table) {
            this.table = table;
            return this;
        }

        /** Before or after the data. Default: {@link Section#PRE_DATA}. */
        public Builder section(Section section) {
            this.section = Objects.requireNonNull(section, "section");
            return this;
        }

        /** The statements that create it. Default: none. */
        public Builder statements(List<String> statements) {
            this.statements = List.copyOf(statements);
            return this;
        }

        /**
         * Its owner.
         *
         * @param owner       the role owning it on the source
         * @param ownedObject the object as {@code ALTER ... OWNER TO} names it
         */
        public Builder owner(String owner, String ownedObject) {
            this.owner = owner;
            this.ownedObject = ownedObject;
            return this;
        }

        public CatalogObject build() {
            if (statements.isEmpty()) {
                throw new IllegalStateException(type + " " + identity + " has no statements");
            }
            return new CatalogObject(this);
        }
    }
}
