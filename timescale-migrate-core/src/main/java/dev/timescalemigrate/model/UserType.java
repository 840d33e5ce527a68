package dev.timescalemigrate.model;

import java.util.List;

/** A user-defined type: an enum, a domain, a composite or a range type. */
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
     * {@code CREATE DOMAIN}.
     *
     * @param name         domain name
     * @param baseType     the underlying type as PostgreSQL prints it (schema-qualified where needed)
     * @param notNull      whether the domain is NOT NULL
     * @param defaultValue the default expression or {@code null}
     * @param collation    an explicit collation (qualified, quoted) or {@code null}
     * @param checks       its CHECK constraints
     * @param comment      comment or {@code null}
     */
    record DomainType(QualifiedName name, String baseType, boolean notNull, String defaultValue, String collation,
                      List<CheckConstraint> checks, String comment) implements UserType {
        public DomainType {
            checks = List.copyOf(checks);
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
     * @param name                range type name
     * @param subtype             element type
     * @param subtypeOpClass      the b-tree operator class (qualified) or {@code null} for the default
     * @param collation           explicit collation or {@code null}
     * @param canonicalFunction   canonical function (qualified) or {@code null}
     * @param subtypeDiffFunction subtype difference function (qualified) or {@code null}
     * @param multirangeName      the multirange type's name (qualified)
     * @param comment             comment or {@code null}
     */
    record RangeType(QualifiedName name, String subtype, String subtypeOpClass, String collation,
                     String canonicalFunction, String subtypeDiffFunction, QualifiedName multirangeName,
                     String comment) implements UserType {
    }
}
