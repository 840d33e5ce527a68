package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.internal.TopologicalSort;
import dev.timescalemigrate.model.Chunk;
import dev.timescalemigrate.model.CompressionSettings;
import dev.timescalemigrate.model.ContinuousAggregate;
import dev.timescalemigrate.model.Dimension;
import dev.timescalemigrate.model.Hypertable;
import dev.timescalemigrate.model.Index;
import dev.timescalemigrate.model.Job;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.TimescaleModel;

import org.jooq.DSLContext;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads TimescaleDB objects through the public {@code timescaledb_information} views, coping with the
 * columns and views that differ between 2.x versions (never through {@code _timescaledb_catalog}).
 */
final class TimescaleIntrospector {

    private final DSLContext dsl;

    TimescaleIntrospector(DSLContext dsl) {
        this.dsl = dsl;
    }

    TimescaleModel read() {
        Map<QualifiedName, CompressionSettings> compression = compressionSettings();
        Map<QualifiedName, List<Dimension>> dimensions = dimensions();
        List<Hypertable> hypertables = dsl.fetch("""
                        SELECT hypertable_schema::text AS s, hypertable_name::text AS n, compression_enabled
                        FROM timescaledb_information.hypertables ORDER BY 1, 2""")
                .map(r -> {
                    QualifiedName name = QualifiedName.of(r.get("s", String.class), r.get("n", String.class));
                    boolean compressed = Sql.boolOf(r, "compression_enabled");
                    return new Hypertable(name, dimensions.getOrDefault(name, List.of()),
                            compressed ? compression.getOrDefault(name, new CompressionSettings(List.of(), List.of()))
                                    : null);
                });
        return new TimescaleModel(hypertables, continuousAggregates(compression), jobs());
    }

    private boolean relationExists(String qualified) {
        return Boolean.TRUE.equals(dsl.fetchValue(Sql.RELATION_EXISTS, qualified));
    }

    private Set<String> columnsOf(String view) {
        return dsl.fetch("""
                        SELECT column_name::text AS c FROM information_schema.columns
                        WHERE table_schema = 'timescaledb_information' AND table_name = ?""", view)
                .stream().map(r -> r.get("c", String.class)).collect(Collectors.toSet());
    }

    private Map<QualifiedName, List<Dimension>> dimensions() {
        Map<QualifiedName, List<Dimension>> result = new LinkedHashMap<>();
        // the public view names the integer-now function without its schema; TimescaleDB's catalog has the schema
        // (read where this version has it; else the function is looked up by name)
        boolean catalogSchema = !dsl.fetch("""
                SELECT 1 FROM information_schema.columns WHERE table_schema = '_timescaledb_catalog'
                AND table_name = 'dimension' AND column_name = 'integer_now_func_schema'""").isEmpty();
        String byCatalog = catalogSchema ? """
                (SELECT cd.integer_now_func_schema::text FROM _timescaledb_catalog.dimension cd
                 JOIN _timescaledb_catalog.hypertable ch ON ch.id = cd.hypertable_id
                 WHERE ch.schema_name = d.hypertable_schema AND ch.table_name = d.hypertable_name
                   AND cd.column_name = d.column_name)""" : "NULL::text";
        dsl.fetch("""
                        SELECT d.hypertable_schema::text AS s, d.hypertable_name::text AS n, d.column_name::text AS col,
                               pg_catalog.format_type(d.column_type::pg_catalog.oid, NULL) AS col_type,
                               d.dimension_type::text AS kind, d.time_interval::text AS time_interval,
                               d.integer_interval::bigint AS integer_interval,
                               d.integer_now_func::text AS now_func,
                               COALESCE(""" + byCatalog + """
                        , (SELECT pn.nspname::text FROM pg_catalog.pg_proc p
                                JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
                                WHERE p.proname = d.integer_now_func AND p.pronargs = 0
                                ORDER BY pn.nspname LIMIT 1)) AS now_func_schema,
                               d.num_partitions::int AS num_partitions
                        FROM timescaledb_information.dimensions d
                        ORDER BY d.hypertable_schema, d.hypertable_name, d.dimension_number""")
                .forEach(r -> {
                    QualifiedName table = QualifiedName.of(r.get("s", String.class), r.get("n", String.class));
                    boolean time = "Time".equalsIgnoreCase(r.get("kind", String.class));
                    String nowFunc = r.get("now_func", String.class);
                    result.computeIfAbsent(table, k -> new ArrayList<>()).add(Dimension.builder(
                            r.get("col", String.class), r.get("col_type", String.class),
                            time ? Dimension.Kind.TIME : Dimension.Kind.SPACE)
                            .timeInterval(r.get("time_interval", String.class))
                            .integerInterval(r.get("integer_interval", Long.class))
                            .integerNowFunction(nowFunc == null || r.get("now_func_schema", String.class) == null ? null
                                    : QualifiedName.of(r.get("now_func_schema", String.class), nowFunc))
                            .numPartitions(time ? null : r.get("num_partitions", Integer.class)).build());
                });
        return result;
    }

