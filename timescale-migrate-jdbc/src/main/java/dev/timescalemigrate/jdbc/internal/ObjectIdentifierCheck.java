package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;

import org.jooq.Record;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds, before anything is written, the values of object identifier columns ({@code regclass}, {@code regtype},
 * {@code regproc}, {@code regprocedure}, {@code regnamespace}, {@code regrole}) that the target could not read when
 * their rows are copied. Such a column is copied as the names of the objects it refers to, which the target
 * resolves on input: a name of an index (built after the data), of an object the migration leaves out, or of a
 * role the target lacks fails the copy of the table part-way otherwise. Built-in objects and those of extensions
 * are found on the target; so are the selection's tables, views, sequences, types, routines and schemas, all
 * created before the data. Reads each such column's distinct values on the source (a scan of the table). Values of
 * the other object identifier types are not checked.
 */
final class ObjectIdentifierCheck {

    /** Objects named per column at most; more are counted. */
    private static final int SHOWN = 5;

    /** An object a value names: its kind (a relkind, typtype etc., or "role"), schema and name. */
    private record Named(String schema, String name, String kind) {

        QualifiedName qualified() {
            return QualifiedName.of(schema, name);
        }

        String quoted() {
            return schema == null ? Sql.id(name) : qualified().quoted();
        }
    }

    private ObjectIdentifierCheck() {
    }

    /**
     * The problems, one per column, each naming the values and the fix; empty when every value will resolve.
     *
     * @param source    a connection to the source
     * @param target    a connection to the target (for its roles)
     * @param tables    the source tables to be copied
     * @param selection what the migration creates on the target
     */
    static List<String> problems(Connection source, Connection target, List<Table> tables, DatabaseModel selection)
            throws SQLException {
        Set<QualifiedName> relations = new HashSet<>();
        selection.tables().forEach(t -> relations.add(t.name()));
        selection.views().forEach(v -> relations.add(v.name()));
        selection.sequences().forEach(s -> relations.add(s.name()));
        Set<QualifiedName> types = new HashSet<>(relations); // a relation's row type has its name
        selection.types().forEach(t -> types.add(t.name()));
        Set<QualifiedName> routines = new HashSet<>();
        selection.routines().forEach(r -> routines.add(r.name()));
        Set<String> schemas = new HashSet<>();
        selection.schemas().forEach(s -> schemas.add(s.name()));
        Set<String> roles = null;
        Set<QualifiedName> parents = Inheritance.parents(selection);

        List<String> problems = new ArrayList<>();
        for (Table table : tables) {
            if (!table.holdsRows()) {
                continue;
            }
            for (Column column : table.columns()) {
                if (column.isGenerated()) {
                    continue;
                }
                String type = column.type();
                List<String> missing = new ArrayList<>();
                switch (type) {
                    case "regclass" -> {
                        for (Named n : named(source, Inheritance.relation(table.name(), parents), column, RELATIONS)) {
                            if (n.kind().equals("i") || n.kind().equals("I")) {
                                missing.add(n.quoted() + " (an index: indexes are built after the data)");
                            } else if (!(n.kind().equals("c") ? types : relations).contains(n.qualified())) {
                                missing.add(n.quoted() + " (not migrated)");
                            }
                        }
                    }
                    case "regtype" -> named(source, Inheritance.relation(table.name(), parents), column, TYPES).stream()
                            .filter(n -> !types.contains(n.qualified()))
                            .forEach(n -> missing.add(n.quoted() + " (not migrated)"));
                    case "regproc", "regprocedure" -> named(source, Inheritance.relation(table.name(), parents), column, ROUTINES).stream()
                            .filter(n -> !routines.contains(n.qualified()))
                            .forEach(n -> missing.add(n.quoted() + " (not migrated)"));
                    case "regnamespace" -> named(source, Inheritance.relation(table.name(), parents), column, SCHEMAS).stream()
                            .filter(n -> !schemas.contains(n.name()))
                            .forEach(n -> missing.add(n.quoted() + " (not migrated)"));
                    case "regrole" -> {
                        if (roles == null) {
                            roles = new HashSet<>(Sql.fetch(target, "SELECT rolname::text FROM pg_catalog.pg_roles")
                                    .getValues(0, String.class));
                        }
                        Set<String> targetRoles = roles;
                        named(source, Inheritance.relation(table.name(), parents), column, ROLES).stream().filter(n -> !targetRoles.contains(n.name()))
                                .forEach(n -> missing.add(n.quoted() + " (no such role on the target)"));
                    }
                    default -> {
                        continue;
                    }
                }
                if (!missing.isEmpty()) {
                    problems.add("Column " + table.name().quoted() + "." + Sql.id(column.name()) + " (" + type
                            + ") holds names of objects the target cannot resolve when its rows are copied: "
                            + String.join(", ", missing.subList(0, Math.min(SHOWN, missing.size())))
                            + (missing.size() > SHOWN ? " and " + (missing.size() - SHOWN) + " more" : "")
                            + ". Such a column is copied as the names of the objects it refers to. Migrate the "
                            + "objects too (include them; create the roles on the target), change the column to "
                            + "text on the source, or exclude the table.");
                }
            }
        }
        return problems;
    }

