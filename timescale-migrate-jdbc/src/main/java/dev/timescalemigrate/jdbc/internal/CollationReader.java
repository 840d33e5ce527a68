package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.CatalogObject;
import org.jooq.Record;

import java.util.ArrayList;
import java.util.List;

/**
 * Collations of the user schemas ({@code pg_collation}): libc, ICU (and, from PostgreSQL 17, builtin) ones,
 * deterministic or not, by locale or by {@code lc_collate}/{@code lc_ctype}, with ICU rules from PostgreSQL 16.
 * The collation version is left out, as pg_dump leaves it out: the target computes its own.
 */
final class CollationReader implements CatalogReader {

    @Override
    public List<CatalogObject> read(Catalog catalog) {
        String locale = catalog.atLeast(17) ? "c.colllocale" : "c.colliculocale";
        String rules = catalog.atLeast(16) ? "c.collicurules" : "NULL::text";
        return catalog.query("""
                        SELECT i.type, i.identity, s.nspname, c.collname, c.collprovider::text AS provider,
                               c.collisdeterministic, c.collcollate, c.collctype,
                        """ + locale + " AS locale, " + rules + """
                                AS rules,
                               pg_catalog.obj_description(c.oid, 'pg_collation') AS comment,
                               pg_catalog.pg_get_userbyid(c.collowner)::text AS owner
                        FROM pg_catalog.pg_collation c JOIN s ON s.oid = c.collnamespace
                        CROSS JOIN LATERAL pg_catalog.pg_identify_object(
                            'pg_catalog.pg_collation'::pg_catalog.regclass, c.oid, 0) i
                        WHERE c.oid >= 16384 AND""" + CatalogReader.Catalog.notExtensionMember("pg_collation", "c.oid") + """
                        ORDER BY s.nspname, c.collname, c.collencoding""")
                .map(CollationReader::collation);
    }

    private static CatalogObject collation(Record r) {
        String name = Sql.id(r.get("nspname", String.class), r.get("collname", String.class));
        String provider = r.get("provider", String.class);
        List<String> o = new ArrayList<>();
        o.add("provider = " + switch (provider) {
            case "c" -> "libc";
            case "i" -> "icu";
            case "b" -> "builtin";
            default -> throw new IllegalStateException("collation " + name + " has provider " + provider
                    + ", which CREATE COLLATION cannot recreate");
        });
        if (!Sql.boolOf(r, "collisdeterministic")) {
            o.add("deterministic = false");
        }
        String collate = r.get("collcollate", String.class);
        String ctype = r.get("collctype", String.class);
        if (!provider.equals("c")) {
            o.add("locale = " + Sql.literal(nonNull(r.get("locale", String.class))));
        } else if (collate != null && collate.equals(ctype)) {
            o.add("locale = " + Sql.literal(collate));
        } else {
            o.add("lc_collate = " + Sql.literal(nonNull(collate)));
            o.add("lc_ctype = " + Sql.literal(nonNull(ctype)));
        }
        if (r.get("rules", String.class) != null) {
            o.add("rules = " + Sql.literal(r.get("rules", String.class)));
        }
        List<String> statements = new ArrayList<>();
        statements.add("CREATE COLLATION " + name + " (" + String.join(", ", o) + ")");
        String comment = r.get("comment", String.class);
        if (comment != null) {
            statements.add("COMMENT ON COLLATION " + name + " IS " + Sql.literal(comment));
        }
        return CatalogObject.builder(r.get("type", String.class), r.get("identity", String.class))
                .schema(r.get("nspname", String.class)).statements(statements)
                .owner(r.get("owner", String.class), "COLLATION " + name).build();
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