    /**
     * Compression settings of hypertables and continuous aggregates' materialization hypertables. The
     * per-column view {@code compression_settings} (all 2.x up to its removal) is exact and needs no parsing;
     * newer servers without it get the settings from {@code hypertable_compression_settings}.
     */
    private Map<QualifiedName, CompressionSettings> compressionSettings() {
        if (relationExists("timescaledb_information.compression_settings")) {
            return perColumnCompressionSettings();
        }
        if (relationExists("timescaledb_information.hypertable_compression_settings")) {
            Map<QualifiedName, CompressionSettings> result = new HashMap<>();
            dsl.fetch("""
                            SELECT n.nspname::text AS s, c.relname::text AS n, h.segmentby, h.orderby
                            FROM timescaledb_information.hypertable_compression_settings h
                            JOIN pg_catalog.pg_class c ON c.oid = h.hypertable
                            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace""")
                    .forEach(r -> result.put(QualifiedName.of(r.get("s", String.class), r.get("n", String.class)),
                            CompressionSettingsParser.parse(r.get("segmentby", String.class),
                                    r.get("orderby", String.class))));
            return result;
        }
        return Map.of();
    }

    private Map<QualifiedName, CompressionSettings> perColumnCompressionSettings() {
        record Col(String name, Integer segmentIndex, Integer orderIndex, boolean asc, boolean nullsFirst) {
        }
        Map<QualifiedName, List<Col>> columns = new LinkedHashMap<>();
        dsl.fetch("""
                        SELECT hypertable_schema::text AS s, hypertable_name::text AS n, attname::text AS col,
                               segmentby_column_index::int AS seg, orderby_column_index::int AS ord,
                               orderby_asc, orderby_nullsfirst
                        FROM timescaledb_information.compression_settings""")
                .forEach(r -> columns.computeIfAbsent(
                                QualifiedName.of(r.get("s", String.class), r.get("n", String.class)),
                                k -> new ArrayList<>())
                        .add(new Col(r.get("col", String.class), r.get("seg", Integer.class),
                                r.get("ord", Integer.class), Sql.boolOf(r, "orderby_asc"),
                                Sql.boolOf(r, "orderby_nullsfirst"))));
        Map<QualifiedName, CompressionSettings> result = new HashMap<>();
        columns.forEach((table, cols) -> result.put(table, new CompressionSettings(
                cols.stream().filter(c -> c.segmentIndex() != null)
                        .sorted(Comparator.comparing(Col::segmentIndex)).map(Col::name).toList(),
                cols.stream().filter(c -> c.orderIndex() != null)
                        .sorted(Comparator.comparing(Col::orderIndex))
                        .map(c -> new CompressionSettings.OrderBy(c.name(), !c.asc(), c.nullsFirst())).toList())));
        return result;
    }