    /**
     * The objects the column's values name, other than built-in ones and extensions' members: {@code query}
     * selects {@code schema, name, kind} from the values' catalog, {@code %s} standing for the distinct values
     * ({@code oid}) of the column in {@code relation} (the table as a query names it, {@link Inheritance}).
     */
    private static List<Named> named(Connection source, String relation, Column column, String query)
            throws SQLException {
        String values = "SELECT DISTINCT " + Sql.id(column.name()) + "::pg_catalog.oid AS oid FROM " + relation
                + " WHERE " + Sql.id(column.name()) + " IS NOT NULL";
        List<Named> result = new ArrayList<>();
        for (Record r : Sql.fetch(source, query.formatted(values))) {
            result.add(new Named(r.get(0, String.class), r.get(1, String.class), r.get(2, String.class)));
        }
        return result;
    }

    /** Neither built in nor an extension's member: objects a migration creates, or leaves out. */
    private static String own(String catalog, String oid) {
        return " " + oid + " >= 16384 AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = '"
                + catalog + "'::pg_catalog.regclass AND e.objid = " + oid + " AND e.deptype = 'e')";
    }

    private static final String RELATIONS = """
            SELECT n.nspname::text, c.relname::text, c.relkind::text
            FROM (%s) v JOIN pg_catalog.pg_class c ON c.oid = v.oid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE""" + own("pg_catalog.pg_class", "c.oid") + " ORDER BY 1, 2";

    /** Types, an array by its element type (created with it). */
    private static final String TYPES = """
            SELECT DISTINCT n.nspname::text, t.typname::text, t.typtype::text
            FROM (%s) v JOIN pg_catalog.pg_type a ON a.oid = v.oid
            JOIN pg_catalog.pg_type t ON t.oid = CASE WHEN a.typcategory = 'A' THEN a.typelem ELSE a.oid END
            JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
            WHERE""" + own("pg_catalog.pg_type", "t.oid") + " ORDER BY 1, 2";

    private static final String ROUTINES = """
            SELECT DISTINCT n.nspname::text, p.proname::text, p.prokind::text
            FROM (%s) v JOIN pg_catalog.pg_proc p ON p.oid = v.oid
            JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
            WHERE""" + own("pg_catalog.pg_proc", "p.oid") + " ORDER BY 1, 2";

    private static final String SCHEMAS = """
            SELECT NULL::text, n.nspname::text, 'n'
            FROM (%s) v JOIN pg_catalog.pg_namespace n ON n.oid = v.oid
            WHERE""" + own("pg_catalog.pg_namespace", "n.oid") + " ORDER BY 2";

    /** Roles: every one the values name (the target's are compared by name; built-in ones exist there too). */
    private static final String ROLES = """
            SELECT NULL::text, r.rolname::text, 'role'
            FROM (%s) v JOIN pg_catalog.pg_roles r ON r.oid = v.oid ORDER BY 2""";
}
