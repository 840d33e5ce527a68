package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.ContinuousAggregate;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Dimension;
import dev.timescalemigrate.model.Hypertable;
import dev.timescalemigrate.model.Job;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.spi.DdlStatement.Phase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recreates the source's jobs and policies on the target through the public API: the policy functions for
 * TimescaleDB's own policies (with the columnstore names from 2.18), {@code add_job} for user-defined jobs, then
 * {@code alter_job} for the source's runtime limits, retries and whether the job is scheduled. Values come from
 * the source's catalog and are written as quoted literals.
 */
final class JobDdl {

    private final DatabaseModel model;
    private final boolean columnstore;
    private final Map<QualifiedName, ContinuousAggregate> byMaterialization = new HashMap<>();

    JobDdl(DatabaseModel model, boolean columnstore) {
        this.model = model;
        this.columnstore = columnstore;
        model.timescale().continuousAggregates().forEach(c -> byMaterialization.put(c.materializationHypertable(), c));
    }

    List<DdlStatement> statements() {
        List<DdlStatement> out = new ArrayList<>();
        for (Job job : model.timescale().jobs()) {
            QualifiedName relation = relation(job);
            String object = "job " + job.id() + " (" + job.procedure().name()
                    + (relation == null ? "" : " on " + relation) + ")";
            ObjectNode config = parse(job);
            String create = create(job, relation, config);
            String limits = alterArguments(job);
            // settings the policy function takes no argument for (batch sizes, recompress, ...)
            String extra = extraConfig(job, config);
            String merge = extra == null ? "" : ", config => j.config || " + Sql.literal(extra) + "::jsonb";
            if (create.startsWith("CALL ")) {
                // a procedure returns no job id: find the job it made (one compression policy per hypertable)
                out.add(new DdlStatement(Phase.POST_DATA, DdlStatement.Kind.JOB, relation, object, create));
                out.add(new DdlStatement(Phase.POST_DATA, DdlStatement.Kind.JOB, relation, object,
                        "SELECT public.alter_job(j.job_id" + limits + merge + ") " + find(job, relation)));
            } else if (extra == null) {
                out.add(new DdlStatement(Phase.POST_DATA, DdlStatement.Kind.JOB, relation, object,
                        "SELECT public.alter_job(" + create + limits + ")"));
            } else {
                // the new job by the id its function returned (an aggregate may have several refresh policies)
                out.add(new DdlStatement(Phase.POST_DATA, DdlStatement.Kind.JOB, relation, object,
                        "SELECT public.alter_job(j.job_id" + merge + ") FROM public.alter_job(" + create + limits
                                + ") j"));
            }
        }
        return out;
    }

    /** The policy's job on the target, by its procedure and its hypertable or continuous aggregate (as j). */
    private static String find(Job job, QualifiedName relation) {
        return "FROM timescaledb_information.jobs j WHERE j.proc_name = " + Sql.literal(job.procedure().name())
                + " AND (j.hypertable_schema, j.hypertable_name) IN (SELECT " + Sql.literal(relation.schema()) + ", "
                + Sql.literal(relation.name()) + " UNION ALL SELECT materialization_hypertable_schema, "
                + "materialization_hypertable_name FROM timescaledb_information.continuous_aggregates WHERE "
                + "view_schema = " + Sql.literal(relation.schema()) + " AND view_name = " + Sql.literal(relation.name())
                + ")";
    }

    /** Keys the policy functions set themselves (ids of this server, and their arguments). */
    private static final java.util.Set<String> POLICY_KEYS = java.util.Set.of("hypertable_id", "mat_hypertable_id",
            "compress_after", "compress_created_before", "drop_after", "drop_created_before", "start_offset",
            "end_offset", "index_name");

