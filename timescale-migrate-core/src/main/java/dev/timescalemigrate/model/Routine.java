package dev.timescalemigrate.model;

/**
 * A function or procedure.
 *
 * @param name              schema-qualified name
 * @param kind              function or procedure
 * @param identityArguments the argument list that identifies it among overloads, e.g. {@code integer, text}
 * @param definition        the complete {@code CREATE OR REPLACE ...} statement as PostgreSQL prints it
 * @param comment           comment or {@code null}
 */
public record Routine(QualifiedName name, Kind kind, String identityArguments, String definition, String comment) {

    /** The kind of routine. */
    public enum Kind {
        /** A plain or window function. */
        FUNCTION,
        /** A procedure, called with CALL. */
        PROCEDURE
    }

    /** The SQL form that names this routine among overloads: {@code "s"."f"(integer, text)}. */
    public String signature() {
        return name.quoted() + "(" + identityArguments + ")";
    }
}
