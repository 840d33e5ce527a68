package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.CatalogObject;
import org.jooq.Record;

import java.util.ArrayList;
import java.util.List;

/**
 * Transforms ({@code pg_transform}) not created by an extension, whose type, language and functions are the user's
 * or the system's (not of an excluded or extension schema). Transforms live outside schemas and have no owner.
 */
final class TransformReader implements CatalogReader {

    private static final String QUERY = """
            SELECT i.type, i.identity, pg_catalog.format_type(t.trftype, NULL) AS for_type, l.lanname,
                   CASE WHEN t.trffromsql <> 0 THEN t.trffromsql::pg_catalog.regprocedure::text END AS from_sql,
                   CASE WHEN t.trftosql <> 0 THEN t.trftosql::pg_catalog.regprocedure::text END AS to_sql,
                   pg_catalog.obj_description(t.oid, 'pg_transform') AS comment
            FROM pg_catalog.pg_transform t JOIN pg_catalog.pg_language l ON l.oid = t.trflang
            JOIN pg_catalog.pg_type ty ON ty.oid = t.trftype
            CROSS JOIN LATERAL pg_catalog.pg_identify_object('pg_catalog.pg_transform'::pg_catalog.regclass, t.oid, 0) i
            WHERE t.oid >= 16384 -- FirstNormalObjectId
              AND""" + OutsideSchemas.userOrSystem("ty.typnamespace") + """
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p WHERE p.oid IN (t.trffromsql, t.trftosql)
                                AND NOT""" + OutsideSchemas.userOrSystem("p.pronamespace") + """
                             )
              AND""" + CatalogReader.Catalog.notExtensionMember("pg_transform", "t.oid") + """
            ORDER BY 3, 4""";

    @Override
    public List<CatalogObject> read(Catalog catalog) {
        return catalog.query(QUERY).map(TransformReader::transform);
    }

    private static CatalogObject transform(Record r) {
        String what = "FOR " + r.get("for_type", String.class) + " LANGUAGE " + Sql.id(r.get("lanname", String.class));
        List<String> functions = new ArrayList<>();
        if (r.get("from_sql", String.class) != null) {
            functions.add("FROM SQL WITH FUNCTION " + r.get("from_sql", String.class));
        }
        if (r.get("to_sql", String.class) != null) {
            functions.add("TO SQL WITH FUNCTION " + r.get("to_sql", String.class));
        }
        List<String> statements = new ArrayList<>();
        statements.add("CREATE TRANSFORM " + what + " (" + String.join(", ", functions) + ")");
        String comment = r.get("comment", String.class);
        if (comment != null) {
            statements.add("COMMENT ON TRANSFORM " + what + " IS " + Sql.literal(comment));
        }
        return CatalogObject.builder(r.get("type", String.class), r.get("identity", String.class))
                .statements(statements).build();
    }
}
