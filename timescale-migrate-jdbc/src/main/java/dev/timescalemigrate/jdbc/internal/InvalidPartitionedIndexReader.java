package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.CatalogObject;
import dev.timescalemigrate.model.QualifiedName;
import org.jooq.Record;

import java.util.ArrayList;
import java.util.List;

/**
 * A partitioned table's index that is not valid: some partition (or sub-partition) has no index attached to it,
 * as after {@code CREATE INDEX ... ON ONLY} with only some partitions' indexes attached. Created without
 * {@code ONLY}, as the table's other indexes are, PostgreSQL would build it on every partition; so it is created
 * the way pg_dump does: {@code ON ONLY}, then each index of its tree on its own ({@code ON ONLY} again for a
 * partitioned one) and attached with {@code ALTER INDEX ... ATTACH PARTITION}, parents first. One object of type
 * {@value #INVALID_PARTITIONED_INDEX} (no {@code pg_identify_object} type is named so) per such index, with the
 * index's identity, after the data; the introspector leaves the index out of its table's indexes.
 */
final class InvalidPartitionedIndexReader implements CatalogReader {

    /** The type of an invalid partitioned index with its tree. */
    static final String INVALID_PARTITIONED_INDEX = "invalid partitioned index";

    /** The condition {@code PostgresIntrospector} leaves such an index out by, on {@code pg_index i, pg_class c}. */
    static final String IS_INVALID_PARTITIONED = "(c.relkind = 'p' AND NOT i.indisvalid)";

    @Override
    public List<CatalogObject> read(Catalog catalog) {
        List<CatalogObject> out = new ArrayList<>();
        for (Record r : catalog.query("""
                SELECT s.nspname, c.relname AS table_name, ic.relname AS index_name, id.identity,
                       pg_catalog.pg_get_indexdef(i.indexrelid) AS def,
                       pg_catalog.obj_description(i.indexrelid, 'pg_class') AS comment,
                       ARRAY(WITH RECURSIVE tree(parent, child, depth) AS (
                                 SELECT h.inhparent, h.inhrelid, 1 FROM pg_catalog.pg_inherits h
                                 WHERE h.inhparent = i.indexrelid
                                 UNION ALL
                                 SELECT h.inhparent, h.inhrelid, t.depth + 1
                                 FROM tree t JOIN pg_catalog.pg_inherits h ON h.inhparent = t.child)
                             SELECT x.statement
                             FROM tree t
                             JOIN pg_catalog.pg_class pc ON pc.oid = t.parent
                             JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
                             JOIN pg_catalog.pg_class cc ON cc.oid = t.child
                             JOIN pg_catalog.pg_namespace cn ON cn.oid = cc.relnamespace
                             CROSS JOIN LATERAL (VALUES
                                 (1, pg_catalog.pg_get_indexdef(t.child)),
                                 (2, pg_catalog.format('ALTER INDEX %I.%I ATTACH PARTITION %I.%I',
                                                       pn.nspname, pc.relname, cn.nspname, cc.relname))) x(n, statement)
                             ORDER BY t.depth, cn.nspname, cc.relname, x.n) AS tree
                FROM pg_catalog.pg_index i
                JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
                JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
                JOIN s ON s.oid = c.relnamespace
                CROSS JOIN LATERAL pg_catalog.pg_identify_object('pg_catalog.pg_class'::pg_catalog.regclass,
                                                                 i.indexrelid, 0) id
                WHERE NOT ic.relispartition AND""" + IS_INVALID_PARTITIONED + """
                  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con
                                  WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                                    AND con.contype IN ('p', 'u', 'x'))
                  AND""" + Catalog.notExtensionMember("pg_class", "c.oid") + """
                ORDER BY s.nspname, c.relname, ic.relname""")) {
            String schema = r.get("nspname", String.class);
            List<String> statements = new ArrayList<>();
            statements.add(r.get("def", String.class));
            statements.addAll(List.of(r.get("tree", String[].class)));
            String comment = r.get("comment", String.class);
            if (comment != null) {
                statements.add("COMMENT ON INDEX " + Sql.id(schema, r.get("index_name", String.class)) + " IS "
                        + Sql.literal(comment));
            }
            out.add(CatalogObject.builder(INVALID_PARTITIONED_INDEX, r.get("identity", String.class)).schema(schema)
                    .table(QualifiedName.of(schema, r.get("table_name", String.class)))
                    .section(CatalogObject.Section.POST_DATA).statements(statements).build());
        }
        return out;
    }
}
