package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.CatalogObject;
import org.jooq.Record;
import org.jooq.Result;

import java.util.List;

/**
 * Reads one family of objects that the model carries as DDL ({@link CatalogObject}): aggregates, operators, rules,
 * policies and the other kinds without a model type of their own. Each reader builds, from the catalog, the
 * statements that recreate its objects on an empty database, identifiers quoted, names schema-qualified.
 *
 * <p>A reader names each object with PostgreSQL's {@code pg_identify_object(classid, objid, 0)} type and identity,
 * so that the dependency records ({@link DependencyReader}) can refer to it. It leaves out extension members
 * ({@link Catalog#notExtensionMember}) and objects outside the user schemas.
 */
interface CatalogReader {

    List<CatalogObject> read(Catalog catalog);

    /** What readers query the source with: inside the introspector's snapshot, with an empty search_path. */
    interface Catalog {

        /**
         * Runs a query that may use the user schemas as {@code s (oid, nspname)}: the text continues a
         * {@code WITH s AS (...)} clause, so it starts with {@code SELECT} or {@code , more AS (...)}.
         */
        Result<Record> query(String sql, Object... binds);

        /** Whether the source runs at least this PostgreSQL major version. */
        boolean atLeast(int major);

        /** An SQL condition: the object {@code oidExpr} of {@code catalog} is not a member of an extension. */
        static String notExtensionMember(String catalog, String oidExpr) {
            return " NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog." + catalog
                    + "'::pg_catalog.regclass AND e.objid = " + oidExpr + " AND e.deptype = 'e') ";
        }
    }
}
