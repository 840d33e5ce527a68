package dev.timescalemigrate.model;

import java.util.List;
import java.util.Objects;

/** A user-defined type: an enum, a domain, a composite, a range or a base type. */
public sealed interface UserType {

    /** The type's schema-qualified name. */
    QualifiedName name();

    /** The type's comment, or {@code null}. */
    String comment();

    /**
     * {@code CREATE TYPE ... AS ENUM}.
     *
     * @param name    type name
     * @param labels  labels in sort order
     * @param comment comment or {@code null}
     */
    record EnumType(QualifiedName name, List<String> labels, String comment) implements UserType {
        public EnumType {
            labels = List.copyOf(labels);
        }
    }

    /**
     * A base type ({@code CREATE TYPE name (INPUT = ..., OUTPUT = ...)}), whose input and output functions take or
     * return the type itself: it is created as a shell first, then its functions, then in full.
     *
     * @param name        type name
     * @param options     the {@code CREATE TYPE} options as PostgreSQL names them, e.g. {@code INPUT = "s"."f"}
     *                    (values schema-qualified and quoted, or literals); none for a shell type that was never
     *                    completed ({@code CREATE TYPE name} alone)
     * @param ioFunctions the signatures ({@link Routine#signature()}) of its support functions (input, output,
     *                    receive, send, typmod, analyze, subscript) that the model has: they are created between
     *                    the shell and the type
     * @param comment     comment or {@code null}
     */
    record BaseType(QualifiedName name, List<String> options, List<String> ioFunctions, String comment)
            implements UserType {
        public BaseType {
            options = List.copyOf(options);
            ioFunctions = List.copyOf(ioFunctions);
        }
    }

    /**
     * {@code CREATE DOMAIN}.
     *
     * <p>Built with {@link #builder(QualifiedName, String)}; {@link #toBuilder()} copies one to change it. Immutable;
     * equal to another domain with equal fields.
     */
    final class DomainType implements UserType {

        private final QualifiedName name;
        private final String baseType;
        private final boolean notNull;
        private final String defaultValue;
        private final String collation;
        private final List<CheckConstraint> checks;
        private final String comment;

        private DomainType(Builder builder) {
            this.name = builder.name;
            this.baseType = builder.baseType;
            this.notNull = builder.notNull;
            this.defaultValue = builder.defaultValue;
            this.collation = builder.collation;
            this.checks = builder.checks;
            this.comment = builder.comment;
        }

        /**
         * A builder for the domain {@code name} over {@code baseType}: nullable, with no default, collation, checks or
         * comment until set.
         */
        public static Builder builder(QualifiedName name, String baseType) {
            return new Builder(name, baseType);
        }

        /** A builder holding this domain's fields, to change some of them. */
        public Builder toBuilder() {
            return builder(name, baseType).notNull(notNull).defaultValue(defaultValue).collation(collation)
                    .checks(checks).comment(comment);
        }

        /** Domain name. */
        public QualifiedName name() {
            return name;
        }

        /** The underlying type as PostgreSQL prints it (schema-qualified where needed). */
        public String baseType() {
            return baseType;
        }

        /** Whether the domain is NOT NULL. */
        public boolean notNull() {
            return notNull;
        }

        /** The default expression or {@code null}. */
        public String defaultValue() {
            return defaultValue;
        }

        /** An explicit collation (qualified, quoted) or {@code null}. */
        public String collation() {
            return collation;
        }

        /** Its CHECK constraints. */
        public List<CheckConstraint> checks() {
            return checks;
        }

        /** Comment or {@code null}. */
        public String comment() {
            return comment;
        }

        @Override
        public boolean equals(Object other) {
            return this == other || other instanceof DomainType that
                    && Objects.equals(name, that.name) && Objects.equals(baseType, that.baseType)
                    && notNull == that.notNull && Objects.equals(defaultValue, that.defaultValue)
                    && Objects.equals(collation, that.collation) && Objects.equals(checks, that.checks)
                    && Objects.equals(comment, that.comment);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, baseType, notNull, defaultValue, collation, checks, comment);
        }

