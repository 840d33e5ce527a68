package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.CatalogObject;
import org.jooq.Record;

import java.util.ArrayList;
import java.util.List;

/**
 * Aggregates ({@code pg_aggregate}, {@code prokind = 'a'}): ordinary, moving-aggregate, parallel, ordered-set and
 * hypothetical ones, with every option {@code CREATE AGGREGATE} takes. Functions and types are printed by
 * PostgreSQL's {@code regproc}/{@code regtype} output (qualified where the empty search_path needs it), the argument
 * list by {@code pg_get_function_arguments}, which writes the {@code ORDER BY} of ordered-set aggregates.
 */
final class AggregateReader implements CatalogReader {

    private static final String QUERY = """
            SELECT i.type, i.identity, s.nspname, p.proname,
                   pg_catalog.pg_get_function_arguments(p.oid) AS args,
                   pg_catalog.pg_get_function_identity_arguments(p.oid) AS identity_args,
                   a.aggkind::text AS kind, a.aggtransfn::pg_catalog.regproc::text AS sfunc,
                   a.aggtranstype::pg_catalog.regtype::text AS stype, a.aggtransspace, a.agginitval,
                   a.aggfinalfn::pg_catalog.regproc::text AS finalfunc, a.aggfinalextra,
                   a.aggfinalmodify::text AS finalmodify,
                   a.aggcombinefn::pg_catalog.regproc::text AS combinefunc,
                   a.aggserialfn::pg_catalog.regproc::text AS serialfunc,
                   a.aggdeserialfn::pg_catalog.regproc::text AS deserialfunc,
                   a.aggmtransfn::pg_catalog.regproc::text AS msfunc,
                   a.aggminvtransfn::pg_catalog.regproc::text AS minvfunc,
                   CASE WHEN a.aggmtranstype <> 0 THEN a.aggmtranstype::pg_catalog.regtype::text END AS mstype,
                   a.aggmtransspace, a.aggminitval,
                   a.aggmfinalfn::pg_catalog.regproc::text AS mfinalfunc, a.aggmfinalextra,
                   a.aggmfinalmodify::text AS mfinalmodify,
                   son.nspname AS sortop_schema, so.oprname AS sortop_name,
                   p.proparallel::text AS parallel,
                   pg_catalog.obj_description(p.oid, 'pg_proc') AS comment,
                   pg_catalog.pg_get_userbyid(p.proowner)::text AS owner
            FROM pg_catalog.pg_proc p JOIN s ON s.oid = p.pronamespace
            JOIN pg_catalog.pg_aggregate a ON a.aggfnoid = p.oid
            LEFT JOIN pg_catalog.pg_operator so ON so.oid = a.aggsortop
            LEFT JOIN pg_catalog.pg_namespace son ON son.oid = so.oprnamespace
            CROSS JOIN LATERAL pg_catalog.pg_identify_object('pg_catalog.pg_proc'::pg_catalog.regclass, p.oid, 0) i
            WHERE p.prokind = 'a' AND""" + CatalogReader.Catalog.notExtensionMember("pg_proc", "p.oid") + """
            ORDER BY s.nspname, p.proname, 6""";

    @Override
    public List<CatalogObject> read(Catalog catalog) {
        return catalog.query(QUERY).map(AggregateReader::aggregate);
    }

    private static CatalogObject aggregate(Record r) {
        String kind = r.get("kind", String.class);
        // DefineAggregate's default: READ_ONLY for ordinary aggregates, READ_WRITE for ordered-set ones
        String defaultModify = "n".equals(kind) ? "r" : "w";
        List<String> o = new ArrayList<>();
        o.add("SFUNC = " + r.get("sfunc", String.class));
        o.add("STYPE = " + r.get("stype", String.class));
        space(o, "SSPACE", r.get("aggtransspace", Integer.class));
        if (r.get("agginitval", String.class) != null) {
            o.add("INITCOND = " + Sql.literal(r.get("agginitval", String.class)));
        }
        finalFunction(o, "", r.get("finalfunc", String.class), Sql.boolOf(r, "aggfinalextra"),
                r.get("finalmodify", String.class), defaultModify);
        function(o, "COMBINEFUNC", r.get("combinefunc", String.class));
        function(o, "SERIALFUNC", r.get("serialfunc", String.class));
        function(o, "DESERIALFUNC", r.get("deserialfunc", String.class));
        if (function(o, "MSFUNC", r.get("msfunc", String.class))) {
            function(o, "MINVFUNC", r.get("minvfunc", String.class));
            o.add("MSTYPE = " + r.get("mstype", String.class));
        }
        space(o, "MSSPACE", r.get("aggmtransspace", Integer.class));
        if (r.get("aggminitval", String.class) != null) {
            o.add("MINITCOND = " + Sql.literal(r.get("aggminitval", String.class)));
        }
        finalFunction(o, "M", r.get("mfinalfunc", String.class), Sql.boolOf(r, "aggmfinalextra"),
                r.get("mfinalmodify", String.class), defaultModify);
        if (r.get("sortop_name", String.class) != null) {
            o.add("SORTOP = " + OperatorReader.reference(r.get("sortop_schema", String.class),
                    r.get("sortop_name", String.class)));
        }
        if ("h".equals(kind)) {
            o.add("HYPOTHETICAL");
        }
        switch (r.get("parallel", String.class)) {
            case "s" -> o.add("PARALLEL = SAFE");
            case "r" -> o.add("PARALLEL = RESTRICTED");
            default -> {
            }
        }
        String name = Sql.id(r.get("nspname", String.class), r.get("proname", String.class));
        String args = r.get("args", String.class);
        String identityArgs = r.get("identity_args", String.class);
        String signature = name + "(" + (identityArgs.isEmpty() ? "*" : identityArgs) + ")";
        List<String> statements = new ArrayList<>();
        statements.add("CREATE AGGREGATE " + name + "(" + (args.isEmpty() ? "*" : args) + ") (\n    "
                + String.join(",\n    ", o) + "\n)");
        String comment = r.get("comment", String.class);
        if (comment != null) {
            statements.add("COMMENT ON AGGREGATE " + signature + " IS " + Sql.literal(comment));
        }
        return CatalogObject.builder(r.get("type", String.class), r.get("identity", String.class))
                .schema(r.get("nspname", String.class)).statements(statements)
                .owner(r.get("owner", String.class), "AGGREGATE " + signature).build();
    }

    /** Adds {@code NAME = function} unless the catalog holds none ({@code -}); whether it added it. */
    private static boolean function(List<String> options, String name, String function) {
        if (function == null || function.equals("-")) {
            return false;
        }
        options.add(name + " = " + function);
        return true;
    }

    private static void space(List<String> options, String name, Integer bytes) {
        if (bytes != null && bytes != 0) {
            options.add(name + " = " + bytes);
        }
    }

    private static void finalFunction(List<String> options, String prefix, String function, boolean extra,
                                      String modify, String defaultModify) {
        if (!function(options, prefix + "FINALFUNC", function)) {
            return;
        }
        if (extra) {
            options.add(prefix + "FINALFUNC_EXTRA");
        }
        if (modify != null && !modify.equals(defaultModify)) {
            options.add(prefix + "FINALFUNC_MODIFY = " + switch (modify) {
                case "r" -> "READ_ONLY";
                case "s" -> "SHAREABLE";
                case "w" -> "READ_WRITE";
                default -> throw new IllegalStateException("unexpected aggfinalmodify " + modify);
            });
        }
    }
}
