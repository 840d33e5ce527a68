package dev.timescalemigrate.model;

/**
 * A table column.
 *
 * @param name          column name
 * @param type          the exact type as PostgreSQL prints it, with typmods and array brackets
 *                      ({@code numeric(12,3)[]}, {@code "app"."mood"})
 * @param notNull       whether it is NOT NULL
 * @param defaultValue  its default expression or {@code null} (never set together with identity or generated)
 * @param identity      identity specification or {@code null}
 * @param generated     the expression of a {@code GENERATED ALWAYS AS (...) STORED} column or {@code null}
 * @param collation     an explicit, non-default collation (qualified and quoted) or {@code null}
 * @param comment       comment or {@code null}
 */
public record Column(String name, String type, boolean notNull, String defaultValue, Identity identity,
                     String generated, String collation, String comment) {

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
}
