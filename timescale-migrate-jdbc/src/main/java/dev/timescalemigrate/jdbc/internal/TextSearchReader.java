package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.CatalogObject;
import org.jooq.Record;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Text search parsers, templates, dictionaries (with their options) and configurations (with their token
 * mappings), before the data: columns, indexes and functions may name them. Parsers and templates have no owner.
 */
final class TextSearchReader implements CatalogReader {

    @Override
    public List<CatalogObject> read(Catalog catalog) {
        List<CatalogObject> out = new ArrayList<>();
        parsers(catalog, out);
        templates(catalog, out);
        dictionaries(catalog, out);
        configurations(catalog, out);
        return out;
    }

    private static String identify(String catalogName, String oid) {
        return " CROSS JOIN LATERAL pg_catalog.pg_identify_object('pg_catalog." + catalogName
                + "'::pg_catalog.regclass, " + oid + ", 0) i ";
    }

    private static CatalogObject.Builder object(Record r, String schema, List<String> statements) {
        return CatalogObject.builder(r.get("type", String.class), r.get("identity", String.class)).schema(schema)
                .section(CatalogObject.Section.PRE_DATA).statements(statements);
    }

    private static void comment(List<String> statements, String kind, String name, Record r) {
        String comment = r.get("comment", String.class);
        if (comment != null) {
            statements.add("COMMENT ON " + kind + " " + name + " IS " + Sql.literal(comment));
        }
    }

    private static void parsers(Catalog catalog, List<CatalogObject> out) {
        for (Record r : catalog.query("""
                SELECT s.nspname, p.prsname, p.prsstart::pg_catalog.regproc::text AS start,
                       p.prstoken::pg_catalog.regproc::text AS gettoken, p.prsend::pg_catalog.regproc::text AS "end",
                       p.prslextype::pg_catalog.regproc::text AS lextypes,
                       CASE WHEN p.prsheadline <> 0 THEN p.prsheadline::pg_catalog.regproc::text END AS headline,
                       i.type, i.identity, pg_catalog.obj_description(p.oid, 'pg_ts_parser') AS comment
                FROM pg_catalog.pg_ts_parser p JOIN s ON s.oid = p.prsnamespace""" + identify("pg_ts_parser", "p.oid")
                + "WHERE" + Catalog.notExtensionMember("pg_ts_parser", "p.oid") + """
                ORDER BY s.nspname, p.prsname""")) {
            String schema = r.get("nspname", String.class);
            String name = Sql.id(schema, r.get("prsname", String.class));
            StringBuilder sql = new StringBuilder("CREATE TEXT SEARCH PARSER ").append(name)
                    .append(" (START = ").append(r.get("start", String.class))
                    .append(", GETTOKEN = ").append(r.get("gettoken", String.class))
                    .append(", END = ").append(r.get("end", String.class))
                    .append(", LEXTYPES = ").append(r.get("lextypes", String.class));
            if (r.get("headline", String.class) != null) {
                sql.append(", HEADLINE = ").append(r.get("headline", String.class));
            }
            List<String> statements = new ArrayList<>(List.of(sql.append(")").toString()));
            comment(statements, "TEXT SEARCH PARSER", name, r);
            out.add(object(r, schema, statements).build());
        }
    }

    private static void templates(Catalog catalog, List<CatalogObject> out) {
        for (Record r : catalog.query("""
                SELECT s.nspname, t.tmplname,
                       CASE WHEN t.tmplinit <> 0 THEN t.tmplinit::pg_catalog.regproc::text END AS init,
                       t.tmpllexize::pg_catalog.regproc::text AS lexize,
                       i.type, i.identity, pg_catalog.obj_description(t.oid, 'pg_ts_template') AS comment
                FROM pg_catalog.pg_ts_template t JOIN s ON s.oid = t.tmplnamespace"""
                + identify("pg_ts_template", "t.oid")
                + "WHERE" + Catalog.notExtensionMember("pg_ts_template", "t.oid") + """
                ORDER BY s.nspname, t.tmplname""")) {
            String schema = r.get("nspname", String.class);
            String name = Sql.id(schema, r.get("tmplname", String.class));
            StringBuilder sql = new StringBuilder("CREATE TEXT SEARCH TEMPLATE ").append(name).append(" (");
            if (r.get("init", String.class) != null) {
                sql.append("INIT = ").append(r.get("init", String.class)).append(", ");
            }
            sql.append("LEXIZE = ").append(r.get("lexize", String.class)).append(")");
            List<String> statements = new ArrayList<>(List.of(sql.toString()));
            comment(statements, "TEXT SEARCH TEMPLATE", name, r);
            out.add(object(r, schema, statements).build());
        }
    }

