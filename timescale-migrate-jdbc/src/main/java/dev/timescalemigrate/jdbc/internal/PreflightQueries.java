package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;

import org.jooq.DSLContext;
import org.jooq.Record;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Catalog queries the preflight needs: what the target can install and what the users may do. */
final class PreflightQueries {

    private PreflightQueries() {
    }

    /** Extensions the server behind the connection can install. */
    static Set<String> availableExtensions(Connection connection) {
        Set<String> names = new TreeSet<>();
        Sql.dsl(connection).fetch("SELECT name::text AS name FROM pg_catalog.pg_available_extensions")
                .forEach(r -> names.add(r.get("name", String.class)));
        return names;
    }

    /**
     * The source's C-language functions that the target cannot create, one problem per library: creating them
     * needs a superuser, and the target server must be able to load the library and find each function's symbol.
     * Each is tried on the target in a transaction that is rolled back, so nothing is written.
     */
    static List<String> cFunctionProblems(Connection source, Connection target) throws SQLException {
        record CFunction(String signature, String library, String symbol) {
        }
        List<CFunction> functions = new ArrayList<>();
        for (Record r : Sql.fetch(source, """
                SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(p.proname) || '('
                       || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')' AS signature,
                       p.probin AS library, p.prosrc AS symbol
                FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
                JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
                WHERE l.lanname = 'c' AND p.oid >= 16384
                  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^_?timescaledb'
                  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e
                                  WHERE e.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND e.objid = p.oid
                                    AND e.deptype = 'e')
                ORDER BY 2, 1""")) {
            functions.add(new CFunction(r.get("signature", String.class), r.get("library", String.class),
                    r.get("symbol", String.class)));
        }
        if (functions.isEmpty()) {
            return List.of();
        }
        boolean superuser = Boolean.TRUE.equals(Sql.value(target, Boolean.class,
                "SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user"));
        if (!superuser) {
            return List.of("The source has " + functions.size() + " C-language function(s) ("
                    + String.join(", ", functions.stream().map(CFunction::signature).limit(5).toList())
                    + (functions.size() > 5 ? ", ..." : "") + "); only a superuser can create them on the target. "
                    + "Migrate as a superuser, or exclude the schemas that hold them.");
        }
        java.util.Map<String, List<String>> unloadable = new java.util.LinkedHashMap<>();
        boolean autoCommit = target.getAutoCommit();
        target.setAutoCommit(false);
        try (java.sql.Statement s = target.createStatement()) {
            for (CFunction f : functions) {
                s.execute("SAVEPOINT tsm_c_probe");
                try {
                    s.execute("CREATE FUNCTION pg_temp.tsm_c_probe() RETURNS void LANGUAGE c AS "
                            + Sql.literal(f.library()) + ", " + Sql.literal(f.symbol()));
                } catch (SQLException e) {
                    unloadable.computeIfAbsent(f.library() + ": " + PgErrors.serverMessage(e),
                            k -> new ArrayList<>()).add(f.signature());
                }
                s.execute("ROLLBACK TO SAVEPOINT tsm_c_probe");
            }
        } finally {
            target.rollback();
            target.setAutoCommit(autoCommit);
        }
        List<String> problems = new ArrayList<>();
        unloadable.forEach((why, signatures) -> problems.add("The target server cannot create the C-language "
                + "function(s) " + String.join(", ", signatures.stream().limit(5).toList())
                + (signatures.size() > 5 ? " and " + (signatures.size() - 5) + " more" : "") + " (library "
                + why + "). Install the library on the target server at the same path, or exclude the schemas "
                + "that hold them."));
        return problems;
    }

    /**
     * Missing privileges, each with the GRANT that fixes it: SELECT (and schema USAGE) on the source tables;
     * CREATE on the target schemas that exist, or on the target database for schemas to be created (the
     * checkpoint schema included).
     */
    static List<String> privilegeProblems(Connection source, Connection target, Collection<Table> tables,
                                          String checkpointSchema) {
        List<String> problems = new ArrayList<>();
        DSLContext src = Sql.dsl(source);
        String sourceUser = String.valueOf(src.fetchValue("SELECT current_user::text"));
        Set<String> schemas = new LinkedHashSet<>();
        for (Table t : tables) {
            schemas.add(t.name().schema());
        }
        for (String schema : schemas) {
            Object usage = src.fetchValue("SELECT pg_catalog.has_schema_privilege(?, 'USAGE')", schema);
            if (!Boolean.TRUE.equals(usage)) {
                problems.add("The source user " + sourceUser + " lacks USAGE on schema " + Sql.id(schema)
                        + ". Grant it: GRANT USAGE ON SCHEMA " + Sql.id(schema) + " TO " + Sql.id(sourceUser) + ";");
            }
        }
        for (Table t : tables) {
            if (!schemaUsable(src, t.name())) {
                continue;
            }
            Object select = src.fetchValue("SELECT pg_catalog.has_table_privilege(?, 'SELECT')", t.name().quoted());
            if (!Boolean.TRUE.equals(select)) {
                problems.add("The source user " + sourceUser + " lacks SELECT on table " + t.name()
                        + ". Grant it: GRANT SELECT ON " + t.name() + " TO " + Sql.id(sourceUser) + ";");
            }
        }

        DSLContext dst = Sql.dsl(target);
        Record who = dst.fetchOne("""
                SELECT current_user::text AS usr, pg_catalog.current_database()::text AS db,
                       pg_catalog.has_database_privilege(pg_catalog.current_database(), 'CREATE') AS can_create""");
        String targetUser = who.get("usr", String.class);
        boolean canCreateSchemas = Boolean.TRUE.equals(who.get("can_create", Boolean.class));
        Set<String> needed = new LinkedHashSet<>(schemas);
        needed.add(checkpointSchema);
        for (String schema : needed) {
            Object exists = dst.fetchValue("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?)",
                    schema);
            if (Boolean.TRUE.equals(exists)) {
                Object create = dst.fetchValue("SELECT pg_catalog.has_schema_privilege(?, 'CREATE')", schema);
                if (!Boolean.TRUE.equals(create)) {
                    problems.add("The target user " + targetUser + " lacks CREATE on schema " + Sql.id(schema)
                            + ". Grant it: GRANT CREATE ON SCHEMA " + Sql.id(schema) + " TO " + Sql.id(targetUser)
                            + ";");
                }
            } else if (!canCreateSchemas) {
                problems.add("The target user " + targetUser + " cannot create schema " + Sql.id(schema)
                        + " (no CREATE on database " + Sql.id(who.get("db", String.class)) + "). Grant it: GRANT "
                        + "CREATE ON DATABASE " + Sql.id(who.get("db", String.class)) + " TO " + Sql.id(targetUser)
                        + "; or create the schema beforehand.");
            }
        }
        return problems;
    }

    private static boolean schemaUsable(DSLContext dsl, QualifiedName table) {
        return Boolean.TRUE.equals(dsl.fetchValue("SELECT pg_catalog.has_schema_privilege(?, 'USAGE')",
                table.schema()));
    }
}
