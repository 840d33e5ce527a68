package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.exception.IntrospectionException;
import dev.timescalemigrate.internal.SqlState;
import dev.timescalemigrate.internal.TopologicalSort;
import dev.timescalemigrate.model.CatalogObject;
import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.Constraint;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Extension;
import dev.timescalemigrate.model.Index;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Routine;
import dev.timescalemigrate.model.Schema;
import dev.timescalemigrate.model.Sequence;
import dev.timescalemigrate.model.SequenceOptions;
import dev.timescalemigrate.model.SequencePosition;
import dev.timescalemigrate.model.ServerInfo;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.model.TimescaleModel;
import dev.timescalemigrate.model.Trigger;
import dev.timescalemigrate.model.UserType;
import dev.timescalemigrate.model.View;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a PostgreSQL database's structure from the system catalogs, with jOOQ. All queries run in one
 * read-only, repeatable-read transaction with an empty {@code search_path}, so that every name PostgreSQL
 * prints in a definition is schema-qualified.
 */
final class PostgresIntrospector {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresIntrospector.class);

    /**
     * The user schemas: neither system schemas, TimescaleDB's own, extension-owned ones, nor the excluded
     * ones (bound as the first parameter, a text[]). Every query starts with it.
     */
    private static final String USER_SCHEMAS = """
            WITH s AS (
              SELECT n.oid, n.nspname
              FROM pg_catalog.pg_namespace n
              WHERE n.nspname NOT IN ('information_schema', 'timescaledb_information', 'timescaledb_experimental',
                                      'toolkit_experimental')
                AND n.nspname !~ '^pg_'
                AND n.nspname !~ '^_timescaledb_'
                AND n.nspname <> ALL (?::text[])
                AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                WHERE d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
                                  AND d.objid = n.oid AND d.deptype = 'e')
            )
            """;

    private static String notExtensionMember(String catalog, String oidExpr) {
        return " NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog." + catalog
                + "'::pg_catalog.regclass AND e.objid = " + oidExpr + " AND e.deptype = 'e') ";
    }

    private final Connection connection;
    private final DSLContext dsl;
    private final String[] excluded;

    PostgresIntrospector(Connection connection, List<String> excludedSchemas) {
        this.connection = connection;
        this.dsl = Sql.dsl(connection);
        this.excluded = excludedSchemas.toArray(String[]::new);
    }

    /** Reads the whole model in one consistent snapshot. */
    DatabaseModel read(ServerInfo server) {
        return inSnapshot(() -> {
            long started = System.nanoTime();
            TimescaleModel timescale = server.hasTimescale()
                    ? withoutExcludedSchemas(new TimescaleIntrospector(dsl).read())
                    : TimescaleModel.NONE;
            Set<QualifiedName> caggViews = timescale.continuousAggregates().stream()
                    .map(c -> c.view()).collect(Collectors.toSet());
            Map<Long, List<Index>> indexes = indexes();
            DatabaseModel model = DatabaseModel.builder().extensions(extensions()).schemas(schemas()).types(types())
                    .routines(routines()).sequences(sequences()).tables(tables(indexes))
                    .views(views(caggViews, indexes)).objects(catalogObjects(server))
                    .timescale(timescale).unsupported(unsupportedObjects()).build();
            model = model.toBuilder()
                    .dependencies(DependencyReader.read((sql, binds) -> query(sql, binds), model.objectRefs()))
                    .build();
            LOG.debug("Introspected {} objects in {} ms", model.objectCount(),
                    (System.nanoTime() - started) / 1_000_000);
            return model;
        });
    }

    private List<CatalogObject> catalogObjects(ServerInfo server) {
        CatalogReader.Catalog catalog = new CatalogReader.Catalog() {
            @Override
            public Result<Record> query(String sql, Object... binds) {
                return PostgresIntrospector.this.query(sql, binds);
            }

            @Override
            public boolean atLeast(int major) {
                return server.serverVersionNum() >= major * 10_000;
            }
        };
        List<CatalogObject> objects = new ArrayList<>();
        CatalogReaders.ALL.forEach(r -> objects.addAll(r.read(catalog)));
        return objects;
    }

    /** The TimescaleDB objects outside the excluded schemas, like every other object of the model. */
    private TimescaleModel withoutExcludedSchemas(TimescaleModel timescale) {
        if (excluded.length == 0) {
            return timescale;
        }
        Set<String> out = Set.copyOf(Arrays.asList(excluded));
        return new TimescaleModel(
                timescale.hypertables().stream().filter(h -> !out.contains(h.table().schema())).toList(),
                timescale.continuousAggregates().stream().filter(c -> !out.contains(c.view().schema())).toList(),
                timescale.jobs().stream()
                        .filter(j -> !out.contains(j.procedure().schema()))
                        .filter(j -> j.hypertable() == null || !out.contains(j.hypertable().schema())).toList());
    }

    interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in a read-only repeatable-read transaction with an empty search_path, restoring the
     * connection's state afterwards. A connection already in a transaction keeps its transaction.
     */
    <T> T inSnapshot(Work<T> work) {
        try {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            boolean readOnly = connection.isReadOnly();
            String searchPath = String.valueOf(dsl.fetchValue("SELECT pg_catalog.current_setting('search_path')"));
            try {
                if (autoCommit) {
                    connection.setAutoCommit(false);
                    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                    connection.setReadOnly(true);
                }
                dsl.fetch("SELECT pg_catalog.set_config('search_path', '', false)");
                return work.run();
            } finally {
                if (autoCommit) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                    connection.setReadOnly(readOnly);
                    connection.setTransactionIsolation(isolation);
                }
                dsl.fetch("SELECT pg_catalog.set_config('search_path', ?, false)", searchPath);
            }
        } catch (SQLException e) {
            throw new IntrospectionException("Reading the database structure failed: " + e.getMessage(),
                    e.getSQLState(), e);
        } catch (org.jooq.exception.DataAccessException e) {
            throw new IntrospectionException("Reading the database structure failed: " + e.getMessage()
                    + ". The user needs read access to the system catalogs and SELECT on every sequence.",
                    e.sqlState(), e);
        }
    }

    private Result<Record> query(String sql, Object... binds) {
        Object[] all = new Object[binds.length + 1];
        all[0] = excluded;
        System.arraycopy(binds, 0, all, 1, binds.length);
        return dsl.fetch(USER_SCHEMAS + sql, all);
    }

    private static String str(Record r, String field) {
        return r.get(field, String.class);
    }

    private static List<String> strings(Record r, String field) {
        String[] values = r.get(field, String[].class);
        return values == null ? List.of() : Arrays.asList(values);
    }

    private static long oid(Record r, String field) {
        return r.get(field, Long.class);
    }

    // ---------------------------------------------------------------- extensions and schemas

    private List<Extension> extensions() {
        return dsl.fetch("""
                        SELECT e.extname, n.nspname, e.extversion
                        FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
                        WHERE e.extname <> 'plpgsql'
                        ORDER BY e.extname""")
                .map(r -> new Extension(str(r, "extname"), str(r, "nspname"), str(r, "extversion")));
    }

    private List<Schema> schemas() {
        return query("""
                        SELECT s.nspname, pg_catalog.obj_description(s.oid, 'pg_namespace') AS comment
                        FROM s ORDER BY s.nspname""")
                .map(r -> new Schema(str(r, "nspname"), str(r, "comment")));
    }

    // ---------------------------------------------------------------- types

    private List<UserType> types() {
        Result<Record> rows = query("""
                SELECT t.oid::bigint AS oid, s.nspname, t.typname, t.typtype::text AS typtype,
                       pg_catalog.obj_description(t.oid, 'pg_type') AS comment,
                       ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e
                             WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels,
                       CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END AS base,
                       t.typnotnull,
                       pg_catalog.pg_get_expr(t.typdefaultbin, 0) AS default_value,
                       CASE WHEN t.typcollation <> 0 AND t.typcollation IS DISTINCT FROM
                                 (SELECT b.typcollation FROM pg_catalog.pg_type b WHERE b.oid = t.typbasetype)
                            THEN cn.nspname END AS coll_schema,
                       CASE WHEN t.typcollation <> 0 AND t.typcollation IS DISTINCT FROM
                                 (SELECT b.typcollation FROM pg_catalog.pg_type b WHERE b.oid = t.typbasetype)
                            THEN co.collname::text END AS coll_name,
                       pg_catalog.format_type(r.rngsubtype, NULL) AS subtype,
                       CASE WHEN NOT opc.opcdefault THEN pg_catalog.quote_ident(opcn.nspname) || '.'
                            || pg_catalog.quote_ident(opc.opcname) END AS subtype_opclass,
                       CASE WHEN r.rngcollation <> 0 AND r.rngcollation IS DISTINCT FROM st.typcollation
                            THEN pg_catalog.quote_ident(rcn.nspname) || '.' || pg_catalog.quote_ident(rco.collname)
                       END AS range_collation,
                       CASE WHEN r.rngcanonical <> 0 THEN r.rngcanonical::pg_catalog.regproc::text END AS canonical,
                       CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::pg_catalog.regproc::text END AS subdiff,
                       mn.nspname AS multirange_schema, mt.typname AS multirange_name,
                       CASE WHEN t.typtype = 'b' THEN ARRAY[
                           'INTERNALLENGTH = ' || CASE WHEN t.typlen = -1 THEN 'variable' ELSE t.typlen::text END,
                           'INPUT = ' || t.typinput::pg_catalog.regproc::text,
                           'OUTPUT = ' || t.typoutput::pg_catalog.regproc::text,
                           CASE WHEN t.typreceive <> 0 THEN 'RECEIVE = ' || t.typreceive::pg_catalog.regproc::text END,
                           CASE WHEN t.typsend <> 0 THEN 'SEND = ' || t.typsend::pg_catalog.regproc::text END,
                           CASE WHEN t.typmodin <> 0 THEN 'TYPMOD_IN = ' || t.typmodin::pg_catalog.regproc::text END,
                           CASE WHEN t.typmodout <> 0 THEN 'TYPMOD_OUT = ' || t.typmodout::pg_catalog.regproc::text END,
                           CASE WHEN t.typanalyze <> 0 THEN 'ANALYZE = ' || t.typanalyze::pg_catalog.regproc::text END,
                           CASE WHEN t.typsubscript <> 0
                                THEN 'SUBSCRIPT = ' || t.typsubscript::pg_catalog.regproc::text END,
                           CASE WHEN t.typcollation <> 0 THEN 'COLLATABLE = true' END,
                           CASE WHEN t.typdefault IS NOT NULL THEN 'DEFAULT = ' || pg_catalog.quote_literal(t.typdefault) END,
                           CASE WHEN t.typelem <> 0 THEN 'ELEMENT = ' || pg_catalog.format_type(t.typelem, NULL) END,
                           CASE WHEN t.typcategory <> 'U'
                                THEN 'CATEGORY = ' || pg_catalog.quote_literal(t.typcategory::text) END,
                           CASE WHEN t.typispreferred THEN 'PREFERRED = true' END,
                           CASE WHEN t.typdelim <> ',' THEN 'DELIMITER = ' || pg_catalog.quote_literal(t.typdelim::text) END,
                           'ALIGNMENT = ' || CASE t.typalign WHEN 'c' THEN 'char' WHEN 's' THEN 'int2'
                                                              WHEN 'i' THEN 'int4' ELSE 'double' END,
                           'STORAGE = ' || CASE t.typstorage WHEN 'p' THEN 'plain' WHEN 'e' THEN 'external'
                                                             WHEN 'm' THEN 'main' ELSE 'extended' END,
                           CASE WHEN t.typbyval THEN 'PASSEDBYVALUE' END]
                       END AS base_options,
                       ARRAY(SELECT pn.nspname::text FROM pg_catalog.pg_proc p
                             JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
                             WHERE t.typtype = 'b' AND p.oid IN (t.typinput, t.typoutput, t.typreceive, t.typsend,
                                   t.typmodin, t.typmodout, t.typanalyze, t.typsubscript) ORDER BY p.oid) AS io_nsp,
                       ARRAY(SELECT p.proname::text FROM pg_catalog.pg_proc p
                             WHERE t.typtype = 'b' AND p.oid IN (t.typinput, t.typoutput, t.typreceive, t.typsend,
                                   t.typmodin, t.typmodout, t.typanalyze, t.typsubscript) ORDER BY p.oid) AS io_name,
                       ARRAY(SELECT pg_catalog.pg_get_function_identity_arguments(p.oid) FROM pg_catalog.pg_proc p
                             WHERE t.typtype = 'b' AND p.oid IN (t.typinput, t.typoutput, t.typreceive, t.typsend,
                                   t.typmodin, t.typmodout, t.typanalyze, t.typsubscript) ORDER BY p.oid) AS io_args,
                       ARRAY(SELECT (CASE WHEN x.typcategory = 'A' THEN x.typelem ELSE x.oid END)::bigint
                             FROM pg_catalog.pg_type x
                             WHERE x.oid = t.typbasetype OR x.oid = r.rngsubtype
                                OR x.oid IN (SELECT a.atttypid FROM pg_catalog.pg_attribute a
                                             WHERE t.typrelid <> 0 AND a.attrelid = t.typrelid AND a.attnum > 0
                                               AND NOT a.attisdropped)) AS deps
                FROM pg_catalog.pg_type t
                JOIN s ON s.oid = t.typnamespace
                LEFT JOIN pg_catalog.pg_class tc ON tc.oid = t.typrelid
                LEFT JOIN pg_catalog.pg_collation co ON co.oid = t.typcollation
                LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
                LEFT JOIN pg_catalog.pg_range r ON r.rngtypid = t.oid
                LEFT JOIN pg_catalog.pg_type st ON st.oid = r.rngsubtype
                LEFT JOIN pg_catalog.pg_opclass opc ON opc.oid = r.rngsubopc
                LEFT JOIN pg_catalog.pg_namespace opcn ON opcn.oid = opc.opcnamespace
                LEFT JOIN pg_catalog.pg_collation rco ON rco.oid = r.rngcollation
                LEFT JOIN pg_catalog.pg_namespace rcn ON rcn.oid = rco.collnamespace
                LEFT JOIN pg_catalog.pg_type mt ON mt.oid = r.rngmultitypid
                LEFT JOIN pg_catalog.pg_namespace mn ON mn.oid = mt.typnamespace
                WHERE (t.typtype IN ('e', 'd', 'c', 'r')
                       OR (t.typtype = 'b' AND NOT (t.typcategory = 'A' AND t.typelem <> 0))
                       OR (t.typtype = 'p' AND NOT t.typisdefined)) -- a shell type never completed
                  AND (t.typtype <> 'c' OR tc.relkind = 'c')
                  AND""" + notExtensionMember("pg_type", "t.oid"));

        Map<Long, List<UserType.CheckConstraint>> checks = new HashMap<>();
        query("""
                SELECT c.contypid::bigint AS oid, c.conname, pg_catalog.pg_get_constraintdef(c.oid) AS def
                FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_type t ON t.oid = c.contypid
                JOIN s ON s.oid = t.typnamespace
                WHERE c.contypid <> 0 AND c.contype = 'c'
                ORDER BY c.conname""")
                .forEach(r -> checks.computeIfAbsent(oid(r, "oid"), k -> new ArrayList<>())
                        .add(new UserType.CheckConstraint(str(r, "conname"), str(r, "def"))));

        Map<Long, List<UserType.Attribute>> attributes = new HashMap<>();
        query("""
                SELECT t.oid::bigint AS oid, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
                       CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation
                            THEN pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
                       END AS collation
                FROM pg_catalog.pg_type t JOIN s ON s.oid = t.typnamespace
                JOIN pg_catalog.pg_attribute a ON a.attrelid = t.typrelid
                JOIN pg_catalog.pg_type at ON at.oid = a.atttypid
                LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
                LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
                WHERE t.typtype = 'c' AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY t.oid, a.attnum""")
                .forEach(r -> attributes.computeIfAbsent(oid(r, "oid"), k -> new ArrayList<>())
                        .add(new UserType.Attribute(str(r, "attname"), str(r, "type"), str(r, "collation"))));

        record Row(long oid, UserType type, List<Long> deps) {
        }
        List<Row> found = new ArrayList<>();
        for (Record r : rows) {
            long oid = oid(r, "oid");
            QualifiedName name = QualifiedName.of(str(r, "nspname"), str(r, "typname"));
            String comment = str(r, "comment");
            UserType type = switch (str(r, "typtype")) {
                case "e" -> new UserType.EnumType(name, strings(r, "labels"), comment);
                case "d" -> UserType.DomainType.builder(name, str(r, "base")).notNull(Sql.boolOf(r, "typnotnull"))
                        .defaultValue(str(r, "default_value"))
                        .collation(collation(str(r, "coll_schema"), str(r, "coll_name")))
                        .checks(checks.getOrDefault(oid, List.of())).comment(comment).build();
                case "c" -> new UserType.CompositeType(name, attributes.getOrDefault(oid, List.of()), comment);
                case "r" -> UserType.RangeType.builder(name, str(r, "subtype"))
                        .subtypeOpClass(str(r, "subtype_opclass")).collation(str(r, "range_collation"))
                        .canonicalFunction(str(r, "canonical")).subtypeDiffFunction(str(r, "subdiff"))
                        .multirangeName(str(r, "multirange_name") == null ? null
                                : QualifiedName.of(str(r, "multirange_schema"), str(r, "multirange_name")))
                        .comment(comment).build();
                case "p" -> new UserType.BaseType(name, List.of(), List.of(), comment);
                case "b" -> {
                    List<String> io = new ArrayList<>();
                    List<String> nsp = strings(r, "io_nsp");
                    List<String> names = strings(r, "io_name");
                    List<String> args = strings(r, "io_args");
                    for (int i = 0; i < nsp.size(); i++) {
                        io.add(QualifiedName.of(nsp.get(i), names.get(i)).quoted() + "(" + args.get(i) + ")");
                    }
                    yield new UserType.BaseType(name, strings(r, "base_options").stream()
                            .filter(java.util.Objects::nonNull).toList(), io, comment);
                }
                default -> throw new IllegalStateException("unexpected typtype " + str(r, "typtype"));
            };
            Long[] deps = r.get("deps", Long[].class);
            found.add(new Row(oid, type, deps == null ? List.of() : Arrays.asList(deps)));
        }
        return TopologicalSort.sort(found, Row::oid, Row::deps, Comparator.comparing(row -> row.type().name()))
                .stream().map(Row::type).toList();
    }

    private static String collation(String schema, String name) {
        return name == null ? null : Sql.id(schema, name);
    }

    // ---------------------------------------------------------------- routines

    private List<Routine> routines() {
        return query("""
                        SELECT s.nspname, p.proname, p.prokind::text AS prokind,
                               pg_catalog.pg_get_function_identity_arguments(p.oid) AS args,
                               pg_catalog.pg_get_functiondef(p.oid) AS def,
                               pg_catalog.obj_description(p.oid, 'pg_proc') AS comment
                        FROM pg_catalog.pg_proc p JOIN s ON s.oid = p.pronamespace
                        WHERE p.prokind IN ('f', 'p', 'w')
                          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend i
                                          WHERE i.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                                            AND i.objid = p.oid AND i.deptype = 'i') -- range constructors
                          AND""" + notExtensionMember("pg_proc", "p.oid") + """
                        ORDER BY s.nspname, p.proname, 4""")
                .map(r -> new Routine(QualifiedName.of(str(r, "nspname"), str(r, "proname")),
                        "p".equals(str(r, "prokind")) ? Routine.Kind.PROCEDURE : Routine.Kind.FUNCTION,
                        str(r, "args"), str(r, "def"), str(r, "comment")));
    }

    // ---------------------------------------------------------------- sequences

    private static final String SEQUENCE_COLUMNS = """
            pg_catalog.format_type(q.seqtypid, NULL) AS seq_type, q.seqstart, q.seqincrement, q.seqmin, q.seqmax,
            q.seqcache, q.seqcycle,
            (SELECT sc.relpersistence = 'u' FROM pg_catalog.pg_class sc WHERE sc.oid = q.seqrelid) AS seq_unlogged,
            pg_catalog.has_sequence_privilege(q.seqrelid, 'SELECT') AS seq_readable,
            CASE WHEN pg_catalog.has_sequence_privilege(q.seqrelid, 'SELECT')
                 THEN pg_catalog.pg_sequence_last_value(q.seqrelid) END AS seq_last_value
            """;

    private List<Sequence> sequences() {
        return query("""
                        SELECT s.nspname, c.relname, pg_catalog.obj_description(c.oid, 'pg_class') AS comment,
                               own_n.nspname AS owner_schema, own_c.relname AS owner_table, own_a.attname AS owner_column,
                        """ + SEQUENCE_COLUMNS + """
                        FROM pg_catalog.pg_class c JOIN s ON s.oid = c.relnamespace
                        JOIN pg_catalog.pg_sequence q ON q.seqrelid = c.oid
                        LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                             AND d.objid = c.oid AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
                             AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')
                        LEFT JOIN pg_catalog.pg_class own_c ON own_c.oid = d.refobjid
                        LEFT JOIN pg_catalog.pg_namespace own_n ON own_n.oid = own_c.relnamespace
                        LEFT JOIN pg_catalog.pg_attribute own_a ON own_a.attrelid = d.refobjid
                             AND own_a.attnum = d.refobjsubid
                        WHERE c.relkind = 'S' AND (d.deptype IS NULL OR d.deptype = 'a')
                          AND""" + notExtensionMember("pg_class", "c.oid") + """
                        ORDER BY s.nspname, c.relname""")
                .map(r -> {
                    QualifiedName name = QualifiedName.of(str(r, "nspname"), str(r, "relname"));
                    Sequence.ColumnRef owner = str(r, "owner_table") == null ? null
                            : new Sequence.ColumnRef(QualifiedName.of(str(r, "owner_schema"), str(r, "owner_table")),
                                    str(r, "owner_column"));
                    return new Sequence(name, sequenceOptions(r), sequencePosition(r, name), owner,
                            str(r, "comment"));
                });
    }

    private static SequenceOptions sequenceOptions(Record r) {
        return SequenceOptions.builder().dataType(str(r, "seq_type")).start(r.get("seqstart", Long.class))
                .increment(r.get("seqincrement", Long.class)).minValue(r.get("seqmin", Long.class))
                .maxValue(r.get("seqmax", Long.class)).cache(r.get("seqcache", Long.class))
                .cycle(Sql.boolOf(r, "seqcycle")).unlogged(Sql.boolOf(r, "seq_unlogged")).build();
    }

    private SequencePosition sequencePosition(Record r, QualifiedName sequence) {
        if (!Sql.boolOf(r, "seq_readable")) {
            throw new IntrospectionException("Cannot read the position of sequence " + sequence
                    + ": the user lacks SELECT on it. Grant it: GRANT SELECT ON SEQUENCE " + sequence
                    + " TO <migration user>.", SqlState.INSUFFICIENT_PRIVILEGE.code(), null);
        }
        Long last = r.get("seq_last_value", Long.class);
        if (last != null) {
            return new SequencePosition(last, true);
        }
        // pg_sequence_last_value is NULL whenever is_called is false: for an unused sequence, but also after
        // setval(s, v, false) or ALTER SEQUENCE ... RESTART, where last_value is not the start value
        Record row = dsl.fetchOne("SELECT last_value, is_called FROM " + sequence.quoted());
        return new SequencePosition(row.get("last_value", Long.class), Sql.boolOf(row, "is_called"));
    }

    // ---------------------------------------------------------------- tables

    private List<Table> tables(Map<Long, List<Index>> indexes) {
        Result<Record> rows = query("""
                SELECT c.oid::bigint AS oid, s.nspname, c.relname, c.relkind::text AS relkind,
                       c.relpersistence = 'u' AS unlogged,
                       COALESCE(c.reloptions, '{}')::text[]
                           || ARRAY(SELECT 'toast.' || o FROM pg_catalog.pg_class tc,
                                    pg_catalog.unnest(tc.reloptions) o WHERE tc.oid = c.reltoastrelid) AS options,
                       otn.nspname AS of_schema, ot.typname AS of_name,
                       CASE WHEN am.amname <> 'heap' THEN am.amname::text END AS access_method,
                       CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partkey,
                       pn.nspname AS parent_schema, pc.relname AS parent_name,
                       CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END AS bound,
                       pg_catalog.obj_description(c.oid, 'pg_class') AS comment,
                       ARRAY(SELECT pg_catalog.format('%I.%I', hn.nspname, hc.relname)
                             FROM pg_catalog.pg_inherits h JOIN pg_catalog.pg_class hc ON hc.oid = h.inhparent
                             JOIN pg_catalog.pg_namespace hn ON hn.oid = hc.relnamespace
                             WHERE h.inhrelid = c.oid AND NOT c.relispartition
                             ORDER BY h.inhseqno) AS inherits,
                       ARRAY(SELECT DISTINCT pg_catalog.format('%I.%I', rn.nspname, rc.relname)
                             FROM pg_catalog.pg_attribute a
                             JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
                             LEFT JOIN pg_catalog.pg_type et ON t.typcategory = 'A' AND et.oid = t.typelem
                             JOIN pg_catalog.pg_class rc ON rc.oid = COALESCE(et.typrelid, t.typrelid)
                                  AND rc.relkind IN ('r', 'p')
                             JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
                             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS row_types
                FROM pg_catalog.pg_class c JOIN s ON s.oid = c.relnamespace
                LEFT JOIN pg_catalog.pg_inherits i ON c.relispartition AND i.inhrelid = c.oid
                LEFT JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
                LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
                LEFT JOIN pg_catalog.pg_type ot ON ot.oid = c.reloftype
                LEFT JOIN pg_catalog.pg_namespace otn ON otn.oid = ot.typnamespace
                LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
                WHERE c.relkind IN ('r', 'p') AND""" + notExtensionMember("pg_class", "c.oid"));

        Map<Long, List<Column>> columns = columns();
        Map<Long, List<Constraint>> constraints = constraints();
        Map<Long, List<Trigger>> triggers = triggers();

        record Row(Table table, List<QualifiedName> deps) {
        }
        List<Row> found = new ArrayList<>();
        for (Record r : rows) {
            long oid = oid(r, "oid");
            QualifiedName name = QualifiedName.of(str(r, "nspname"), str(r, "relname"));
            Table.PartitionOf partitionOf = str(r, "parent_name") == null ? null
                    : new Table.PartitionOf(QualifiedName.of(str(r, "parent_schema"), str(r, "parent_name")),
                            str(r, "bound"));
            List<Constraint> tableConstraints = constraints.getOrDefault(oid, List.of());
            List<QualifiedName> inherits = strings(r, "inherits").stream()
                    .map(p -> QualifiedName.parse(p, "public")).toList();
            Table table = Table.builder(name)
                    .kind("p".equals(str(r, "relkind")) ? Table.Kind.PARTITIONED : Table.Kind.ORDINARY)
                    .unlogged(Sql.boolOf(r, "unlogged")).columns(columns.getOrDefault(oid, List.of()))
                    .constraints(tableConstraints).indexes(indexes.getOrDefault(oid, List.of()))
                    .triggers(triggers.getOrDefault(oid, List.of())).partitionKey(str(r, "partkey"))
                    .partitionOf(partitionOf).inherits(inherits).options(strings(r, "options"))
                    .ofType(str(r, "of_name") == null ? null : QualifiedName.of(str(r, "of_schema"), str(r, "of_name")))
                    .accessMethod(str(r, "access_method")).comment(str(r, "comment")).build();
            List<QualifiedName> deps = new ArrayList<>(inherits); // CREATE TABLE ... INHERITS after its parents
            if (partitionOf != null) {
                deps.add(partitionOf.parent());
            }
            tableConstraints.stream().map(Constraint::referencedTable).filter(t -> t != null).forEach(deps::add);
            for (String rowType : strings(r, "row_types")) {
                deps.add(QualifiedName.parse(rowType, "public")); // tables whose row type a column uses
            }
            found.add(new Row(table, deps));
        }
        return TopologicalSort.sort(found, row -> row.table().name(), Row::deps,
                Comparator.comparing(row -> row.table().name())).stream().map(Row::table).toList();
    }

    private Map<Long, List<Column>> columns() {
        Map<Long, List<Column>> byTable = new HashMap<>();
        query("""
                SELECT a.attrelid::bigint AS oid, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
                       a.attnotnull, a.attislocal, a.attidentity::text AS attidentity,
                       a.attgenerated::text AS attgenerated,
                       pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) AS default_value,
                       CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN cn.nspname END AS coll_schema,
                       CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN co.collname::text END AS coll_name,
                       pg_catalog.col_description(a.attrelid, a.attnum) AS comment,
                       qn.nspname AS seq_schema, qc.relname AS seq_name,
                """ + SEQUENCE_COLUMNS + """
                FROM pg_catalog.pg_attribute a
                JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
                JOIN s ON s.oid = c.relnamespace
                JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
                LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
                LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
                LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
                LEFT JOIN pg_catalog.pg_depend d ON a.attidentity <> ''
                     AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid = a.attrelid
                     AND d.refobjsubid = a.attnum AND d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                     AND d.deptype = 'i'
                LEFT JOIN pg_catalog.pg_sequence q ON q.seqrelid = d.objid
                LEFT JOIN pg_catalog.pg_class qc ON qc.oid = d.objid
                LEFT JOIN pg_catalog.pg_namespace qn ON qn.oid = qc.relnamespace
                WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attrelid, a.attnum""")
                .forEach(r -> {
                    String generatedKind = str(r, "attgenerated");
                    boolean generated = generatedKind != null && !generatedKind.isEmpty();
                    String identityKind = str(r, "attidentity");
                    Column.Identity identity = null;
                    if (identityKind != null && !identityKind.isEmpty() && str(r, "seq_name") != null) {
                        QualifiedName seq = QualifiedName.of(str(r, "seq_schema"), str(r, "seq_name"));
                        identity = new Column.Identity("a".equals(identityKind), seq, sequenceOptions(r),
                                sequencePosition(r, seq));
                    }
                    String expr = str(r, "default_value");
                    byTable.computeIfAbsent(oid(r, "oid"), k -> new ArrayList<>()).add(Column.builder(
                            str(r, "attname"), str(r, "type")).notNull(Sql.boolOf(r, "attnotnull"))
                            .defaultValue(generated ? null : expr).identity(identity)
                            .generated(generated ? expr : null)
                            .collation(collation(str(r, "coll_schema"), str(r, "coll_name")))
                            .comment(str(r, "comment")).local(Sql.boolOf(r, "attislocal")).build());
                });
        return byTable;
    }

    private Map<Long, List<Constraint>> constraints() {
        Map<Long, List<Constraint>> byTable = new HashMap<>();
        query("""
                SELECT con.conrelid::bigint AS oid, con.conname, con.contype::text AS contype,
                       pg_catalog.pg_get_constraintdef(con.oid) AS def,
                       ARRAY(SELECT a.attname::text FROM pg_catalog.unnest(con.conkey) WITH ORDINALITY k(num, ord)
                             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num
                             ORDER BY k.ord) AS cols,
                       rn.nspname AS ref_schema, rc.relname AS ref_name,
                       ARRAY(SELECT a.attname::text FROM pg_catalog.unnest(con.confkey) WITH ORDINALITY k(num, ord)
                             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num
                             ORDER BY k.ord) AS ref_cols,
                       con.confupdtype::text AS on_update, con.confdeltype::text AS on_delete,
                       con.condeferrable, con.condeferred, con.convalidated,
                       pg_catalog.obj_description(con.oid, 'pg_constraint') AS comment
                FROM pg_catalog.pg_constraint con
                JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
                JOIN s ON s.oid = c.relnamespace
                LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
                LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
                WHERE con.contype IN ('p', 'u', 'c', 'x', 'f') AND con.conislocal AND con.conparentid = 0
                ORDER BY con.conrelid, con.conname""")
                .forEach(r -> byTable.computeIfAbsent(oid(r, "oid"), k -> new ArrayList<>()).add(Constraint.builder(
                        str(r, "conname"), constraintType(str(r, "contype"))).definition(str(r, "def"))
                        .columns(strings(r, "cols"))
                        .referencedTable(str(r, "ref_name") == null ? null
                                : QualifiedName.of(str(r, "ref_schema"), str(r, "ref_name")))
                        .referencedColumns(strings(r, "ref_cols")).onUpdate(action(str(r, "on_update")))
                        .onDelete(action(str(r, "on_delete"))).deferrable(Sql.boolOf(r, "condeferrable"))
                        .initiallyDeferred(Sql.boolOf(r, "condeferred")).validated(Sql.boolOf(r, "convalidated"))
                        .comment(str(r, "comment")).build()));
        return byTable;
    }

    private static Constraint.Type constraintType(String contype) {
        return switch (contype) {
            case "p" -> Constraint.Type.PRIMARY_KEY;
            case "u" -> Constraint.Type.UNIQUE;
            case "c" -> Constraint.Type.CHECK;
            case "x" -> Constraint.Type.EXCLUSION;
            case "f" -> Constraint.Type.FOREIGN_KEY;
            default -> throw new IllegalStateException("unexpected contype " + contype);
        };
    }

    private static Constraint.ForeignKeyAction action(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        return switch (code) {
            case "a" -> Constraint.ForeignKeyAction.NO_ACTION;
            case "r" -> Constraint.ForeignKeyAction.RESTRICT;
            case "c" -> Constraint.ForeignKeyAction.CASCADE;
            case "n" -> Constraint.ForeignKeyAction.SET_NULL;
            case "d" -> Constraint.ForeignKeyAction.SET_DEFAULT;
            default -> throw new IllegalStateException("unexpected foreign key action " + code);
        };
    }

    /** Indexes of tables and materialized views, keyed by the relation's oid. */
    private Map<Long, List<Index>> indexes() {
        Map<Long, List<Index>> byTable = new HashMap<>();
        query("""
                SELECT i.indrelid::bigint AS oid, ic.relname, i.indisunique, am.amname::text AS method,
                       pg_catalog.pg_get_indexdef(i.indexrelid) AS def,
                       ARRAY(SELECT pg_catalog.pg_get_indexdef(i.indexrelid, k, true)
                             FROM pg_catalog.generate_series(1, i.indnkeyatts) k ORDER BY k) AS keys,
                       ARRAY(SELECT pg_catalog.pg_get_indexdef(i.indexrelid, k, true)
                             FROM pg_catalog.generate_series(i.indnkeyatts + 1, i.indnatts) k ORDER BY k) AS included,
                       pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
                       pg_catalog.obj_description(i.indexrelid, 'pg_class') AS comment
                FROM pg_catalog.pg_index i
                JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
                JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
                JOIN s ON s.oid = c.relnamespace
                JOIN pg_catalog.pg_am am ON am.oid = ic.relam
                WHERE NOT ic.relispartition AND NOT""" + InvalidPartitionedIndexReader.IS_INVALID_PARTITIONED + """
                  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con
                                  WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                                    AND con.contype IN ('p', 'u', 'x'))
                ORDER BY i.indrelid, ic.relname""")
                .forEach(r -> byTable.computeIfAbsent(oid(r, "oid"), k -> new ArrayList<>()).add(Index.builder(
                        str(r, "relname")).unique(Sql.boolOf(r, "indisunique")).method(str(r, "method"))
                        .keys(strings(r, "keys")).included(strings(r, "included")).predicate(str(r, "predicate"))
                        .definition(str(r, "def")).comment(str(r, "comment")).build()));
        return byTable;
    }

    private Map<Long, List<Trigger>> triggers() {
        Map<Long, List<Trigger>> byTable = new HashMap<>();
        query("""
                SELECT t.tgrelid::bigint AS oid, t.tgname, pg_catalog.pg_get_triggerdef(t.oid) AS def,
                       t.tgenabled::text AS enabled, pg_catalog.obj_description(t.oid, 'pg_trigger') AS comment
                FROM pg_catalog.pg_trigger t
                JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
                JOIN s ON s.oid = c.relnamespace
                JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
                JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
                WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND pn.nspname !~ '^_timescaledb_'
                ORDER BY t.tgrelid, t.tgname""")
                .forEach(r -> byTable.computeIfAbsent(oid(r, "oid"), k -> new ArrayList<>()).add(new Trigger(
                        str(r, "tgname"), str(r, "def"), switch (str(r, "enabled")) {
                            case "D" -> Trigger.Enabled.DISABLED;
                            case "R" -> Trigger.Enabled.REPLICA;
                            case "A" -> Trigger.Enabled.ALWAYS;
                            default -> Trigger.Enabled.ORIGIN;
                        }, str(r, "comment"))));
        return byTable;
    }

    // ---------------------------------------------------------------- views

    private List<View> views(Collection<QualifiedName> continuousAggregates, Map<Long, List<Index>> indexes) {
        Result<Record> rows = query("""
                SELECT c.oid::bigint AS oid, s.nspname, c.relname, c.relkind = 'm' AS materialized,
                       pg_catalog.pg_get_viewdef(c.oid) AS def,
                       (SELECT am.amname::text FROM pg_catalog.pg_am am
                        WHERE am.oid = c.relam AND am.amname <> 'heap') AS access_method,
                       COALESCE(c.reloptions, '{}')::text[] AS options,
                       pg_catalog.obj_description(c.oid, 'pg_class') AS comment,
                       ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
                             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                             ORDER BY a.attnum) AS cols,
                       ARRAY(SELECT DISTINCT d.refobjid::bigint FROM pg_catalog.pg_rewrite rw
                             JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                                  AND d.objid = rw.oid
                             WHERE rw.ev_class = c.oid AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
                               AND d.refobjid <> c.oid) AS deps,
                       ARRAY(SELECT DISTINCT pg_catalog.format('%I.%I', ds.nspname, dc.relname)
                             FROM pg_catalog.pg_rewrite rw
                             JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                                  AND d.objid = rw.oid
                             JOIN pg_catalog.pg_class dc ON dc.oid = d.refobjid
                             JOIN s ds ON ds.oid = dc.relnamespace
                             WHERE rw.ev_class = c.oid AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
                               AND d.refobjid <> c.oid
                             ORDER BY 1) AS dep_names
                FROM pg_catalog.pg_class c JOIN s ON s.oid = c.relnamespace
                WHERE c.relkind IN ('v', 'm') AND""" + notExtensionMember("pg_class", "c.oid"));
        record Row(long oid, View view, List<Long> deps) {
        }
        List<Row> found = new ArrayList<>();
        for (Record r : rows) {
            QualifiedName name = QualifiedName.of(str(r, "nspname"), str(r, "relname"));
            if (continuousAggregates.contains(name)) {
                continue;
            }
            long oid = oid(r, "oid");
            Long[] deps = r.get("deps", Long[].class);
            View view = View.builder(name).materialized(Sql.boolOf(r, "materialized")).columns(strings(r, "cols"))
                    .definition(stripSemicolon(str(r, "def"))).options(strings(r, "options"))
                    .indexes(indexes.getOrDefault(oid, List.of())).accessMethod(str(r, "access_method"))
                    .dependsOn(strings(r, "dep_names").stream().map(d -> QualifiedName.parse(d, "public")).toList())
                    .comment(str(r, "comment")).build();
            found.add(new Row(oid, view, deps == null ? List.of() : Arrays.asList(deps)));
        }
        return TopologicalSort.sort(found, Row::oid, Row::deps, Comparator.comparing(row -> row.view().name()))
                .stream().map(Row::view).toList();
    }

    static String stripSemicolon(String definition) {
        if (definition == null) {
            return null;
        }
        String trimmed = definition.strip();
        return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1).strip() : trimmed;
    }

    // ---------------------------------------------------------------- what the library cannot recreate

    private List<String> unsupportedObjects() {
        return query("""
                SELECT 'foreign table partition or inheritance child ' || pg_catalog.quote_ident(s.nspname) || '.'
                       || pg_catalog.quote_ident(c.relname) AS what
                FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
                JOIN s ON s.oid = c.relnamespace
                WHERE c.relkind = 'f' AND""" + notExtensionMember("pg_class", "c.oid") + """
                UNION ALL -- tablespaces are the cluster's: the target's default holds what was elsewhere
                SELECT 'tablespace ' || pg_catalog.quote_ident(t.spcname) || ' of '
                       || CASE c.relkind WHEN 'i' THEN 'index ' WHEN 'I' THEN 'index ' WHEN 'm' THEN 'materialized view '
                               ELSE 'table ' END
                       || pg_catalog.quote_ident(s.nspname) || '.' || pg_catalog.quote_ident(c.relname)
                FROM pg_catalog.pg_class c JOIN s ON s.oid = c.relnamespace
                JOIN pg_catalog.pg_tablespace t ON t.oid = c.reltablespace
                WHERE c.relkind IN ('r', 'p', 'm', 'i', 'I') AND""" + notExtensionMember("pg_class", "c.oid") + """
                ORDER BY 1""")
                .map(r -> str(r, "what"));
    }
}
