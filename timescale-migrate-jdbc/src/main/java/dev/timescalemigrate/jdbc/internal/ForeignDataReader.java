package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.CatalogObject;
import dev.timescalemigrate.model.QualifiedName;
import org.jooq.Record;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Foreign data wrappers, foreign servers, user mappings and foreign tables, before the data. A foreign table is
 * structure only: it is no table of the model, so no strategy copies it (its rows live on the foreign server).
 * User mappings are copied with their options as the catalog holds them, passwords included; those options are
 * only ever in the statements, never in an object's name, which is what the migration logs.
 *
 * <p>Foreign tables that are partitions or inheritance children are left out (the introspector reports them as
 * unsupported).
 */
final class ForeignDataReader implements CatalogReader {

    @Override
    public List<CatalogObject> read(Catalog catalog) {
        List<CatalogObject> out = new ArrayList<>();
        wrappers(catalog, out);
        servers(catalog, out);
        userMappings(catalog, out);
        foreignTables(catalog, out);
        return out;
    }

    /** The names and the values of a generic options array, in its order. */
    private static String optionColumns(String options, String prefix) {
        return " ARRAY(SELECT o.option_name::text FROM pg_catalog.pg_options_to_table(" + options + ") o) AS "
                + prefix + "_names, ARRAY(SELECT o.option_value::text FROM pg_catalog.pg_options_to_table("
                + options + ") o) AS " + prefix + "_values ";
    }

