package dev.timescalemigrate.model;

import java.util.List;
import java.util.Objects;

/**
 * A view or materialized view (continuous aggregates are in {@link TimescaleModel}).
 *
 * <p>Built with {@link #builder(QualifiedName)}; {@link #toBuilder()} copies one to change it. Immutable; equal to
 * another view with equal fields.
 */
public final class View {

    private final QualifiedName name;
    private final boolean materialized;
    private final List<String> columns;
    private final String definition;
    private final List<String> options;
    private final List<Index> indexes;
    private final List<QualifiedName> dependsOn;
    private final String accessMethod;
    private final String comment;

    private View(Builder builder) {
        this.name = builder.name;
        this.materialized = builder.materialized;
        this.columns = builder.columns;
        this.definition = builder.definition;
        this.options = builder.options;
        this.indexes = builder.indexes;
        this.dependsOn = builder.dependsOn;
        this.accessMethod = builder.accessMethod;
        this.comment = builder.comment;
    }

    /**
     * A builder for the (not materialized) view {@code name}, with no definition, columns or anything else until set.
     */
    public static Builder builder(QualifiedName name) {
        return new Builder(name);
    }

    /** A builder holding this view's fields, to change some of them. */
    public Builder toBuilder() {
        return builder(name).materialized(materialized).columns(columns).definition(definition).options(options)
                .indexes(indexes).dependsOn(dependsOn).accessMethod(accessMethod).comment(comment);
    }

    /** Schema-qualified name. */
    public QualifiedName name() {
        return name;
    }

    /** Whether it is a materialized view. */
    public boolean materialized() {
        return materialized;
    }

    /** Its column names in order. */
    public List<String> columns() {
        return columns;
    }

    /** The SELECT as PostgreSQL prints it. */
    public String definition() {
        return definition;
    }

    /** Reloptions such as {@code security_barrier=true} or {@code check_option=local}. */
    public List<String> options() {
        return options;
    }

    /** Indexes of a materialized view. */
    public List<Index> indexes() {
        return indexes;
    }

    /** The tables and views (in user schemas) it reads from. */
    public List<QualifiedName> dependsOn() {
        return dependsOn;
    }

    /** Comment or {@code null}. */
    public String comment() {
        return comment;
    }

    /** A materialized view's table access method ({@code USING heap2}), {@code null} for {@code heap}. */
    public String accessMethod() {
        return accessMethod;
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof View that
                && Objects.equals(name, that.name) && materialized == that.materialized
                && Objects.equals(columns, that.columns) && Objects.equals(definition, that.definition)
                && Objects.equals(options, that.options) && Objects.equals(indexes, that.indexes)
                && Objects.equals(dependsOn, that.dependsOn)
                && Objects.equals(accessMethod, that.accessMethod) && Objects.equals(comment, that.comment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, materialized, columns, definition, options, indexes, dependsOn, accessMethod, comment);
    }

    @Override
    public String toString() {
        return "View[name=" + name + ", materialized=" + materialized + ", columns=" + columns
                + ", definition=" + definition + ", options=" + options + ", indexes=" + indexes
                + ", dependsOn=" + dependsOn + ", accessMethod=" + accessMethod + ", comment=" + comment + "]";
    }

    /** Builds a {@link View}. Not thread-safe. */
    public static final class Builder {
        private QualifiedName name;
        private boolean materialized;
        private List<String> columns = List.of();
        private String definition;
        private List<String> options = List.of();
        private List<Index> indexes = List.of();
        private List<QualifiedName> dependsOn = List.of();
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

        /** Whether it is a materialized view. Default: false. */
        public Builder materialized(boolean materialized) {
            this.materialized = materialized;
            return this;
        }

        /** Its column names in order. Default: empty. */
        public Builder columns(List<String> columns) {
            this.columns = List.copyOf(columns);
            return this;
        }

        /** The SELECT as PostgreSQL prints it. Default: {@code null}. */
        public Builder definition(String definition) {
            this.definition = definition;
            return this;
        }

        /** Reloptions such as {@code security_barrier=true} or {@code check_option=local}. Default: empty. */
        public Builder options(List<String> options) {
            this.options = List.copyOf(options);
            return this;
        }

        /** Indexes of a materialized view. Default: empty. */
        public Builder indexes(List<Index> indexes) {
            this.indexes = List.copyOf(indexes);
            return this;
        }

        /** The tables and views (in user schemas) it reads from. Default: empty. */
        public Builder dependsOn(List<QualifiedName> dependsOn) {
            this.dependsOn = List.copyOf(dependsOn);
            return this;
        }

        /** A materialized view's table access method, {@code null} for {@code heap}. Default: {@code null}. */
        public Builder accessMethod(String accessMethod) {
            this.accessMethod = accessMethod;
            return this;
        }

        /** Comment or {@code null}. Default: {@code null}. */
        public Builder comment(String comment) {
            this.comment = comment;
            return this;
        }

        /** The view. */
        public View build() {
            return new View(this);
        }
    }
}
