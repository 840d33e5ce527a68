package dev.timescalemigrate.jdbc.internal;

/**
 * What the readers of objects outside schemas (casts, transforms, languages, access methods) select them by: the
 * types and functions they use must be the user's (in the user schemas, {@code s}) or PostgreSQL's own
 * ({@code pg_catalog}), not those of an excluded or extension schema, which a migration does not create.
 */
final class OutsideSchemas {

    private OutsideSchemas() {
    }

    /** An SQL condition: the namespace {@code namespaceExpr} is a user schema or {@code pg_catalog}. */
    static String userOrSystem(String namespaceExpr) {
        return " (" + namespaceExpr + " IN (SELECT s.oid FROM s) OR " + namespaceExpr
                + " = 'pg_catalog'::pg_catalog.regnamespace) ";
    }
}
