package dev.timescalemigrate.model;

import java.util.List;
import java.util.Objects;

/**
 * An index that does not back a constraint.
 *
 * <p>Built with {@link #builder(String)}; {@link #toBuilder()} copies one to change it. Immutable; equal to another
 * index with equal fields.
 */
public final class Index {

    private final String name;
    private final boolean unique;
    private final String method;
    private final List<String> keys;
    private final List<String> included;
    private final String predicate;
    private final String definition;
    private final String comment;

    private Index(Builder builder) {
        this.name = builder.name;
        this.unique = builder.unique;
        this.method = builder.method;
        this.keys = builder.keys;
        this.included = builder.included;
        this.predicate = builder.predicate;
        this.definition = builder.definition;
        this.comment = builder.comment;
    }

    /** A builder for the index {@code name}: a btree, not unique, with no keys or definition until set. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder holding this index's fields, to change some of them. */
    public Builder toBuilder() {
        return builder(name).unique(unique).method(method).keys(keys).included(included).predicate(predicate)
                .definition(definition).comment(comment);
    }

    /** Index name (in its table's schema). */
    public String name() {
        return name;
    }

    /** UNIQUE. */
    public boolean unique() {
        return unique;
    }

    /** Access method, e.g. {@code btree}, {@code gin}, {@code brin}. */
    public String method() {
        return method;
    }

    /** Key columns or expressions in order, as PostgreSQL prints them. */
    public List<String> keys() {
        return keys;
    }

    /** INCLUDE columns. */
    public List<String> included() {
        return included;
    }

    /** The WHERE clause of a partial index, or {@code null}. */
    public String predicate() {
        return predicate;
    }

    /** The complete {@code CREATE INDEX} statement as PostgreSQL prints it. */
    public String definition() {
        return definition;
    }

    /** Comment or {@code null}. */
    public String comment() {
        return comment;
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof Index that
                && Objects.equals(name, that.name) && unique == that.unique && Objects.equals(method, that.method)
                && Objects.equals(keys, that.keys) && Objects.equals(included, that.included)
                && Objects.equals(predicate, that.predicate) && Objects.equals(definition, that.definition)
                && Objects.equals(comment, that.comment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, unique, method, keys, included, predicate, definition, comment);
    }

    @Override
    public String toString() {
        return "Index[name=" + name + ", unique=" + unique + ", method=" + method + ", keys=" + keys
                + ", included=" + included + ", predicate=" + predicate + ", definition=" + definition
                + ", comment=" + comment + "]";
    }

    /** Builds a {@link Index}. Not thread-safe. */
    public static final class Builder {
        private String name;
        private boolean unique;
        private String method = "btree";
        private List<String> keys = List.of();
        private List<String> included = List.of();
        private String predicate;
        private String definition;
        private String comment;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Index name (in its table's schema). Required. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** UNIQUE. Default: false. */
        public Builder unique(boolean unique) {
            this.unique = unique;
            return this;
        }

        /** Access method, e.g. {@code btree}, {@code gin}, {@code brin}. Default: {@code btree}. */
        public Builder method(String method) {
            this.method = method;
            return this;
        }

        /** Key columns or expressions in order, as PostgreSQL prints them. Default: empty. */
        public Builder keys(List<String> keys) {
            this.keys = List.copyOf(keys);
            return this;
        }

        /** INCLUDE columns. Default: empty. */
        public Builder included(List<String> included) {
            this.included = List.copyOf(included);
            return this;
        }

        /** The WHERE clause of a partial index, or {@code null}. Default: {@code null}. */
        public Builder predicate(String predicate) {
            this.predicate = predicate;
            return this;
        }

        /** The complete {@code CREATE INDEX} statement as PostgreSQL prints it. Default: {@code null}. */
        public Builder definition(String definition) {
            this.definition = definition;
            return this;
        }

        /** Comment or {@code null}. Default: {@code null}. */
        public Builder comment(String comment) {
            this.comment = comment;
            return this;
        }

        /** The index. */
        public Index build() {
            return new Index(this);
        }
    }
}
