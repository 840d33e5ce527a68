package dev.timescalemigrate.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a database holds of one schema, read from TimescaleDB's information views and PostgreSQL's catalogs only,
 * never through this project's model: the independent side of a "nothing lost, nothing changed" comparison. The
 * names TimescaleDB gives its internal objects (materialization hypertables, chunks, job ids) differ between two
 * databases, so each is shown by what it belongs to: a continuous aggregate's materialization hypertable by the
 * aggregate's name, a job by its procedure and the relation it works on.
 */
public final class TimescaleOracle {

    private TimescaleOracle() {
    }

    /**
     * Relation names mapped to what users call them: materialization hypertables (and, where a newer version shows
     * those, the views) to their aggregate.
     */
    private static final String OWNER = """
            WITH owner AS (
                SELECT h.hypertable_schema AS s, h.hypertable_name AS n, h.hypertable_schema || '.' || h.hypertable_name AS label
                FROM timescaledb_information.hypertables h
                UNION ALL
                SELECT a.materialization_hypertable_schema, a.materialization_hypertable_name,
                       'aggregate ' || a.view_schema || '.' || a.view_name
                FROM timescaledb_information.continuous_aggregates a
                UNION ALL -- newer versions name an aggregate's jobs by the view
                SELECT a.view_schema, a.view_name, 'aggregate ' || a.view_schema || '.' || a.view_name
                FROM timescaledb_information.continuous_aggregates a
            )
            """;

    /**
     * Every section, in a stable order, each a sorted list of lines.
     *
     * @param schema the user schema to describe (hypertables, aggregates, tables and views in it)
     */
    public static Map<String, List<String>> describe(TestDatabase db, String schema) {
        String s = "'" + schema.replace("'", "''") + "'";
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put("hypertables", db.column("""
                SELECT hypertable_name || ' dims=' || num_dimensions || ' chunks=' || num_chunks
                       || ' compression=' || compression_enabled
                FROM timescaledb_information.hypertables WHERE hypertable_schema = %s ORDER BY 1""".formatted(s)));
        out.put("dimensions", db.column(OWNER + """
                SELECT o.label || ' #' || d.dimension_number || ' ' || d.column_name || ' ' || d.column_type || ' '
                       || d.dimension_type || ' ' || coalesce(d.time_interval::text, d.integer_interval::text, '-')
                       || ' partitions=' || coalesce(d.num_partitions::text, '-')
                       || ' now=' || coalesce(d.integer_now_func::text, '-')
                FROM timescaledb_information.dimensions d JOIN owner o ON o.s = d.hypertable_schema AND o.n = d.hypertable_name
                WHERE o.label LIKE %s || '.%%' OR o.label LIKE 'aggregate ' || %s || '.%%' ORDER BY 1"""
                .formatted(s, s)));
        out.put("compression settings", db.column(OWNER + """
                SELECT o.label || ' segmentby=' || coalesce(c.segmentby, '') || ' orderby=' || coalesce(c.orderby, '')
                FROM timescaledb_information.hypertable_compression_settings c
                JOIN pg_catalog.pg_class r ON r.oid = c.hypertable
                JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
                JOIN owner o ON o.s = n.nspname AND o.n = r.relname
                WHERE EXISTS (SELECT FROM timescaledb_information.hypertables h WHERE h.hypertable_schema = %s
                                AND h.hypertable_schema = o.s AND h.hypertable_name = o.n AND h.compression_enabled)
                   OR EXISTS (SELECT FROM timescaledb_information.continuous_aggregates a WHERE a.view_schema = %s
                                AND a.materialization_hypertable_schema = o.s
                                AND a.materialization_hypertable_name = o.n AND a.compression_enabled)
                ORDER BY 1""".formatted(s, s)));
        out.put("chunks", db.column(OWNER + """
                SELECT o.label || ' ' || coalesce(c.range_start::text, c.range_start_integer::text) || '..'
                       || coalesce(c.range_end::text, c.range_end_integer::text)
                       || CASE WHEN c.is_compressed THEN ' compressed' ELSE '' END
                FROM timescaledb_information.chunks c JOIN owner o ON o.s = c.hypertable_schema AND o.n = c.hypertable_name
                WHERE o.label LIKE %s || '.%%' OR o.label LIKE 'aggregate ' || %s || '.%%' ORDER BY 1"""
                .formatted(s, s)));
        out.put("continuous aggregates", db.column(OWNER + """
                SELECT a.view_name || ' on ' || coalesce(o.label, a.hypertable_schema || '.' || a.hypertable_name)
                       || ' materialized_only=' || a.materialized_only || ' compression=' || a.compression_enabled
                       || E'\\n' || pg_catalog.regexp_replace(a.view_definition, '\\s+', ' ', 'g')
                FROM timescaledb_information.continuous_aggregates a
                LEFT JOIN owner o ON o.s = a.hypertable_schema AND o.n = a.hypertable_name
                WHERE a.view_schema = %s ORDER BY 1""".formatted(s)));
        out.put("indexes", db.column(OWNER + """
                SELECT coalesce(o.label, i.schemaname || '.' || i.tablename) || ' '
                       || pg_catalog.regexp_replace(pg_catalog.regexp_replace(i.indexdef, ' ON \\S+ ', ' ON - '),
                                                    '^CREATE (UNIQUE )?INDEX \\S+', 'CREATE \\1INDEX')
                       || CASE WHEN i.schemaname = %s THEN ' ' || i.indexname ELSE '' END
                FROM pg_catalog.pg_indexes i LEFT JOIN owner o ON o.s = i.schemaname AND o.n = i.tablename
                WHERE i.schemaname = %s OR o.label LIKE 'aggregate ' || %s || '.%%' ORDER BY 1"""
                .formatted(s, s, s)));
        out.put("jobs", db.column(OWNER + """
                SELECT j.proc_schema || '.' || j.proc_name || ' on ' || coalesce(o.label, '-')
                       || ' every ' || j.schedule_interval || ' max_runtime=' || j.max_runtime
                       || ' max_retries=' || j.max_retries || ' retry_period=' || j.retry_period
                       || ' scheduled=' || j.scheduled || ' fixed=' || j.fixed_schedule
                       || ' config=' || coalesce((j.config - 'hypertable_id' - 'mat_hypertable_id')::text, '-')
                FROM timescaledb_information.jobs j
                LEFT JOIN owner o ON o.s = j.hypertable_schema AND o.n = j.hypertable_name
                WHERE j.job_id >= 1000 ORDER BY 1"""));
        for (String relation : db.column("""
                SELECT pg_catalog.format('%%I.%%I', n.nspname, c.relname) FROM pg_catalog.pg_class c
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm') ORDER BY 1""".formatted(s))) {
            out.put("rows of " + relation, db.column("SELECT count(*) || ' rows, md5 ' || coalesce(pg_catalog.md5("
                    + "pg_catalog.string_agg(t::text, E'\\n' ORDER BY t::text)), '-') FROM " + relation + " t"));
        }
        return out;
    }
}
