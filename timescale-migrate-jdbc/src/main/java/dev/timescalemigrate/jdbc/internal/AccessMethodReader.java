package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.CatalogObject;
import org.jooq.Record;

import java.util.ArrayList;
import java.util.List;

/**
 * User-defined access methods ({@code pg_am}): {@code CREATE ACCESS METHOD ... TYPE INDEX|TABLE HANDLER}. Left out:
 * the built-in ones, extension members and those whose handler is in an excluded or extension schema. Access
 * methods live outside schemas and have no owner.
 */
final class AccessMethodReader implements CatalogReader {

    private static final String QUERY = """
            SELECT i.type, i.identity, a.amname, a.amtype::text AS amtype,
                   a.amhandler::pg_catalog.regproc::text AS handler,
                   pg_catalog.obj_description(a.oid, 'pg_am') AS comment
            FROM pg_catalog.pg_am a JOIN pg_catalog.pg_proc p ON p.oid = a.amhandler
            CROSS JOIN LATERAL pg_catalog.pg_identify_object('pg_catalog.pg_am'::pg_catalog.regclass, a.oid, 0) i
            WHERE a.oid >= 16384 AND""" + OutsideSchemas.userOrSystem("p.pronamespace") + """
              AND""" + CatalogReader.Catalog.notExtensionMember("pg_am", "a.oid") + """
            ORDER BY a.amname""";

    @Override
    public List<CatalogObject> read(Catalog catalog) {
        return catalog.query(QUERY).map(AccessMethodReader::accessMethod);
    }

    private static CatalogObject accessMethod(Record r) {
        String name = Sql.id(r.get("amname", String.class));
        String type = switch (r.get("amtype", String.class)) {
            case "i" -> "INDEX";
            case "t" -> "TABLE";
            default -> throw new IllegalStateException("access method " + name + " has type "
                    + r.get("amtype", String.class));
        };
        List<String> statements = new ArrayList<>();
        statements.add("CREATE ACCESS METHOD " + name + " TYPE " + type + " HANDLER " + r.get("handler", String.class));
        String comment = r.get("comment", String.class);
        if (comment != null) {
            statements.add("COMMENT ON ACCESS METHOD " + name + " IS " + Sql.literal(comment));
        }
        return CatalogObject.builder(r.get("type", String.class), r.get("identity", String.class))
                .statements(statements).build();
    }
}