        @Override
        public String toString() {
            return "DomainType[name=" + name + ", baseType=" + baseType + ", notNull=" + notNull
                    + ", defaultValue=" + defaultValue + ", collation=" + collation + ", checks=" + checks
                    + ", comment=" + comment + "]";
        }

        /** Builds a {@link DomainType}. Not thread-safe. */
        public static final class Builder {
            private QualifiedName name;
            private String baseType;
            private boolean notNull;
            private String defaultValue;
            private String collation;
            private List<CheckConstraint> checks = List.of();
            private String comment;

            private Builder(QualifiedName name, String baseType) {
                this.name = Objects.requireNonNull(name, "name");
                this.baseType = Objects.requireNonNull(baseType, "baseType");
            }

            /** Domain name. Required. */
            public Builder name(QualifiedName name) {
                this.name = Objects.requireNonNull(name, "name");
                return this;
            }

            /** The underlying type as PostgreSQL prints it (schema-qualified where needed). Required. */
            public Builder baseType(String baseType) {
                this.baseType = Objects.requireNonNull(baseType, "baseType");
                return this;
            }

            /** Whether the domain is NOT NULL. Default: false. */
            public Builder notNull(boolean notNull) {
                this.notNull = notNull;
                return this;
            }

            /** The default expression or {@code null}. Default: {@code null}. */
            public Builder defaultValue(String defaultValue) {
                this.defaultValue = defaultValue;
                return this;
            }

            /** An explicit collation (qualified, quoted) or {@code null}. Default: {@code null}. */
            public Builder collation(String collation) {
                this.collation = collation;
                return this;
            }

            /** Its CHECK constraints. Default: empty. */
            public Builder checks(List<CheckConstraint> checks) {
                this.checks = List.copyOf(checks);
                return this;
            }

            /** Comment or {@code null}. Default: {@code null}. */
            public Builder comment(String comment) {
                this.comment = comment;
                return this;
            }

