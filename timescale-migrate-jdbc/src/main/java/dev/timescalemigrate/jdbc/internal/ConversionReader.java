package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.CatalogObject;
import org.jooq.Record;

import java.util.ArrayList;
import java.util.List;

/** Encoding conversions of the user schemas ({@code pg_conversion}), default ones included. */
final class ConversionReader implements CatalogReader {

    private static final String QUERY = """
            SELECT i.type, i.identity, s.nspname, c.conname, c.condefault,
                   pg_catalog.pg_encoding_to_char(c.conforencoding) AS source,
                   pg_catalog.pg_encoding_to_char(c.contoencoding) AS target,
                   c.conproc::pg_catalog.regproc::text AS function,
                   pg_catalog.obj_description(c.oid, 'pg_conversion') AS comment,
                   pg_catalog.pg_get_userbyid(c.conowner)::text AS owner
            FROM pg_catalog.pg_conversion c JOIN s ON s.oid = c.connamespace
            CROSS JOIN LATERAL pg_catalog.pg_identify_object('pg_catalog.pg_conversion'::pg_catalog.regclass, c.oid, 0) i
            WHERE c.oid >= 16384 AND""" + CatalogReader.Catalog.notExtensionMember("pg_conversion", "c.oid") + """
            ORDER BY s.nspname, c.conname""";

    @Override
    public List<CatalogObject> read(Catalog catalog) {
        return catalog.query(QUERY).map(ConversionReader::conversion);
    }

    private static CatalogObject conversion(Record r) {
        String name = Sql.id(r.get("nspname", String.class), r.get("conname", String.class));
        List<String> statements = new ArrayList<>();
        statements.add("CREATE " + (Sql.boolOf(r, "condefault") ? "DEFAULT " : "") + "CONVERSION " + name + " FOR "
                + Sql.literal(r.get("source", String.class)) + " TO " + Sql.literal(r.get("target", String.class))
                + " FROM " + r.get("function", String.class));
        String comment = r.get("comment", String.class);
        if (comment != null) {
            statements.add("COMMENT ON CONVERSION " + name + " IS " + Sql.literal(comment));
        }
        return CatalogObject.builder(r.get("type", String.class), r.get("identity", String.class))
                .schema(r.get("nspname", String.class)).statements(statements)
                .owner(r.get("owner", String.class), "CONVERSION " + name).build();
    }
}
