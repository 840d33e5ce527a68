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
 * role the target lacks fails the copy of the table part-way otherwise. Only what is known to fail is named, so
 * that a valid database is never refused: built-in objects and those of extensions are found on the target; a
 * relation fails when it is an index, a view or continuous aggregate created after the data, or a table, view or
 * sequence the migration leaves out (a sequence a selected table owns comes with it); a type when it is the row
 * type of a relation left out; a function or procedure when the migration leaves it out (aggregates and the
 * constructors a range type brings are not checked); a schema when it is left out; a role when the target has
 * none of its name. Reads each such column's distinct values on the source (a scan of the table). Values of the
 * other object identifier types and domains over these are not checked; arrays of these are, element by element.
 */
final class ObjectIdentifierCheck {

    /** Objects named per column at most; more are counted. */
    private static final int SHOWN = 5;

    /**
     * An object a value names: its schema, name and kind (a relkind, typtype etc., or "role"), and what it comes
     * with, when anything: a sequence's owning relation, a row type's relation, a multirange's range type.
     */
    private record Named(String schema, String name, String kind, QualifiedName with) {

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
        Set<QualifiedName> later = new HashSet<>(DdlGenerator.viewsOnKeys(selection));
        later.addAll(DdlGenerator.viewsOnAggregates(selection));
        Set<QualifiedName> aggregates = new HashSet<>();
        selection.timescale().continuousAggregates().forEach(a -> aggregates.add(a.view()));
        Set<QualifiedName> types = new HashSet<>();
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
                String type = column.type().endsWith("[]") // an array's elements are named like the type's
                        ? column.type().substring(0, column.type().length() - 2) : column.type();
                String from = Inheritance.relation(table.name(), parents);
                List<String> missing = new ArrayList<>();
                switch (type) {
                    case "regclass" -> {
                        for (Named n : named(source, from, column, RELATIONS)) {
                            if (n.kind().equals("i") || n.kind().equals("I")) {
                                missing.add(n.quoted() + " (an index: indexes are built after the data)");
                            } else if (n.kind().equals("t")) {
                                missing.add(n.quoted() + " (a TOAST table, named after the source's object id)");
                            } else if (aggregates.contains(n.qualified())) {
                                missing.add(n.quoted() + " (a continuous aggregate, created after the data)");
                            } else if (later.contains(n.qualified())) {
                                missing.add(n.quoted() + " (a view created after the data, after the keys or "
                                        + "continuous aggregates it needs)");
                            } else if (n.kind().equals("S") && n.with() != null) {
                                if (!relations.contains(n.with()) && !relations.contains(n.qualified())) {
                                    missing.add(n.quoted() + " (the sequence of " + n.with().quoted()
                                            + ", not migrated)");
                                }
                            } else if (n.kind().equals("c") ? !types.contains(n.qualified())
                                    : RELATION_KINDS.contains(n.kind()) && !relations.contains(n.qualified())) {
                                missing.add(n.quoted() + " (not migrated)");
                            }
                        }
                    }
                    case "regtype" -> {
                        for (Named n : named(source, from, column, TYPES)) {
                            boolean found = n.kind().equals("row") ? relations.contains(n.with())
                                    : n.kind().equals("m") ? types.contains(n.with()) : types.contains(n.qualified());
                            if (!found) {
                                missing.add(n.quoted() + (n.kind().equals("row") ? " (the row type of a relation not "
                                        + "migrated)" : " (not migrated)"));
                            }
                        }
                    }
                    case "regproc", "regprocedure" -> {
                        for (Named n : named(source, from, column, ROUTINES)) {
                            if (type.equals("regproc") && n.kind().startsWith("overloaded")) {
                                missing.add(n.quoted() + " (overloaded: a regproc value names a function by its "
                                        + "name alone, which the target refuses as ambiguous; regprocedure names "
                                        + "its arguments too)");
                            } else if (!n.kind().contains("built-in") && !n.kind().endsWith("constructor")
                                    && !routines.contains(n.qualified())) {
                                missing.add(n.quoted() + " (not migrated)");
                            }
                        }
                    }
                    case "regnamespace" -> named(source, from, column, SCHEMAS).stream()
                            .filter(n -> !schemas.contains(n.name()))
                            .forEach(n -> missing.add(n.quoted() + " (not migrated)"));
                    case "regrole" -> {
                        if (roles == null) {
                            roles = new HashSet<>(Sql.fetch(target, "SELECT rolname::text FROM pg_catalog.pg_roles")
                                    .getValues(0, String.class));
                        }
                        Set<String> targetRoles = roles;
                        named(source, from, column, ROLES).stream().filter(n -> !targetRoles.contains(n.name()))
                                .forEach(n -> missing.add(n.quoted() + " (no such role on the target)"));
                    }
                    default -> {
                        continue;
                    }
                }
                if (!missing.isEmpty()) {
                    problems.add("Column " + table.name().quoted() + "." + Sql.id(column.name()) + " (" + column.type()
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
     * The objects the column's values name, as {@code query} selects them ({@code schema, name, kind} and, when it
     * has them, the schema and name of what the object comes with) from the values' catalog, {@code %s} standing for
     * the distinct values ({@code oid}) of the column in {@code relation} (the table as a query names it,
     * {@link Inheritance}).
     */
    private static List<Named> named(Connection source, String relation, Column column, String query)
            throws SQLException {
        String values = column.type().endsWith("[]")
                ? "SELECT DISTINCT e::pg_catalog.oid AS oid FROM " + relation + ", pg_catalog.unnest("
                        + Sql.id(column.name()) + ") e WHERE e IS NOT NULL"
                : "SELECT DISTINCT " + Sql.id(column.name()) + "::pg_catalog.oid AS oid FROM " + relation
                        + " WHERE " + Sql.id(column.name()) + " IS NOT NULL";
        List<Named> result = new ArrayList<>();
        for (Record r : Sql.fetch(source, query.formatted(values))) {
            String withSchema = r.size() > 3 ? r.get(3, String.class) : null;
            result.add(new Named(r.get(0, String.class), r.get(1, String.class), r.get(2, String.class),
                    withSchema == null ? null : QualifiedName.of(withSchema, r.get(4, String.class))));
        }
        return result;
    }

    /** Neither built in nor an extension's member: objects a migration creates, or leaves out. */
    private static String own(String catalog, String oid) {
        return " (" + oid + " >= 16384 AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = '"
                + catalog + "'::pg_catalog.regclass AND e.objid = " + oid + " AND e.deptype = 'e'))";
    }

    /** Kinds of relations the selection lists: tables, views, materialized views, sequences. */
    private static final Set<String> RELATION_KINDS = Set.of("r", "p", "v", "m", "S");

    /**
     * Relations, each sequence with the relation owning it (a serial's or an identity's), indexes but those of an
     * extension's tables (the extension creates them).
     */
    private static final String RELATIONS = """
            SELECT n.nspname::text, c.relname::text, c.relkind::text, own.nspname::text, own.relname::text
            FROM (%s) v JOIN pg_catalog.pg_class c ON c.oid = v.oid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN LATERAL (SELECT on_.nspname, oc.relname FROM pg_catalog.pg_depend o
                               JOIN pg_catalog.pg_class oc ON oc.oid = o.refobjid
                               JOIN pg_catalog.pg_namespace on_ ON on_.oid = oc.relnamespace
                               WHERE c.relkind = 'S' AND o.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                                 AND o.objid = c.oid AND o.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
                                 AND o.deptype IN ('a', 'i') LIMIT 1) own ON true
            WHERE""" + own("pg_catalog.pg_class", "c.oid") + """
              AND NOT (c.relkind IN ('i', 'I') AND EXISTS (SELECT 1 FROM pg_catalog.pg_index x
                       WHERE x.indexrelid = c.oid AND NOT""" + own("pg_catalog.pg_class", "x.indrelid") + """
              ))
            ORDER BY 1, 2""";

    /**
     * Types (an array by its element type): a table's, view's or sequence's row type as its relation ("row"; an
     * extension's relation's left out), a multirange with its range type ("m"), others (composite types too) as
     * themselves.
     */
    private static final String TYPES = """
            SELECT DISTINCT n.nspname::text, t.typname::text,
                   CASE WHEN t.typrelid <> 0 AND rc.relkind <> 'c' THEN 'row' ELSE t.typtype::text END,
                   coalesce(rn.nspname, mn.nspname)::text, coalesce(rc.relname, mr.typname)::text
            FROM (%s) v JOIN pg_catalog.pg_type a ON a.oid = v.oid
            JOIN pg_catalog.pg_type t ON t.oid = CASE WHEN a.typcategory = 'A' THEN a.typelem ELSE a.oid END
            JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
            LEFT JOIN pg_catalog.pg_class rc ON rc.oid = t.typrelid
            LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
            LEFT JOIN pg_catalog.pg_range r ON r.rngmultitypid = t.oid
            LEFT JOIN pg_catalog.pg_type mr ON mr.oid = r.rngtypid
            LEFT JOIN pg_catalog.pg_namespace mn ON mn.oid = mr.typnamespace
            WHERE""" + own("pg_catalog.pg_type", "t.oid") + """
              AND (t.typrelid = 0 OR""" + own("pg_catalog.pg_class", "t.typrelid") + """
              )
            ORDER BY 1, 2""";

    /**
     * Functions, procedures and window functions, as a kind: "overloaded " when its schema has others of its name
     * (built-in ones included), "built-in " for a built-in one or an extension's, then "constructor" for those a
     * range type brings with it, else the prokind.
     */
    private static final String ROUTINES = """
            SELECT DISTINCT n.nspname::text, p.proname::text,
                   CASE WHEN f.overloaded THEN 'overloaded ' ELSE '' END
                   || CASE WHEN f.own THEN '' ELSE 'built-in ' END
                   || CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_depend o
                                        WHERE o.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                                          AND o.objid = p.oid AND o.deptype = 'i') THEN 'constructor'
                           ELSE p.prokind::text END
            FROM (%s) v JOIN pg_catalog.pg_proc p ON p.oid = v.oid
            JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
            CROSS JOIN LATERAL (SELECT (SELECT count(*) FROM pg_catalog.pg_proc q
                                        WHERE q.proname = p.proname AND q.pronamespace = p.pronamespace) > 1
                                       AS overloaded,""" + own("pg_catalog.pg_proc", "p.oid") + """
                                AS own) f
            WHERE p.prokind IN ('f', 'p', 'w') AND (f.overloaded OR f.own)
            ORDER BY 1, 2""";

    private static final String SCHEMAS = """
            SELECT NULL::text, n.nspname::text, 'n'
            FROM (%s) v JOIN pg_catalog.pg_namespace n ON n.oid = v.oid
            WHERE""" + own("pg_catalog.pg_namespace", "n.oid") + " ORDER BY 2";

    /** Roles: every one the values name (the target's are compared by name; built-in ones exist there too). */
    private static final String ROLES = """
            SELECT NULL::text, r.rolname::text, 'role'
            FROM (%s) v JOIN pg_catalog.pg_roles r ON r.oid = v.oid ORDER BY 2""";
}