            /** The domain. */
            public DomainType build() {
                return new DomainType(this);
            }
        }
    }

    /**
     * A named CHECK constraint of a domain.
     *
     * @param name       constraint name
     * @param definition {@code CHECK (...)} as PostgreSQL prints it
     */
    record CheckConstraint(String name, String definition) {
    }

    /**
     * {@code CREATE TYPE ... AS (...)}.
     *
     * @param name       type name
     * @param attributes its attributes in order
     * @param comment    comment or {@code null}
     */
    record CompositeType(QualifiedName name, List<Attribute> attributes, String comment) implements UserType {
        public CompositeType {
            attributes = List.copyOf(attributes);
        }
    }

    /**
     * An attribute of a composite type.
     *
     * @param name      attribute name
     * @param type      its type as PostgreSQL prints it
     * @param collation explicit collation or {@code null}
     */
    record Attribute(String name, String type, String collation) {
    }

    /**
     * {@code CREATE TYPE ... AS RANGE}.
     *
     * <p>Built with {@link #builder(QualifiedName, String)}; {@link #toBuilder()} copies one to change it. Immutable;
     * equal to another range type with equal fields.
     */
    final class RangeType implements UserType {

        private final QualifiedName name;
        private final String subtype;
        private final String subtypeOpClass;
        private final String collation;
        private final String canonicalFunction;
        private final String subtypeDiffFunction;
        private final QualifiedName multirangeName;
        private final String comment;

        private RangeType(Builder builder) {
            this.name = builder.name;
            this.subtype = builder.subtype;
            this.subtypeOpClass = builder.subtypeOpClass;
            this.collation = builder.collation;
            this.canonicalFunction = builder.canonicalFunction;
            this.subtypeDiffFunction = builder.subtypeDiffFunction;
            this.multirangeName = builder.multirangeName;
            this.comment = builder.comment;
        }

        /** A builder for the range type {@code name} over {@code subtype}, everything else unset ({@code null}). */
        public static Builder builder(QualifiedName name, String subtype) {
            return new Builder(name, subtype);
        }

        /** A builder holding this range type's fields, to change some of them. */
        public Builder toBuilder() {
            return builder(name, subtype).subtypeOpClass(subtypeOpClass).collation(collation)
                    .canonicalFunction(canonicalFunction).subtypeDiffFunction(subtypeDiffFunction)
                    .multirangeName(multirangeName).comment(comment);
        }

        /** Range type name. */
        public QualifiedName name() {
            return name;
        }

        /** Element type. */
        public String subtype() {
            return subtype;
        }

        /** The b-tree operator class (qualified) or {@code null} for the default. */
        public String subtypeOpClass() {
            return subtypeOpClass;
        }

        /** Explicit collation or {@code null}. */
        public String collation() {
            return collation;
        }

        /** Canonical function (qualified) or {@code null}. */
        public String canonicalFunction() {
            return canonicalFunction;
        }

        /** Subtype difference function (qualified) or {@code null}. */
        public String subtypeDiffFunction() {
            return subtypeDiffFunction;
        }

        /** The multirange type's name (qualified). */
        public QualifiedName multirangeName() {
            return multirangeName;
        }

        /** Comment or {@code null}. */
        public String comment() {
            return comment;
        }

        @Override
        public boolean equals(Object other) {
            return this == other || other instanceof RangeType that
                    && Objects.equals(name, that.name) && Objects.equals(subtype, that.subtype)
                    && Objects.equals(subtypeOpClass, that.subtypeOpClass)
                    && Objects.equals(collation, that.collation)
                    && Objects.equals(canonicalFunction, that.canonicalFunction)
                    && Objects.equals(subtypeDiffFunction, that.subtypeDiffFunction)
                    && Objects.equals(multirangeName, that.multirangeName) && Objects.equals(comment, that.comment);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, subtype, subtypeOpClass, collation, canonicalFunction, subtypeDiffFunction,
                    multirangeName, comment);
        }

        @Override
        public String toString() {
            return "RangeType[name=" + name + ", subtype=" + subtype + ", subtypeOpClass=" + subtypeOpClass
                    + ", collation=" + collation + ", canonicalFunction=" + canonicalFunction
                    + ", subtypeDiffFunction=" + subtypeDiffFunction + ", multirangeName=" + multirangeName
                    + ", comment=" + comment + "]";
        }

        /** Builds a {@link RangeType}. Not thread-safe. */
        public static final class Builder {
            private QualifiedName name;
            private String subtype;
            private String subtypeOpClass;
            private String collation;
            private String canonicalFunction;
            private String subtypeDiffFunction;
            private QualifiedName multirangeName;
            private String comment;

            private Builder(QualifiedName name, String subtype) {
                this.name = Objects.requireNonNull(name, "name");
                this.subtype = Objects.requireNonNull(subtype, "subtype");
            }

            /** Range type name. Required. */
            public Builder name(QualifiedName name) {
                this.name = Objects.requireNonNull(name, "name");
                return this;
            }

            /** Element type. Required. */
            public Builder subtype(String subtype) {
                this.subtype = Objects.requireNonNull(subtype, "subtype");
                return this;
            }

            /** The b-tree operator class (qualified) or {@code null} for the default. Default: {@code null}. */
            public Builder subtypeOpClass(String subtypeOpClass) {
                this.subtypeOpClass = subtypeOpClass;
                return this;
            }

            /** Explicit collation or {@code null}. Default: {@code null}. */
            public Builder collation(String collation) {
                this.collation = collation;
                return this;
            }

            /** Canonical function (qualified) or {@code null}. Default: {@code null}. */
            public Builder canonicalFunction(String canonicalFunction) {
                this.canonicalFunction = canonicalFunction;
                return this;
            }

            /** Subtype difference function (qualified) or {@code null}. Default: {@code null}. */
            public Builder subtypeDiffFunction(String subtypeDiffFunction) {
                this.subtypeDiffFunction = subtypeDiffFunction;
                return this;
            }

            /** The multirange type's name (qualified). Default: {@code null}. */
            public Builder multirangeName(QualifiedName multirangeName) {
                this.multirangeName = multirangeName;
                return this;
            }

            /** Comment or {@code null}. Default: {@code null}. */
            public Builder comment(String comment) {
                this.comment = comment;
                return this;
            }

            /** The range type. */
            public RangeType build() {
                return new RangeType(this);
            }
        }
    }
}
