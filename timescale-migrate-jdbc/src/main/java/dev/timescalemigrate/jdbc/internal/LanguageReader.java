package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.CatalogObject;
import org.jooq.Record;

import java.util.ArrayList;
import java.util.List;

/**
 * Procedural languages not created by an extension ({@code pg_language}; plpgsql and the other shipped languages
 * are extension members): {@code CREATE [TRUSTED] PROCEDURAL LANGUAGE ... HANDLER ... [INLINE ...] [VALIDATOR ...]}.
 * Left out where a support function is in an excluded or extension schema. Languages live outside schemas.
 */
final class LanguageReader implements CatalogReader {

    private static final String QUERY = """
            SELECT i.type, i.identity, l.lanname, l.lanpltrusted,
                   hn.nspname AS handler_schema, h.proname AS handler,
                   inn.nspname AS inline_schema, il.proname AS inline,
                   vn.nspname AS validator_schema, v.proname AS validator,
                   pg_catalog.obj_description(l.oid, 'pg_language') AS comment,
                   pg_catalog.pg_get_userbyid(l.lanowner)::text AS owner
            FROM pg_catalog.pg_language l
            JOIN pg_catalog.pg_proc h ON h.oid = l.lanplcallfoid
            JOIN pg_catalog.pg_namespace hn ON hn.oid = h.pronamespace
            LEFT JOIN pg_catalog.pg_proc il ON il.oid = l.laninline
            LEFT JOIN pg_catalog.pg_namespace inn ON inn.oid = il.pronamespace
            LEFT JOIN pg_catalog.pg_proc v ON v.oid = l.lanvalidator
            LEFT JOIN pg_catalog.pg_namespace vn ON vn.oid = v.pronamespace
            CROSS JOIN LATERAL pg_catalog.pg_identify_object('pg_catalog.pg_language'::pg_catalog.regclass, l.oid, 0) i
            WHERE l.oid >= 16384 AND l.lanispl
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                              WHERE p.oid IN (l.lanplcallfoid, l.laninline, l.lanvalidator)
                                AND NOT""" + OutsideSchemas.userOrSystem("p.pronamespace") + """
                             )
              AND""" + CatalogReader.Catalog.notExtensionMember("pg_language", "l.oid") + """
            ORDER BY l.lanname""";

    @Override
    public List<CatalogObject> read(Catalog catalog) {
        return catalog.query(QUERY).map(LanguageReader::language);
    }

    private static CatalogObject language(Record r) {
        String name = Sql.id(r.get("lanname", String.class));
        StringBuilder create = new StringBuilder("CREATE ")
                .append(Sql.boolOf(r, "lanpltrusted") ? "TRUSTED " : "").append("PROCEDURAL LANGUAGE ").append(name)
                .append(" HANDLER ").append(Sql.id(r.get("handler_schema", String.class), r.get("handler", String.class)));
        if (r.get("inline", String.class) != null) {
            create.append(" INLINE ").append(Sql.id(r.get("inline_schema", String.class), r.get("inline", String.class)));
        }
        if (r.get("validator", String.class) != null) {
            create.append(" VALIDATOR ")
                    .append(Sql.id(r.get("validator_schema", String.class), r.get("validator", String.class)));
        }
        List<String> statements = new ArrayList<>();
        statements.add(create.toString());
        String comment = r.get("comment", String.class);
        if (comment != null) {
            statements.add("COMMENT ON LANGUAGE " + name + " IS " + Sql.literal(comment));
        }
        return CatalogObject.builder(r.get("type", String.class), r.get("identity", String.class))
                .statements(statements).owner(r.get("owner", String.class), "LANGUAGE " + name).build();
    }
}