    private static void dictionaries(Catalog catalog, List<CatalogObject> out) {
        for (Record r : catalog.query("""
                SELECT s.nspname, d.dictname, tn.nspname AS template_schema, t.tmplname, d.dictinitoption,
                       pg_catalog.pg_get_userbyid(d.dictowner) AS owner,
                       i.type, i.identity, pg_catalog.obj_description(d.oid, 'pg_ts_dict') AS comment
                FROM pg_catalog.pg_ts_dict d JOIN s ON s.oid = d.dictnamespace
                JOIN pg_catalog.pg_ts_template t ON t.oid = d.dicttemplate
                JOIN pg_catalog.pg_namespace tn ON tn.oid = t.tmplnamespace"""
                + identify("pg_ts_dict", "d.oid")
                + "WHERE" + Catalog.notExtensionMember("pg_ts_dict", "d.oid") + """
                ORDER BY s.nspname, d.dictname""")) {
            String schema = r.get("nspname", String.class);
            String name = Sql.id(schema, r.get("dictname", String.class));
            StringBuilder sql = new StringBuilder("CREATE TEXT SEARCH DICTIONARY ").append(name)
                    .append(" (TEMPLATE = ")
                    .append(Sql.id(r.get("template_schema", String.class), r.get("tmplname", String.class)));
            String options = r.get("dictinitoption", String.class);
            if (options != null && !options.isBlank()) {
                sql.append(", ").append(options); // as the source stored them: name = 'value' pairs
            }
            List<String> statements = new ArrayList<>(List.of(sql.append(")").toString()));
            comment(statements, "TEXT SEARCH DICTIONARY", name, r);
            out.add(object(r, schema, statements)
                    .owner(r.get("owner", String.class), "TEXT SEARCH DICTIONARY " + name).build());
        }
    }

    private static void configurations(Catalog catalog, List<CatalogObject> out) {
        Map<Long, List<String>> mappings = new LinkedHashMap<>();
        long previousConfig = -1;
        String previousToken = null;
        StringBuilder current = null;
        for (Record r : catalog.query("""
                SELECT m.mapcfg::bigint AS cfg, c.cfgname, s.nspname,
                       (SELECT t.alias FROM pg_catalog.ts_token_type(c.cfgparser) t
                        WHERE t.tokid = m.maptokentype) AS token,
                       m.mapdict::pg_catalog.regdictionary::text AS dict
                FROM pg_catalog.pg_ts_config_map m
                JOIN pg_catalog.pg_ts_config c ON c.oid = m.mapcfg
                JOIN s ON s.oid = c.cfgnamespace
                ORDER BY m.mapcfg, m.maptokentype, m.mapseqno""")) {
            long cfg = r.get("cfg", Long.class);
            String token = r.get("token", String.class);
            if (cfg != previousConfig || !token.equals(previousToken)) {
                current = new StringBuilder("ALTER TEXT SEARCH CONFIGURATION ")
                        .append(Sql.id(r.get("nspname", String.class), r.get("cfgname", String.class)))
                        .append(" ADD MAPPING FOR ").append(Sql.id(token)).append(" WITH ")
                        .append(r.get("dict", String.class));
                mappings.computeIfAbsent(cfg, k -> new ArrayList<>()).add(null);
                previousConfig = cfg;
                previousToken = token;
            } else {
                current.append(", ").append(r.get("dict", String.class));
            }
            List<String> list = mappings.get(cfg);
            list.set(list.size() - 1, current.toString());
        }
        for (Record r : catalog.query("""
                SELECT c.oid::bigint AS oid, s.nspname, c.cfgname, pn.nspname AS parser_schema, p.prsname,
                       pg_catalog.pg_get_userbyid(c.cfgowner) AS owner,
                       i.type, i.identity, pg_catalog.obj_description(c.oid, 'pg_ts_config') AS comment
                FROM pg_catalog.pg_ts_config c JOIN s ON s.oid = c.cfgnamespace
                JOIN pg_catalog.pg_ts_parser p ON p.oid = c.cfgparser
                JOIN pg_catalog.pg_namespace pn ON pn.oid = p.prsnamespace"""
                + identify("pg_ts_config", "c.oid")
                + "WHERE" + Catalog.notExtensionMember("pg_ts_config", "c.oid") + """
                ORDER BY s.nspname, c.cfgname""")) {
            String schema = r.get("nspname", String.class);
            String name = Sql.id(schema, r.get("cfgname", String.class));
            List<String> statements = new ArrayList<>();
            statements.add("CREATE TEXT SEARCH CONFIGURATION " + name + " (PARSER = "
                    + Sql.id(r.get("parser_schema", String.class), r.get("prsname", String.class)) + ")");
            statements.addAll(mappings.getOrDefault(r.get("oid", Long.class), List.of()));
            comment(statements, "TEXT SEARCH CONFIGURATION", name, r);
            out.add(object(r, schema, statements)
                    .owner(r.get("owner", String.class), "TEXT SEARCH CONFIGURATION " + name).build());
        }
    }
}
