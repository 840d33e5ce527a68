package dev.timescalemigrate.model;

/**
 * A sequence that is not an identity column's.
 *
 * @param name     schema-qualified name
 * @param options  its options
 * @param position where it stands
 * @param ownedBy  the column it belongs to ({@code OWNED BY}) or {@code null}
 * @param comment  comment or {@code null}
 */
public record Sequence(QualifiedName name, SequenceOptions options, SequencePosition position, ColumnRef ownedBy,
                       String comment) {

    /**
     * A column of a table.
     *
     * @param table  the table
     * @param column the column name
     */
    public record ColumnRef(QualifiedName table, String column) {
    }
}
