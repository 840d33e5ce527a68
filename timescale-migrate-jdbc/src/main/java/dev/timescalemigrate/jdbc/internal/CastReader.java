package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.CatalogObject;
import org.jooq.Record;

import java.util.ArrayList;
import java.util.List;

/**
 * User-defined casts ({@code pg_cast}): with a function, {@code WITHOUT FUNCTION} or {@code WITH INOUT}, implicit,
 * on assignment or explicit only. Left out: the built-in ones, extension members, the range-to-multirange casts
 * {@code CREATE TYPE ... AS RANGE} makes, and casts involving a type or function of an excluded or extension schema.
 * Casts live outside schemas and have no owner.
 */
final class CastReader implements CatalogReader {

    private static final String QUERY = """
            SELECT i.type, i.identity, pg_catalog.format_type(c.castsource, NULL) AS source,
                   pg_catalog.format_type(c.casttarget, NULL) AS target, c.castmethod::text AS method,
                   CASE WHEN c.castfunc <> 0 THEN c.castfunc::pg_catalog.regprocedure::text END AS function,
                   c.castcontext::text AS context, pg_catalog.obj_description(c.oid, 'pg_cast') AS comment
            FROM pg_catalog.pg_cast c
            CROSS JOIN LATERAL pg_catalog.pg_identify_object('pg_catalog.pg_cast'::pg_catalog.regclass, c.oid, 0) i
            WHERE c.oid >= 16384 -- FirstNormalObjectId
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_range r
                              WHERE r.rngtypid = c.castsource AND r.rngmultitypid = c.casttarget)
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t WHERE t.oid IN (c.castsource, c.casttarget)
                                AND NOT""" + OutsideSchemas.userOrSystem("t.typnamespace") + """
                             )
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p WHERE p.oid = c.castfunc
                                AND NOT""" + OutsideSchemas.userOrSystem("p.pronamespace") + """
                             )
              AND""" + CatalogReader.Catalog.notExtensionMember("pg_cast", "c.oid") + """
            ORDER BY 3, 4""";

    @Override
    public List<CatalogObject> read(Catalog catalog) {
        return catalog.query(QUERY).map(CastReader::cast);
    }

    private static CatalogObject cast(Record r) {
        String types = "(" + r.get("source", String.class) + " AS " + r.get("target", String.class) + ")";
        String how = switch (r.get("method", String.class)) {
            case "b" -> "WITHOUT FUNCTION";
            case "i" -> "WITH INOUT";
            default -> "WITH FUNCTION " + r.get("function", String.class);
        };
        String context = switch (r.get("context", String.class)) {
            case "a" -> " AS ASSIGNMENT";
            case "i" -> " AS IMPLICIT";
            default -> "";
        };
        List<String> statements = new ArrayList<>();
        statements.add("CREATE CAST " + types + " " + how + context);
        String comment = r.get("comment", String.class);
        if (comment != null) {
            statements.add("COMMENT ON CAST " + types + " IS " + Sql.literal(comment));
        }
        return CatalogObject.builder(r.get("type", String.class), r.get("identity", String.class))
                .statements(statements).build();
    }
}