    /**
     * The indexes users created on a continuous aggregate: those on its materialization hypertable but the ones
     * TimescaleDB makes with it, which it names after that hypertable. Each definition names the view, on which
     * {@code CREATE INDEX} recreates it.
     */
    private List<Index> aggregateIndexes(QualifiedName view, QualifiedName mat) {
        return dsl.fetch("""
                        SELECT i.relname::text AS name, x.indisunique AS uniq, am.amname::text AS method,
                               pg_catalog.pg_get_indexdef(i.oid) AS def,
                               pg_catalog.pg_get_expr(x.indpred, x.indrelid) AS predicate,
                               pg_catalog.obj_description(i.oid, 'pg_class') AS comment,
                               ARRAY(SELECT pg_catalog.pg_get_indexdef(i.oid, k, true)
                                     FROM pg_catalog.generate_series(1, x.indnkeyatts) k) AS keys,
                               ARRAY(SELECT pg_catalog.pg_get_indexdef(i.oid, k, true)
                                     FROM pg_catalog.generate_series(x.indnkeyatts + 1, x.indnatts) k) AS included
                        FROM pg_catalog.pg_index x
                        JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
                        JOIN pg_catalog.pg_am am ON am.oid = i.relam
                        WHERE x.indrelid = pg_catalog.format('%I.%I', ?::text, ?::text)::pg_catalog.regclass
                          AND pg_catalog.left(i.relname, pg_catalog.length(?::text) + 1) <> ? || '_'
                        ORDER BY i.relname""", mat.schema(), mat.name(), mat.name(), mat.name())
                .map(r -> {
                    String def = r.get("def", String.class);
                    // CREATE [UNIQUE] INDEX name ON <materialization hypertable> USING ...: on the view instead
                    int on = def.indexOf(" ON ");
                    int using = def.indexOf(" USING ", on);
                    String onView = def.substring(0, on) + " ON " + view.quoted() + def.substring(using);
                    return Index.builder(r.get("name", String.class))
                            .unique(Sql.boolOf(r, "uniq"))
                            .method(r.get("method", String.class)).keys(List.of(r.get("keys", String[].class)))
                            .included(List.of(r.get("included", String[].class)))
                            .predicate(r.get("predicate", String.class)).definition(onView)
                            .comment(r.get("comment", String.class)).build();
                });
    }

