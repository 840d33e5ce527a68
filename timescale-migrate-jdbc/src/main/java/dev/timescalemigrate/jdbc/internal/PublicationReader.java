package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.CatalogObject;
import dev.timescalemigrate.model.QualifiedName;
import org.jooq.Record;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Logical replication publications, after the data, as pg_dump writes them: the publication itself (with
 * {@code FOR ALL TABLES} and its options), then each table it names as an object of its own
 * ({@code ALTER PUBLICATION ... ADD TABLE ONLY}, with its column list and row filter) belonging to that table, so
 * that a selection leaving the table out leaves the membership out too, and each schema it names
 * ({@code ADD TABLES IN SCHEMA}).
 */
final class PublicationReader implements CatalogReader {

    @Override
    public List<CatalogObject> read(Catalog catalog) {
        List<CatalogObject> out = new ArrayList<>();
        String viaRoot = catalog.atLeast(13) ? "p.pubviaroot" : "false";
        String truncate = catalog.atLeast(11) ? "p.pubtruncate" : "false";
        for (Record r : catalog.query("""
                SELECT p.pubname, p.puballtables, p.pubinsert, p.pubupdate, p.pubdelete,
                """ + truncate + " AS pubtruncate, " + viaRoot + """
                 AS pubviaroot,
                       pg_catalog.pg_get_userbyid(p.pubowner) AS owner,
                       i.type, i.identity, pg_catalog.obj_description(p.oid, 'pg_publication') AS comment
                FROM pg_catalog.pg_publication p
                CROSS JOIN LATERAL pg_catalog.pg_identify_object('pg_catalog.pg_publication'::pg_catalog.regclass,
                                                                 p.oid, 0) i
                WHERE""" + Catalog.notExtensionMember("pg_publication", "p.oid") + """
                ORDER BY p.pubname""")) {
            String name = Sql.id(r.get("pubname", String.class));
            StringJoiner publish = new StringJoiner(", ");
            for (String action : List.of("insert", "update", "delete", "truncate")) {
                if (Sql.boolOf(r, "pub" + action)) {
                    publish.add(action);
                }
            }
            StringBuilder sql = new StringBuilder("CREATE PUBLICATION ").append(name);
            if (Sql.boolOf(r, "puballtables")) {
                sql.append(" FOR ALL TABLES");
            }
            sql.append(" WITH (publish = ").append(Sql.literal(publish.toString()));
            if (Sql.boolOf(r, "pubviaroot")) {
                sql.append(", publish_via_partition_root = true");
            }
            List<String> statements = new ArrayList<>(List.of(sql.append(")").toString()));
            String comment = r.get("comment", String.class);
            if (comment != null) {
                statements.add("COMMENT ON PUBLICATION " + name + " IS " + Sql.literal(comment));
            }
            out.add(CatalogObject.builder(r.get("type", String.class), r.get("identity", String.class))
                    .section(CatalogObject.Section.POST_DATA).statements(statements)
                    .owner(r.get("owner", String.class), "PUBLICATION " + name).build());
        }
        String columns = catalog.atLeast(15) ? """
                ARRAY(SELECT a.attname::text FROM pg_catalog.unnest(pr.prattrs) k(n)
                      JOIN pg_catalog.pg_attribute a ON a.attrelid = pr.prrelid AND a.attnum = k.n
                      ORDER BY k.n)""" : "NULL::text[]";
        String filter = catalog.atLeast(15) ? "pg_catalog.pg_get_expr(pr.prqual, pr.prrelid)" : "NULL::text";
        for (Record r : catalog.query("""
                SELECT p.pubname, s.nspname, c.relname, """ + columns + " AS cols, " + filter + """
                 AS qual,
                       i.type, i.identity
                FROM pg_catalog.pg_publication_rel pr
                JOIN pg_catalog.pg_publication p ON p.oid = pr.prpubid
                JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid
                JOIN s ON s.oid = c.relnamespace
                CROSS JOIN LATERAL pg_catalog.pg_identify_object(
                    'pg_catalog.pg_publication_rel'::pg_catalog.regclass, pr.oid, 0) i
                WHERE""" + Catalog.notExtensionMember("pg_publication", "p.oid") + """
                ORDER BY p.pubname, s.nspname, c.relname""")) {
            QualifiedName table = QualifiedName.of(r.get("nspname", String.class), r.get("relname", String.class));
            StringBuilder sql = new StringBuilder("ALTER PUBLICATION ").append(Sql.id(r.get("pubname", String.class)))
                    .append(" ADD TABLE ONLY ").append(table.quoted());
            String[] cols = r.get("cols", String[].class);
            if (cols != null && cols.length > 0) {
                sql.append(" (").append(Sql.ids(List.of(cols))).append(")");
            }
            String qual = r.get("qual", String.class);
            if (qual != null) {
                sql.append(" WHERE (").append(qual).append(")");
            }
            out.add(CatalogObject.builder(r.get("type", String.class), r.get("identity", String.class))
                    .schema(table.schema()).table(table).section(CatalogObject.Section.POST_DATA)
                    .statements(List.of(sql.toString())).build());
        }
        if (catalog.atLeast(15)) {
            for (Record r : catalog.query("""
                    SELECT p.pubname, s.nspname, i.type, i.identity
                    FROM pg_catalog.pg_publication_namespace pn
                    JOIN pg_catalog.pg_publication p ON p.oid = pn.pnpubid
                    JOIN s ON s.oid = pn.pnnspid
                    CROSS JOIN LATERAL pg_catalog.pg_identify_object(
                        'pg_catalog.pg_publication_namespace'::pg_catalog.regclass, pn.oid, 0) i
                    WHERE""" + Catalog.notExtensionMember("pg_publication", "p.oid") + """
                    ORDER BY p.pubname, s.nspname""")) {
                String schema = r.get("nspname", String.class);
                out.add(CatalogObject.builder(r.get("type", String.class), r.get("identity", String.class))
                        .schema(schema).section(CatalogObject.Section.POST_DATA)
                        .statements(List.of("ALTER PUBLICATION " + Sql.id(r.get("pubname", String.class))
                                + " ADD TABLES IN SCHEMA " + Sql.id(schema))).build());
            }
        }
        return out;
    }
}