    /**
     * A policy's configuration beyond what its function's arguments set, as a JSON object with its keys sorted
     * (the statement's text keys its checkpoint); {@code null} when there is none or for a user-defined job.
     */
    private static String extraConfig(Job job, ObjectNode config) {
        if (!job.procedure().schema().startsWith("_timescaledb_") || job.hypertable() == null
                || !KNOWN_POLICIES.contains(job.procedure().name())) {
            return null;
        }
        java.util.TreeMap<String, JsonNode> extra = new java.util.TreeMap<>();
        config.properties().forEach(e -> {
            if (!POLICY_KEYS.contains(e.getKey())) {
                extra.put(e.getKey(), e.getValue());
            }
        });
        if (extra.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(extra);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final java.util.Set<String> KNOWN_POLICIES = java.util.Set.of("policy_compression",
            "policy_retention", "policy_refresh_continuous_aggregate", "policy_reorder");

    /** The hypertable or continuous aggregate the job works on (a refresh policy names the aggregate's view). */
    private QualifiedName relation(Job job) {
        if (job.hypertable() == null) {
            return null;
        }
        ContinuousAggregate cagg = byMaterialization.get(job.hypertable());
        return cagg != null ? cagg.view() : job.hypertable();
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode parse(Job job) {
        if (job.config() == null || job.config().isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode parsed = JSON.readTree(job.config());
            return parsed instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Job " + job.id() + " has a configuration that is not JSON: "
                    + job.config(), e);
        }
    }


    /** The call that creates the job and returns its id (or a CALL of a procedure on 2.18 and later). */
    private String create(Job job, QualifiedName relation, ObjectNode config) {
        String proc = job.procedure().name();
        boolean internal = job.procedure().schema().startsWith("_timescaledb_");
        String schedule = ", schedule_interval => " + Sql.literal(job.scheduleInterval()) + "::interval";
        if (internal && relation != null) {
            String rel = Sql.regclass(relation);
            switch (proc) {
                case "policy_compression" -> {
                    boolean createdBefore = config.has("compress_created_before");
                    String value = value(config.get(createdBefore ? "compress_created_before" : "compress_after"), relation);
                    if (columnstore) {
                        return "CALL public.add_columnstore_policy(" + rel + ", "
                                + (createdBefore ? "created_before => " : "after => ") + value + schedule
                                + ", if_not_exists => true)";
                    }
                    return "public.add_compression_policy(" + rel + ", "
                            + (createdBefore ? "compress_created_before => " : "compress_after => ") + value + schedule
                            + ", if_not_exists => true)";
                }
                case "policy_retention" -> {
                    boolean createdBefore = config.has("drop_created_before");
                    String value = value(config.get(createdBefore ? "drop_created_before" : "drop_after"), relation);
                    return "public.add_retention_policy(" + rel + ", "
                            + (createdBefore ? "drop_created_before => " : "drop_after => ") + value + schedule
                            + ", if_not_exists => true)";
                }
                case "policy_refresh_continuous_aggregate" -> {
                    return "public.add_continuous_aggregate_policy(" + rel + ", start_offset => "
                            + value(config.get("start_offset"), relation) + ", end_offset => "
                            + value(config.get("end_offset"), relation) + schedule + ", if_not_exists => true)";
                }
                case "policy_reorder" -> {
                    return "public.add_reorder_policy(" + rel + ", index_name => "
                            + Sql.literal(config.path("index_name").asText()) + ", if_not_exists => true)";
                }
                default -> {
                    // an internal job of a kind this version does not know: recreated like a user's job below
                }
            }
        }
        StringBuilder call = new StringBuilder("public.add_job(")
                .append(Sql.literal(job.procedure().quoted())).append("::pg_catalog.regproc, ")
                .append(Sql.literal(job.scheduleInterval())).append("::interval");
        if (job.config() != null) {
            call.append(", config => ").append(Sql.literal(job.config())).append("::jsonb");
        }
        if (job.fixedSchedule() != null) {
            call.append(", fixed_schedule => ").append(job.fixedSchedule());
        }
        return call.append(")").toString();
    }

    private static String alterArguments(Job job) {
        StringBuilder s = new StringBuilder();
        // also for the reorder policy, whose function takes no schedule
        s.append(", schedule_interval => ").append(Sql.literal(job.scheduleInterval())).append("::interval");
        if (job.maxRuntime() != null) {
            s.append(", max_runtime => ").append(Sql.literal(job.maxRuntime())).append("::interval");
        }
        s.append(", max_retries => ").append(job.maxRetries());
        if (job.retryPeriod() != null) {
            s.append(", retry_period => ").append(Sql.literal(job.retryPeriod())).append("::interval");
        }
        if (job.fixedSchedule() != null) {
            s.append(", fixed_schedule => ").append(job.fixedSchedule());
        }
        return s.append(", scheduled => ").append(job.scheduled()).toString();
    }

    /**
     * A policy's offset: JSON null → NULL, a number → an integer of the relation's time column type, text → an
     * interval.
     */
    private String value(JsonNode json, QualifiedName relation) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return "NULL";
        }
        if (json.isIntegralNumber()) {
            return json.longValue() + "::" + integerType(relation);
        }
        return Sql.literal(json.asText()) + "::interval";
    }

    /** The integer type of the time column the relation is (ultimately) partitioned by; bigint when unknown. */
    private String integerType(QualifiedName relation) {
        QualifiedName current = relation;
        for (int guard = 0; guard < 32 && current != null; guard++) {
            Optional<Hypertable> h = model.timescale().hypertable(current);
            if (h.isPresent()) {
                Dimension d = h.get().primaryDimension();
                return switch (d.columnType()) {
                    case "smallint", "integer", "bigint" -> d.columnType();
                    default -> "bigint";
                };
            }
            QualifiedName view = current;
            current = model.timescale().continuousAggregates().stream().filter(c -> c.view().equals(view))
                    .map(ContinuousAggregate::hypertable).findFirst().orElse(null);
        }
        return "bigint";
    }
}