    private List<ContinuousAggregate> continuousAggregates(Map<QualifiedName, CompressionSettings> compression) {
        record Row(ContinuousAggregate cagg, List<QualifiedName> deps) {
        }
        String finalized = columnsOf("continuous_aggregates").contains("finalized") ? "ca.finalized" : "true";
        List<Row> rows = dsl.fetch("""
                        SELECT ca.view_schema::text AS s, ca.view_name::text AS n,
                               ca.hypertable_schema::text AS hs, ca.hypertable_name::text AS hn,
                        """ + finalized + """
                         AS finalized,
                               ca.materialization_hypertable_schema::text AS ms,
                               ca.materialization_hypertable_name::text AS mn,
                               ca.materialized_only, ca.compression_enabled,
                               ca.view_definition AS def,
                               pg_catalog.obj_description(pg_catalog.format('%I.%I', ca.view_schema, ca.view_name)
                                                          ::pg_catalog.regclass, 'pg_class') AS comment,
                               ARRAY(SELECT pg_catalog.format('%I.%I', ds.nspname, dc.relname)
                                     FROM pg_catalog.pg_depend d
                                     JOIN pg_catalog.pg_rewrite rw ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                                          AND d.objid = rw.oid
                                     JOIN pg_catalog.pg_class dc ON dc.oid = d.refobjid
                                     JOIN pg_catalog.pg_namespace ds ON ds.oid = dc.relnamespace
                                     WHERE rw.ev_class = pg_catalog.format('%I.%I', ca.view_schema, ca.view_name)
                                                         ::pg_catalog.regclass
                                       AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass) AS deps
                        FROM timescaledb_information.continuous_aggregates ca""")
                .map(r -> {
                    QualifiedName view = QualifiedName.of(r.get("s", String.class), r.get("n", String.class));
                    QualifiedName mat = QualifiedName.of(r.get("ms", String.class), r.get("mn", String.class));
                    boolean compressed = Sql.boolOf(r, "compression_enabled");
                    String[] deps = r.get("deps", String[].class);
                    QualifiedName raw = QualifiedName.of(r.get("hs", String.class), r.get("hn", String.class));
                    return new Row(ContinuousAggregate.builder(view).hypertable(raw).materializationHypertable(mat)
                            .materializedOnly(Sql.boolOf(r, "materialized_only"))
                            .finalized(!Boolean.FALSE.equals(r.get("finalized", Boolean.class)))
                            .definition(PostgresIntrospector.stripSemicolon(r.get("def", String.class)))
                            .compression(compressed ? compression.getOrDefault(mat,
                                    new CompressionSettings(List.of(), List.of())) : null)
                            .comment(r.get("comment", String.class)).indexes(aggregateIndexes(view, mat)).build(),
                            deps == null ? List.of()
                                    : java.util.Arrays.stream(deps).map(d -> QualifiedName.parse(d, "public")).toList());
                });
        // a continuous aggregate on another one names the other's materialization hypertable: name its view instead
        Map<QualifiedName, QualifiedName> viewOf = new HashMap<>();
        rows.forEach(row -> viewOf.put(row.cagg().materializationHypertable(), row.cagg().view()));
        rows = rows.stream().map(row -> {
            ContinuousAggregate c = row.cagg();
            QualifiedName base = viewOf.get(c.hypertable());
            if (base == null) {
                return row;
            }
            List<QualifiedName> deps = new ArrayList<>(row.deps());
            deps.add(base);
            return new Row(c.toBuilder().hypertable(base).build(), deps);
        }).toList();
        return TopologicalSort.sort(rows, row -> row.cagg().view(), Row::deps,
                Comparator.comparing(row -> row.cagg().view())).stream().map(Row::cagg).toList();
    }

    private List<Job> jobs() {
        Set<String> columns = columnsOf("jobs");
        String fixedSchedule = columns.contains("fixed_schedule") ? "j.fixed_schedule" : "NULL::boolean";
        return dsl.fetch("""
                        SELECT j.job_id::int AS id, j.proc_schema::text AS ps, j.proc_name::text AS pn,
                               j.hypertable_schema::text AS hs, j.hypertable_name::text AS hn,
                               j.schedule_interval::text AS schedule_interval, j.max_runtime::text AS max_runtime,
                               j.max_retries::int AS max_retries, j.retry_period::text AS retry_period,
                               j.scheduled, j.config::text AS config,
                        """ + fixedSchedule + """
                         AS fixed_schedule
                        FROM timescaledb_information.jobs j
                        WHERE j.job_id >= 1000
                        ORDER BY j.job_id""")
                .map(r -> Job.builder(r.get("id", Integer.class),
                                QualifiedName.of(r.get("ps", String.class), r.get("pn", String.class)))
                        .hypertable(r.get("hn", String.class) == null ? null
                                : QualifiedName.of(r.get("hs", String.class), r.get("hn", String.class)))
                        .scheduleInterval(r.get("schedule_interval", String.class))
                        .maxRuntime(r.get("max_runtime", String.class))
                        .maxRetries(r.get("max_retries", Integer.class))
                        .retryPeriod(r.get("retry_period", String.class))
                        .scheduled(Sql.boolOf(r, "scheduled"))
                        .fixedSchedule(r.get("fixed_schedule", Boolean.class)).config(r.get("config", String.class))
                        .build());
    }

    /** Every chunk, by hypertable and range. */
    List<Chunk> chunks() {
        return dsl.fetch(ChunkCatalog.ALL_CHUNKS).map(ChunkCatalog::chunk);
    }
}
