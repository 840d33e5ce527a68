package dev.timescalemigrate.model;

import java.util.Objects;

/**
 * A schema-qualified object name, unquoted. {@link #toString()} gives the quoted SQL form.
 *
 * @param schema the schema name, exactly as stored in the catalog
 * @param name   the object name, exactly as stored in the catalog
 */
public record QualifiedName(String schema, String name) implements Comparable<QualifiedName> {

    public QualifiedName {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
    }

    /** Shorthand for {@code new QualifiedName(schema, name)}. */
    public static QualifiedName of(String schema, String name) {
        return new QualifiedName(schema, name);
    }

    /**
     * Parses {@code schema.name}, where either part may be double-quoted ({@code "My Schema"."a.b"}).
     * An unquoted part is folded to lower case, as PostgreSQL does; a name without a schema gets
     * {@code defaultSchema}.
     *
     * @throws IllegalArgumentException when the text is not a valid one- or two-part name
     */
    public static QualifiedName parse(String text, String defaultSchema) {
        var parts = SqlIdentifiers.splitQualified(text);
        return switch (parts.size()) {
            case 1 -> new QualifiedName(defaultSchema, parts.get(0));
            case 2 -> new QualifiedName(parts.get(0), parts.get(1));
            default -> throw new IllegalArgumentException(
                    "'" + text + "' is not a table name: write schema.table (quote parts with double quotes)");
        };
    }

    /** The quoted SQL form, e.g. {@code "public"."My Table"}. */
    public String quoted() {
        return SqlIdentifiers.quote(schema) + "." + SqlIdentifiers.quote(name);
    }

    @Override
    public int compareTo(QualifiedName other) {
        int c = schema.compareTo(other.schema);
        return c != 0 ? c : name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return quoted();
    }
}
