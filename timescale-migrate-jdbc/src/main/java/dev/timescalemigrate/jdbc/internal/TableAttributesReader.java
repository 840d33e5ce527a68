package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.CatalogObject;
import dev.timescalemigrate.model.QualifiedName;
import org.jooq.Record;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The properties of a table (or materialized view, or foreign table) that pg_dump sets with {@code ALTER TABLE}
 * after creating it and that the table's own DDL leaves out: per column its statistics target, storage (where it
 * differs from the type's), compression method and options ({@code n_distinct} and the like); the table's replica
 * identity and the index it is clustered on; the statistics targets of index columns; the enabled state of a
 * partition's trigger cloned from its parent's where it differs from the parent's; the comment of an index backing
 * a key. (A materialized view's
 * indexes are created after these objects, with its contents: its replica identity, clustering index and index
 * statistics targets are left out.) One object of type
 * {@value #TABLE_ATTRIBUTES} (no {@code pg_identify_object} type is named so) per table, with the table's identity,
 * after the data (the indexes they name exist by then).
 */
final class TableAttributesReader implements CatalogReader {

    /** The type of a table's attributes. */
    static final String TABLE_ATTRIBUTES = "table attributes";

    /** The relations, as {@code rel (oid, nspname, relname, relkind, identity)}. */
    private static final String RELATIONS = """
            , rel AS (
              SELECT c.oid, s.nspname, c.relname, c.relkind, c.relreplident, i.identity
              FROM pg_catalog.pg_class c JOIN s ON s.oid = c.relnamespace
              CROSS JOIN LATERAL pg_catalog.pg_identify_object('pg_catalog.pg_class'::pg_catalog.regclass,
                                                               c.oid, 0) i
              WHERE c.relkind IN ('r', 'p', 'm', 'f')
                AND""" + Catalog.notExtensionMember("pg_class", "c.oid") + """
            )
            """;

    private record Relation(QualifiedName name, boolean foreign, String identity, List<String> statements) {
        String alter() {
            return (foreign ? "ALTER FOREIGN TABLE ONLY " : "ALTER TABLE ONLY ") + name.quoted();
        }
    }

    @Override
    public List<CatalogObject> read(Catalog catalog) {
        Map<Long, Relation> relations = new LinkedHashMap<>();
        // pg_attver (PostgreSQL 15.20 and the like) is the server's own bookkeeping, which pg_dump leaves out too
        String compressionColumn = catalog.atLeast(14) ? "a.attcompression::text" : "''::text";
        for (Record r : catalog.query(RELATIONS + """
                SELECT rel.oid::bigint AS oid, rel.nspname, rel.relname, rel.relkind::text AS relkind, rel.identity,
                       a.attname, CASE WHEN a.attstattarget >= 0 THEN a.attstattarget::int END AS stattarget,
                       CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END AS storage,
                       """ + compressionColumn + """
                        AS compression,
                       pg_catalog.array_to_string(ARRAY(SELECT o FROM pg_catalog.unnest(a.attoptions) o
                                                        WHERE o NOT LIKE 'pg\\_attver=%'), ', ') AS options
                FROM rel
                JOIN pg_catalog.pg_attribute a ON a.attrelid = rel.oid
                JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
                WHERE a.attnum > 0 AND NOT a.attisdropped
                ORDER BY rel.nspname, rel.relname, a.attnum""")) {
            Relation rel = relation(relations, r);
            String column = Sql.id(r.get("attname", String.class));
            Integer target = r.get("stattarget", Integer.class);
            if (target != null) {
                rel.statements().add(rel.alter() + " ALTER COLUMN " + column + " SET STATISTICS " + target);
            }
            String storage = switch (String.valueOf(r.get("storage", String.class))) {
                case "p" -> "PLAIN";
                case "e" -> "EXTERNAL";
                case "x" -> "EXTENDED";
                case "m" -> "MAIN";
                default -> null;
            };
            if (storage != null) {
                rel.statements().add(rel.alter() + " ALTER COLUMN " + column + " SET STORAGE " + storage);
            }
            String compression = switch (String.valueOf(r.get("compression", String.class))) {
                case "p" -> "pglz";
                case "l" -> "lz4";
                default -> null;
            };
            if (compression != null) {
                rel.statements().add(rel.alter() + " ALTER COLUMN " + column + " SET COMPRESSION " + compression);
            }
            String options = r.get("options", String.class);
            if (options != null && !options.isEmpty()) {
                rel.statements().add(rel.alter() + " ALTER COLUMN " + column + " SET (" + options + ")");
            }
        }
        for (Record r : catalog.query(RELATIONS + """
                SELECT rel.oid::bigint AS oid, rel.nspname, rel.relname, rel.relkind::text AS relkind, rel.identity,
                       rel.relreplident::text AS replident,
                       (SELECT ic.relname FROM pg_catalog.pg_index x
                        JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid
                        WHERE x.indrelid = rel.oid AND x.indisreplident) AS replident_index,
                       (SELECT ic.relname FROM pg_catalog.pg_index x
                        JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid
                        WHERE x.indrelid = rel.oid AND x.indisclustered) AS cluster_index
                FROM rel
                WHERE rel.relkind IN ('r', 'p')
                  AND (rel.relreplident <> 'd'
                       OR EXISTS (SELECT 1 FROM pg_catalog.pg_index x
                                  WHERE x.indrelid = rel.oid AND x.indisclustered))
                ORDER BY rel.nspname, rel.relname""")) {
            Relation rel = relation(relations, r);
            String identity = switch (r.get("replident", String.class)) {
                case "n" -> "NOTHING";
                case "f" -> "FULL";
                case "i" -> r.get("replident_index", String.class) == null ? null
                        : "USING INDEX " + Sql.id(r.get("replident_index", String.class));
                default -> null;
            };
            if (identity != null) {
                rel.statements().add(rel.alter() + " REPLICA IDENTITY " + identity);
            }
            String cluster = r.get("cluster_index", String.class);
            if (cluster != null) {
                rel.statements().add("ALTER TABLE " + rel.name().quoted() + " CLUSTER ON " + Sql.id(cluster));
            }
        }
        // statistics targets of index columns (expressions); not of a partition's indexes, which follow its parent's
        for (Record r : catalog.query(RELATIONS + """
                SELECT rel.oid::bigint AS oid, rel.nspname, rel.relname, rel.relkind::text AS relkind, rel.identity,
                       ic.relname AS index_name, a.attnum, a.attstattarget::int AS stattarget
                FROM rel
                JOIN pg_catalog.pg_index x ON x.indrelid = rel.oid
                JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid
                JOIN pg_catalog.pg_attribute a ON a.attrelid = ic.oid
                WHERE a.attnum > 0 AND a.attstattarget >= 0 AND NOT ic.relispartition AND rel.relkind IN ('r', 'p')
                ORDER BY rel.nspname, rel.relname, ic.relname, a.attnum""")) {
            Relation rel = relation(relations, r);
            rel.statements().add("ALTER INDEX " + Sql.id(rel.name().schema(), r.get("index_name", String.class))
                    + " ALTER COLUMN " + r.get("attnum", Integer.class) + " SET STATISTICS "
                    + r.get("stattarget", Integer.class));
        }
        // a trigger a partition has from its parent's, enabled otherwise than the parent's (the clone is made with
        // the parent's state); ONLY, which leaves the partition's own partitions as they are
        for (Record r : catalog.query(RELATIONS + """
                SELECT rel.oid::bigint AS oid, rel.nspname, rel.relname, rel.relkind::text AS relkind, rel.identity,
                       t.tgname, t.tgenabled::text AS enabled
                FROM rel
                JOIN pg_catalog.pg_trigger t ON t.tgrelid = rel.oid
                JOIN pg_catalog.pg_trigger pt ON pt.oid = t.tgparentid
                WHERE t.tgparentid <> 0 AND NOT t.tgisinternal AND t.tgenabled <> pt.tgenabled
                ORDER BY rel.nspname, rel.relname, t.tgname""")) {
            Relation rel = relation(relations, r);
            String state = switch (r.get("enabled", String.class)) {
                case "D" -> "DISABLE";
                case "R" -> "ENABLE REPLICA";
                case "A" -> "ENABLE ALWAYS";
                default -> "ENABLE";
            };
            rel.statements().add("ALTER TABLE ONLY " + rel.name().quoted() + " " + state + " TRIGGER "
                    + Sql.id(r.get("tgname", String.class)));
        }
        // the comment of an index that backs a primary key, unique or exclusion constraint (made with it)
        for (Record r : catalog.query(RELATIONS + """
                SELECT rel.oid::bigint AS oid, rel.nspname, rel.relname, rel.relkind::text AS relkind, rel.identity,
                       ic.relname AS index_name, pg_catalog.obj_description(ic.oid, 'pg_class') AS comment
                FROM rel
                JOIN pg_catalog.pg_constraint con ON con.conrelid = rel.oid AND con.contype IN ('p', 'u', 'x')
                JOIN pg_catalog.pg_class ic ON ic.oid = con.conindid
                WHERE pg_catalog.obj_description(ic.oid, 'pg_class') IS NOT NULL AND rel.relkind IN ('r', 'p')
                ORDER BY rel.nspname, rel.relname, ic.relname""")) {
            Relation rel = relation(relations, r);
            rel.statements().add("COMMENT ON INDEX " + Sql.id(rel.name().schema(), r.get("index_name", String.class))
                    + " IS " + Sql.literal(r.get("comment", String.class)));
        }
        List<CatalogObject> out = new ArrayList<>();
        for (Relation rel : relations.values()) {
            if (!rel.statements().isEmpty()) {
                // a foreign table is no table of the model: its attributes go with the database, as it does
                out.add(CatalogObject.builder(TABLE_ATTRIBUTES, rel.identity()).schema(rel.name().schema())
                        .table(rel.foreign() ? null : rel.name()).section(CatalogObject.Section.POST_DATA)
                        .statements(rel.statements()).build());
            }
        }
        return out;
    }

    private static Relation relation(Map<Long, Relation> relations, Record r) {
        return relations.computeIfAbsent(r.get("oid", Long.class), oid -> new Relation(
                QualifiedName.of(r.get("nspname", String.class), r.get("relname", String.class)),
                "f".equals(r.get("relkind", String.class)), r.get("identity", String.class), new ArrayList<>()));
    }
}