    /** {@code OPTIONS (name 'value', ...)}, with a leading space, or nothing. */
    private static String options(Record r, String prefix) {
        String[] names = r.get(prefix + "_names", String[].class);
        String[] values = r.get(prefix + "_values", String[].class);
        if (names == null || names.length == 0) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            pairs.add(Sql.id(names[i]) + " " + Sql.literal(values[i]));
        }
        return " OPTIONS (" + String.join(", ", pairs) + ")";
    }

    private static void comment(List<String> statements, String kind, String name, Record r) {
        String comment = r.get("comment", String.class);
        if (comment != null) {
            statements.add("COMMENT ON " + kind + " " + name + " IS " + Sql.literal(comment));
        }
    }

    private static void wrappers(Catalog catalog, List<CatalogObject> out) {
        for (Record r : catalog.query("""
                SELECT w.fdwname,
                       CASE WHEN w.fdwhandler <> 0 THEN w.fdwhandler::pg_catalog.regproc::text END AS handler,
                       CASE WHEN w.fdwvalidator <> 0 THEN w.fdwvalidator::pg_catalog.regproc::text END AS validator,
                       pg_catalog.pg_get_userbyid(w.fdwowner) AS owner,
                       i.type, i.identity, pg_catalog.obj_description(w.oid, 'pg_foreign_data_wrapper') AS comment,
                """ + optionColumns("w.fdwoptions", "opt") + """
                FROM pg_catalog.pg_foreign_data_wrapper w
                CROSS JOIN LATERAL pg_catalog.pg_identify_object(
                    'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass, w.oid, 0) i
                WHERE w.oid >= 16384 AND""" + Catalog.notExtensionMember("pg_foreign_data_wrapper", "w.oid") + """
                ORDER BY w.fdwname""")) {
            String name = Sql.id(r.get("fdwname", String.class));
            StringBuilder sql = new StringBuilder("CREATE FOREIGN DATA WRAPPER ").append(name);
            if (r.get("handler", String.class) != null) {
                sql.append(" HANDLER ").append(r.get("handler", String.class));
            }
            if (r.get("validator", String.class) != null) {
                sql.append(" VALIDATOR ").append(r.get("validator", String.class));
            }
            sql.append(options(r, "opt"));
            List<String> statements = new ArrayList<>(List.of(sql.toString()));
            comment(statements, "FOREIGN DATA WRAPPER", name, r);
            out.add(CatalogObject.builder(r.get("type", String.class), r.get("identity", String.class))
                    .section(CatalogObject.Section.PRE_DATA).statements(statements)
                    .owner(r.get("owner", String.class), "FOREIGN DATA WRAPPER " + name).build());
        }
    }

    private static void servers(Catalog catalog, List<CatalogObject> out) {
        for (Record r : catalog.query("""
                SELECT v.srvname, v.srvtype, v.srvversion, w.fdwname,
                       pg_catalog.pg_get_userbyid(v.srvowner) AS owner,
                       i.type, i.identity, pg_catalog.obj_description(v.oid, 'pg_foreign_server') AS comment,
                """ + optionColumns("v.srvoptions", "opt") + """
                FROM pg_catalog.pg_foreign_server v
                JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = v.srvfdw
                CROSS JOIN LATERAL pg_catalog.pg_identify_object(
                    'pg_catalog.pg_foreign_server'::pg_catalog.regclass, v.oid, 0) i
                WHERE v.oid >= 16384 AND""" + Catalog.notExtensionMember("pg_foreign_server", "v.oid") + """
                ORDER BY v.srvname""")) {
            String name = Sql.id(r.get("srvname", String.class));
            StringBuilder sql = new StringBuilder("CREATE SERVER ").append(name);
            if (r.get("srvtype", String.class) != null) {
                sql.append(" TYPE ").append(Sql.literal(r.get("srvtype", String.class)));
            }
            if (r.get("srvversion", String.class) != null) {
                sql.append(" VERSION ").append(Sql.literal(r.get("srvversion", String.class)));
            }
            sql.append(" FOREIGN DATA WRAPPER ").append(Sql.id(r.get("fdwname", String.class)))
                    .append(options(r, "opt"));
            List<String> statements = new ArrayList<>(List.of(sql.toString()));
            comment(statements, "SERVER", name, r);
            out.add(CatalogObject.builder(r.get("type", String.class), r.get("identity", String.class))
                    .section(CatalogObject.Section.PRE_DATA).statements(statements)
                    .owner(r.get("owner", String.class), "SERVER " + name).build());
        }
    }

    private static void userMappings(Catalog catalog, List<CatalogObject> out) {
        // the view shows the options to the superuser and to the server's owner (for their own and PUBLIC's)
        for (Record r : catalog.query("""
                SELECT m.srvname, m.umuser = 0 AS public, m.usename::text AS usename, i.type, i.identity,
                """ + optionColumns("m.umoptions", "opt") + """
                FROM pg_catalog.pg_user_mappings m
                CROSS JOIN LATERAL pg_catalog.pg_identify_object('pg_catalog.pg_user_mapping'::pg_catalog.regclass,
                                                                 m.umid, 0) i
                WHERE m.srvid >= 16384 AND""" + Catalog.notExtensionMember("pg_foreign_server", "m.srvid") + """
                ORDER BY m.srvname, m.usename""")) {
            String user = Sql.boolOf(r, "public") ? "PUBLIC" : Sql.id(r.get("usename", String.class));
            out.add(CatalogObject.builder(r.get("type", String.class), r.get("identity", String.class))
                    .section(CatalogObject.Section.PRE_DATA)
                    .statements(List.of("CREATE USER MAPPING FOR " + user + " SERVER "
                            + Sql.id(r.get("srvname", String.class)) + options(r, "opt"))).build());
        }
    }

    private static void foreignTables(Catalog catalog, List<CatalogObject> out) {
        String generated = catalog.atLeast(12) ? "a.attgenerated::text" : "''::text";
        Map<Long, List<String>> columns = new HashMap<>();
        Map<Long, List<String>> columnComments = new HashMap<>();
        for (Record r : catalog.query("""
                SELECT a.attrelid::bigint AS oid, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
                       a.attnotnull, pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) AS default_value,
                """ + generated + """
                 AS generated,
                       CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN cn.nspname::text
                       END AS coll_schema,
                       CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN co.collname::text
                       END AS coll_name,
                       pg_catalog.col_description(a.attrelid, a.attnum) AS comment,
                """ + optionColumns("a.attfdwoptions", "opt") + """
                FROM pg_catalog.pg_attribute a
                JOIN pg_catalog.pg_class c ON c.oid = a.attrelid AND c.relkind = 'f'
                JOIN s ON s.oid = c.relnamespace
                JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
                LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
                LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
                LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
                WHERE a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attrelid, a.attnum""")) {
            long oid = r.get("oid", Long.class);
            String column = Sql.id(r.get("attname", String.class));
            StringBuilder def = new StringBuilder(column).append(' ').append(r.get("type", String.class))
                    .append(options(r, "opt"));
            if (r.get("coll_name", String.class) != null) {
                def.append(" COLLATE ").append(Sql.id(r.get("coll_schema", String.class),
                        r.get("coll_name", String.class)));
            }
            String expr = r.get("default_value", String.class);
            if (expr != null) {
                def.append("s".equals(r.get("generated", String.class))
                        ? " GENERATED ALWAYS AS (" + expr + ") STORED" : " DEFAULT " + expr);
            }
            if (Sql.boolOf(r, "attnotnull")) {
                def.append(" NOT NULL");
            }
            columns.computeIfAbsent(oid, k -> new ArrayList<>()).add(def.toString());
            if (r.get("comment", String.class) != null) {
                columnComments.computeIfAbsent(oid, k -> new ArrayList<>())
                        .add(column + " IS " + Sql.literal(r.get("comment", String.class)));
            }
        }
        Map<Long, List<String[]>> checks = new HashMap<>();
        for (Record r : catalog.query("""
                SELECT con.conrelid::bigint AS oid, con.conname, pg_catalog.pg_get_constraintdef(con.oid) AS def,
                       con.convalidated, pg_catalog.obj_description(con.oid, 'pg_constraint') AS comment
                FROM pg_catalog.pg_constraint con
                JOIN pg_catalog.pg_class c ON c.oid = con.conrelid AND c.relkind = 'f'
                JOIN s ON s.oid = c.relnamespace
                WHERE con.contype = 'c' AND con.conislocal
                ORDER BY con.conrelid, con.conname""")) {
            checks.computeIfAbsent(r.get("oid", Long.class), k -> new ArrayList<>()).add(new String[] {
                    r.get("conname", String.class), r.get("def", String.class),
                    String.valueOf(Sql.boolOf(r, "convalidated")), r.get("comment", String.class)});
        }
        for (Record r : catalog.query("""
                SELECT c.oid::bigint AS oid, s.nspname, c.relname, v.srvname,
                       pg_catalog.pg_get_userbyid(c.relowner) AS owner,
                       i.type, i.identity, pg_catalog.obj_description(c.oid, 'pg_class') AS comment,
                """ + optionColumns("ft.ftoptions", "opt") + """
                FROM pg_catalog.pg_foreign_table ft
                JOIN pg_catalog.pg_class c ON c.oid = ft.ftrelid
                JOIN s ON s.oid = c.relnamespace
                JOIN pg_catalog.pg_foreign_server v ON v.oid = ft.ftserver
                CROSS JOIN LATERAL pg_catalog.pg_identify_object('pg_catalog.pg_class'::pg_catalog.regclass,
                                                                 c.oid, 0) i
                WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits h WHERE h.inhrelid = c.oid)
                  AND""" + Catalog.notExtensionMember("pg_class", "c.oid") + """
                ORDER BY s.nspname, c.relname""")) {
            long oid = r.get("oid", Long.class);
            QualifiedName table = QualifiedName.of(r.get("nspname", String.class), r.get("relname", String.class));
            List<String> elements = new ArrayList<>(columns.getOrDefault(oid, List.of()));
            List<String> statements = new ArrayList<>();
            List<String> after = new ArrayList<>();
            for (String[] check : checks.getOrDefault(oid, List.of())) {
                String constraint = "CONSTRAINT " + Sql.id(check[0]) + " " + check[1];
                if (Boolean.parseBoolean(check[2])) {
                    elements.add(constraint);
                } else { // NOT VALID: only ALTER ... ADD CONSTRAINT has it
                    after.add("ALTER FOREIGN TABLE " + table.quoted() + " ADD " + constraint);
                }
                if (check[3] != null) {
                    after.add("COMMENT ON CONSTRAINT " + Sql.id(check[0]) + " ON " + table.quoted() + " IS "
                            + Sql.literal(check[3]));
                }
            }
            statements.add("CREATE FOREIGN TABLE " + table.quoted() + " (" + String.join(", ", elements)
                    + ") SERVER " + Sql.id(r.get("srvname", String.class)) + options(r, "opt"));
            statements.addAll(after);
            comment(statements, "FOREIGN TABLE", table.quoted(), r);
            for (String c : columnComments.getOrDefault(oid, List.of())) {
                statements.add("COMMENT ON COLUMN " + table.quoted() + "." + c);
            }
            out.add(CatalogObject.builder(r.get("type", String.class), r.get("identity", String.class))
                    .schema(table.schema()).section(CatalogObject.Section.PRE_DATA).statements(statements)
                    .owner(r.get("owner", String.class), "FOREIGN TABLE " + table.quoted()).build());
        }
    }
}
