package dev.timescalemigrate.model;

import java.util.Objects;

/**
 * A table column.
 *
 * <p>Built with {@link #builder(String, String)}; {@link #toBuilder()} copies one to change it. Immutable; equal to
 * another column with equal fields.
 */
public final class Column {

    private final String name;
    private final String type;
    private final boolean notNull;
    private final String defaultValue;
    private final Identity identity;
    private final String generated;
    private final String collation;
    private final String comment;
    private final boolean local;

    private Column(Builder builder) {
        this.name = builder.name;
        this.type = builder.type;
        this.notNull = builder.notNull;
        this.defaultValue = builder.defaultValue;
        this.identity = builder.identity;
        this.generated = builder.generated;
        this.collation = builder.collation;
        this.comment = builder.comment;
        this.local = builder.local;
    }

    /**
     * A builder for the column {@code name} of type {@code type}: nullable, without default, identity, generation,
     * collation or comment until set.
     */
    public static Builder builder(String name, String type) {
        return new Builder(name, type);
    }

    /** A builder holding this column's fields, to change some of them. */
    public Builder toBuilder() {
        return builder(name, type).notNull(notNull).defaultValue(defaultValue).identity(identity).generated(generated)
                .collation(collation).comment(comment).local(local);
    }

    /** Column name. */
    public String name() {
        return name;
    }

    /**
     * The exact type as PostgreSQL prints it, with typmods and array brackets ({@code numeric(12,3)[]},
     * {@code "app"."mood"}).
     */
    public String type() {
        return type;
    }

    /** Whether it is NOT NULL. */
    public boolean notNull() {
        return notNull;
    }

    /** Its default expression or {@code null} (never set together with identity or generated). */
    public String defaultValue() {
        return defaultValue;
    }

    /** Identity specification or {@code null}. */
    public Identity identity() {
        return identity;
    }

    /** The expression of a {@code GENERATED ALWAYS AS (...) STORED} column or {@code null}. */
    public String generated() {
        return generated;
    }

    /** An explicit, non-default collation (qualified and quoted) or {@code null}. */
    public String collation() {
        return collation;
    }

    /** Comment or {@code null}. */
    public String comment() {
        return comment;
    }

    /**
     * Whether the table declares the column itself ({@code attislocal}): false for a column an inheritance child only
     * inherits from its parents, which its {@code CREATE TABLE ... INHERITS} does not list (PostgreSQL merges it in).
     * A column both declared and inherited is local.
     */
    public boolean local() {
        return local;
    }

    /** Whether the column's values are computed by the database and must not be copied. */
    public boolean isGenerated() {
        return generated != null;
    }

    /**
     * An identity column's specification.
     *
     * @param always       {@code GENERATED ALWAYS} when true, {@code BY DEFAULT} otherwise
     * @param sequenceName the name of its implicit sequence
     * @param options      the sequence options
     * @param position     where its sequence stands
     */
    public record Identity(boolean always, QualifiedName sequenceName, SequenceOptions options,
                           SequencePosition position) {
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof Column that
                && Objects.equals(name, that.name) && Objects.equals(type, that.type) && notNull == that.notNull
                && Objects.equals(defaultValue, that.defaultValue) && Objects.equals(identity, that.identity)
                && Objects.equals(generated, that.generated) && Objects.equals(collation, that.collation)
                && Objects.equals(comment, that.comment) && local == that.local;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, notNull, defaultValue, identity, generated, collation, comment, local);
    }

    @Override
    public String toString() {
        return "Column[name=" + name + ", type=" + type + ", notNull=" + notNull + ", defaultValue=" + defaultValue
                + ", identity=" + identity + ", generated=" + generated + ", collation=" + collation
                + ", comment=" + comment + ", local=" + local + "]";
    }

    /** Builds a {@link Column}. Not thread-safe. */
    public static final class Builder {
        private String name;
        private String type;
        private boolean notNull;
        private String defaultValue;
        private Identity identity;
        private String generated;
        private String collation;
        private String comment;
        private boolean local = true;

        private Builder(String name, String type) {
            this.name = Objects.requireNonNull(name, "name");
            this.type = Objects.requireNonNull(type, "type");
        }

        /** Column name. Required. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * The exact type as PostgreSQL prints it, with typmods and array brackets ({@code numeric(12,3)[]},
         * {@code "app"."mood"}). Required.
         */
        public Builder type(String type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        /** Whether it is NOT NULL. Default: false. */
        public Builder notNull(boolean notNull) {
            this.notNull = notNull;
            return this;
        }

        /**
         * Its default expression or {@code null} (never set together with identity or generated). Default:
         * {@code null}.
         */
        public Builder defaultValue(String defaultValue) {
            this.defaultValue = defaultValue;
            return this;
        }

        /** Identity specification or {@code null}. Default: {@code null}. */
        public Builder identity(Identity identity) {
            this.identity = identity;
            return this;
        }

        /**
         * The expression of a {@code GENERATED ALWAYS AS (...) STORED} column or {@code null}. Default: {@code null}.
         */
        public Builder generated(String generated) {
            this.generated = generated;
            return this;
        }

        /** An explicit, non-default collation (qualified and quoted) or {@code null}. Default: {@code null}. */
        public Builder collation(String collation) {
            this.collation = collation;
            return this;
        }

        /** Comment or {@code null}. Default: {@code null}. */
        public Builder comment(String comment) {
            this.comment = comment;
            return this;
        }

        /**
         * Whether the table declares the column itself: false for a column an inheritance child only inherits.
         * Default: true.
         */
        public Builder local(boolean local) {
            this.local = local;
            return this;
        }

        /** The column. */
        public Column build() {
            return new Column(this);
        }
    }
}
