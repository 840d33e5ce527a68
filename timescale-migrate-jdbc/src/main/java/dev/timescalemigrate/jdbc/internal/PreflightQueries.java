package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;

import org.jooq.DSLContext;
import org.jooq.Record;

import java.sql.Connection;
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
