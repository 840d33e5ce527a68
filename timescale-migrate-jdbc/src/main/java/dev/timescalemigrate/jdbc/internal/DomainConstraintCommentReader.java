package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.CatalogObject;
import org.jooq.Record;

import java.util.ArrayList;
import java.util.List;

/**
 * The comments on domain constraints ({@code COMMENT ON CONSTRAINT c ON DOMAIN d}), which the domain's own DDL
 * leaves out: one object of type {@value #DOMAIN_CONSTRAINT_COMMENT} (no {@code pg_identify_object} type is named
 * so) per commented constraint, with the constraint's identity, after the data (as pg_dump puts comments after
 * the objects; a {@code NOT VALID} constraint is added after its domain).
 */
final class DomainConstraintCommentReader implements CatalogReader {

    /** The type of a domain constraint's comment. */
    static final String DOMAIN_CONSTRAINT_COMMENT = "domain constraint comment";

    @Override
    public List<CatalogObject> read(Catalog catalog) {
        List<CatalogObject> out = new ArrayList<>();
        for (Record r : catalog.query("""
                SELECT s.nspname, t.typname, con.conname, i.identity,
                       pg_catalog.obj_description(con.oid, 'pg_constraint') AS comment
                FROM pg_catalog.pg_constraint con
                JOIN pg_catalog.pg_type t ON t.oid = con.contypid
                JOIN s ON s.oid = t.typnamespace
                CROSS JOIN LATERAL pg_catalog.pg_identify_object('pg_catalog.pg_constraint'::pg_catalog.regclass,
                                                                 con.oid, 0) i
                WHERE con.contypid <> 0 AND pg_catalog.obj_description(con.oid, 'pg_constraint') IS NOT NULL
                  AND""" + Catalog.notExtensionMember("pg_type", "t.oid") + """
                ORDER BY s.nspname, t.typname, con.conname""")) {
            String schema = r.get("nspname", String.class);
            out.add(CatalogObject.builder(DOMAIN_CONSTRAINT_COMMENT, r.get("identity", String.class)).schema(schema)
                    .section(CatalogObject.Section.POST_DATA)
                    .statements(List.of("COMMENT ON CONSTRAINT " + Sql.id(r.get("conname", String.class))
                            + " ON DOMAIN " + Sql.id(schema, r.get("typname", String.class)) + " IS "
                            + Sql.literal(r.get("comment", String.class))))
                    .build());
        }
        return out;
    }
}
