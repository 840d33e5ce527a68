package dev.timescalemigrate.internal.strategy;

import dev.timescalemigrate.MigrationPlan;
import dev.timescalemigrate.SnapshotMode;
import dev.timescalemigrate.event.MigrationEvent;
import dev.timescalemigrate.model.Chunk;
import dev.timescalemigrate.model.ContinuousAggregate;
import dev.timescalemigrate.model.Hypertable;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.spi.CopyUnit;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.spi.MigrationStrategy;
import dev.timescalemigrate.spi.StrategyContext;
import dev.timescalemigrate.spi.TimescaleOperations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The whole database in one run, read from one exported snapshot of the source: everything the per-table
 * strategy moves, then the TimescaleDB objects. After the tables' keys and indexes: each continuous aggregate is
 * created empty, refreshed up to the source's watermark and given the source's materialized rows (buckets whose
 * raw rows the source already dropped included); chunks compressed on the source are compressed on the target;
 * views over aggregates follow; jobs and policies come last, with the source's schedule and paused state, so none
 * runs while the data is copied.
 */
public final class WholeDatabaseStrategy implements MigrationStrategy {

    /** The name users choose it by. */
    public static final String NAME = "whole-database";

    private final PerTableStrategy tables = new PerTableStrategy();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Every object of the source from one consistent snapshot, with hypertables, compression, continuous "
                + "aggregates and their materialized data, jobs and policies; resumable";
    }

    @Override
    public SnapshotMode defaultSnapshot() {
        return SnapshotMode.EXPORTED;
    }

    @Override
    public boolean carriesTimescaleObjects() {
        return true;
    }

    @Override
    public boolean pointInTime() {
        return true;
    }

    /** With {@code ownership(true)}, roles the target lacks or its user cannot take on stop the preflight. */
    @Override
    public List<String> check(StrategyContext context) {
        if (context.config().ownership().orElse(false)) {
            Ownership ownership = Ownership.of(context);
            if (!ownership.possible()) {
                return List.of(ownership.problem());
            }
        }
        return List.of();
    }

    @Override
    public MigrationPlan plan(StrategyContext context) {
        MigrationPlan base = tables.plan(context);
        List<MigrationPlan.Step> all = base.steps().stream().filter(st -> !(st instanceof MigrationPlan.ActionStep))
                .toList();
        int tail = tailStart(all);
        List<MigrationPlan.Step> steps = new ArrayList<>(all.subList(0, tail));
        // each aggregate's statements, then its rows; then the chunks' compression; then views over aggregates
        // and jobs
        QualifiedName current = null;
        boolean compressionPlanned = false;
        for (MigrationPlan.Step st : all.subList(tail, all.size())) {
            QualifiedName cagg = caggOf(st);
            if (current != null && !current.equals(cagg)) {
                steps.add(materializeStep(current));
            }
            if (cagg == null && !compressionPlanned) {
                steps.addAll(compressionSteps(context));
                compressionPlanned = true;
            }
            current = cagg;
            steps.add(st);
        }
        if (current != null) {
            steps.add(materializeStep(current));
        }
        if (!compressionPlanned) {
            steps.addAll(compressionSteps(context));
        }
        List<String> notes = new ArrayList<>(base.notes());
        // owners and privileges: unless the user left them out; unset, only when the target can have them
        Ownership ownership = context.config().ownership().orElse(true) ? Ownership.of(context) : null;
        if (ownership != null && ownership.possible()) {
            // GRANT, REVOKE and ALTER ... OWNER TO never repeat a statement of the schema, so their keys cannot
            // collide with the schema's
            List<DdlStatement> statements = context.session().privilegeDdl(ownership.objects());
            List<String> keys = StepKeys.of(statements);
            for (int i = 0; i < statements.size(); i++) {
                steps.add(new MigrationPlan.DdlStep(statements.get(i), keys.get(i)));
            }
            notes.add("owners and privileges of " + ownership.objects().size() + " objects are recreated"
                    + (context.config().roleMap().isEmpty() ? "" : ", roles mapped " + context.config().roleMap()));
        } else if (ownership != null) {
            notes.add(OWNERSHIP_SKIPPED + ownership.problem());
        }
        base.steps().stream().filter(st -> st instanceof MigrationPlan.ActionStep).forEach(steps::add);
        if (context.config().effectiveSnapshot() == SnapshotMode.EXPORTED) {
            notes.add("every worker reads one exported snapshot of the source, held by a transaction that stays "
                    + "open for the run (vacuum on the source waits for it)");
            List<String> rewriting = context.session().sourceModel().timescale().jobs().stream()
                    .filter(j -> j.scheduled() && j.hypertable() != null
                            && REWRITING_PROCEDURES.contains(j.procedure().name()))
                    .map(j -> j.id() + " (" + j.procedure().name() + " on " + j.hypertable() + ")").toList();
            if (!rewriting.isEmpty()) {
                notes.add(REWRITING_JOBS + String.join(", ", rewriting) + ". A chunk they rewrite while the run reads "
                        + "its snapshot stops the run; pause them for the migration (SELECT alter_job(id, scheduled "
                        + "=> false)) and resume them afterwards.");
            }
        } else {
            notes.add("each unit reads its own snapshot: the target is not a copy of one instant of a busy source");
        }
        context.selection().timescale().continuousAggregates().forEach(c -> notes.add("continuous aggregate "
                + c.view() + " keeps the source's materialized rows and watermark"));
        return new MigrationPlan(NAME, steps, notes);
    }

    private static List<MigrationPlan.Step> compressionSteps(StrategyContext context) {
        List<MigrationPlan.Step> steps = new ArrayList<>();
        context.selection().timescale().hypertables().stream().filter(h -> h.compression() != null)
                .forEach(h -> steps.add(new MigrationPlan.ActionStep(COMPRESS + h.table()
                        + " that are compressed on the source")));
        context.selection().timescale().continuousAggregates().stream().filter(c -> c.compression() != null)
                .forEach(c -> steps.add(new MigrationPlan.ActionStep(COMPRESS + "continuous aggregate " + c.view()
                        + " that are compressed on the source")));
        return steps;
    }

    private static final String COMPRESS = "compress the chunks of ";
    private static final Set<String> REWRITING_PROCEDURES = Set.of("policy_compression", "policy_retention",
            "policy_reorder", "policy_recompression");
    private static final String REWRITING_JOBS = "Jobs on the source that compress, drop or reorder chunks are "
            + "scheduled: ";

    /**
     * Stops the run when a chunk the snapshot showed was rewritten (compressed, decompressed, reordered) or dropped
     * on the source while it was read: TimescaleDB rewrites chunks in ways older snapshots do not see, so the rows
     * of such a chunk may be missing from the copy and from the checksums read in the same snapshot.
     */
    private static void checkChunksUnchanged(StrategyContext context, Map<QualifiedName, Map<QualifiedName, Long>> before) {
        List<String> changed = new ArrayList<>();
        before.forEach((table, chunks) -> {
            Map<QualifiedName, Long> now = context.session().timescale().sourceChunkStorage(table, true);
            chunks.forEach((chunk, storage) -> {
                Long current = now.get(chunk);
                if (current == null) {
                    changed.add(chunk + " of " + table + " (dropped)");
                } else if (!current.equals(storage)) {
                    changed.add(chunk + " of " + table + " (rewritten: compressed, decompressed or reordered)");
                }
            });
        });
        if (!changed.isEmpty()) {
            throw new dev.timescalemigrate.exception.MigrationException(
                    dev.timescalemigrate.exception.ErrorCode.DATA_TRANSFER_FAILED, "Chunks of the source changed "
                    + "while the run read its snapshot: " + String.join(", ", changed) + ". TimescaleDB rewrites a "
                    + "chunk it compresses, reorders or drops in a way older snapshots do not see, so their rows may "
                    + "be missing on the target. Pause the source's compression, retention and reorder jobs (SELECT "
                    + "alter_job(id, scheduled => false)), then migrate again into an empty target with a new "
                    + "migration id; or migrate with SnapshotMode.PER_UNIT, where each unit reads the source as it "
                    + "is.");
        }
    }

    private static final String OWNERSHIP_SKIPPED = "owners and privileges are left out (the objects belong to the "
            + "migrating user). ";

    private static final String REFRESH = "refresh ";

    private static MigrationPlan.ActionStep materializeStep(QualifiedName view) {
        return new MigrationPlan.ActionStep(REFRESH + view + " up to the source's watermark, then replace its "
                + "materialized rows with the source's");
    }

    /** The continuous aggregate a DDL step creates or configures, or null. */
    private static QualifiedName caggOf(MigrationPlan.Step step) {
        if (step instanceof MigrationPlan.DdlStep d && d.statement().kind() == DdlStatement.Kind.CONTINUOUS_AGGREGATE) {
            return d.statement().table();
        }
        return null;
    }

    private static boolean isTail(DdlStatement s) {
        return s.kind() == DdlStatement.Kind.CONTINUOUS_AGGREGATE || s.kind() == DdlStatement.Kind.JOB;
    }

    /** The index of the first step of the TimescaleDB tail (the adapter emits it last), or the size. */
    private static int tailStart(List<MigrationPlan.Step> steps) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof MigrationPlan.DdlStep d && isTail(d.statement())) {
                return i;
            }
        }
        return steps.size();
    }

    @Override
    public void execute(MigrationPlan plan, StrategyContext context) {
        String id = context.migrationId();
        plan.notes().stream().filter(n -> n.startsWith(OWNERSHIP_SKIPPED) || n.startsWith(REWRITING_JOBS))
                .forEach(context::warn);
        // the chunks as the snapshot shows them: hypertables' (checked after the data) and aggregates' (checked
        // after their rows, which are read later)
        Map<QualifiedName, Map<QualifiedName, Long>> hypertableChunks = new HashMap<>();
        Map<QualifiedName, Map<QualifiedName, Long>> aggregateChunks = new HashMap<>();
        if (context.session().readsOneSnapshot()) {
            TimescaleOperations ops = context.session().timescale();
            context.selection().timescale().hypertables().forEach(h -> hypertableChunks.put(h.table(),
                    ops.sourceChunkStorage(h.table(), false)));
            context.selection().timescale().continuousAggregates().forEach(c -> aggregateChunks.put(
                    c.materializationHypertable(), ops.sourceChunkStorage(c.materializationHypertable(), false)));
        }
        PerTableStrategy.schemaAndData(plan, context);
        checkChunksUnchanged(context, hypertableChunks);

        List<MigrationPlan.DdlStep> post = new ArrayList<>();
        List<MigrationPlan.Step> tail = new ArrayList<>();
        boolean inTail = false;
        for (MigrationPlan.Step s : plan.steps()) {
            if (s instanceof MigrationPlan.DdlStep d && d.statement().phase() == DdlStatement.Phase.POST_DATA) {
                inTail |= isTail(d.statement());
                if (inTail) {
                    tail.add(d);
                } else {
                    post.add(d);
                }
            } else if (s instanceof MigrationPlan.ActionStep a && !a.description().startsWith("ANALYZE ")) {
                inTail = true;
                tail.add(a);
            }
        }
        context.publish(new MigrationEvent.PhaseStarted(id, Instant.now(), "post-data", post.size()));
        PostData.run(context, post);

        context.publish(new MigrationEvent.PhaseStarted(id, Instant.now(), "timescaledb", tail.size()));
        Map<QualifiedName, ContinuousAggregate> caggs = new HashMap<>();
        context.selection().timescale().continuousAggregates().forEach(c -> caggs.put(c.view(), c));
        boolean compressed = false;
        QualifiedName lastAggregate = null; // the aggregate whose statements came last: its rows follow them
        for (MigrationPlan.Step st : tail) {
            if (caggOf(st) != null) {
                lastAggregate = caggOf(st);
            }
            if (st instanceof MigrationPlan.DdlStep d && d.statement().kind() == DdlStatement.Kind.JOB) {
                job(context, d);
            } else if (st instanceof MigrationPlan.DdlStep d) {
                context.ddl(d.statement(), d.key());
            } else if (st instanceof MigrationPlan.ActionStep a && a.description().startsWith(COMPRESS) && !compressed) {
                compressChunks(context);
                compressed = true;
            } else if (st instanceof MigrationPlan.ActionStep a && a.description().startsWith(REFRESH)
                    && caggs.containsKey(lastAggregate)) {
                materialize(context, caggs.get(lastAggregate));
            }
        }
        checkChunksUnchanged(context, aggregateChunks);
        Steps.analyze(context);
    }

    /**
     * Recreates a job or policy. A job is not data: one the target refuses (a version's restriction, a procedure
     * that does not exist there) is a warning with the statement to run by hand, and the migration goes on; a
     * rerun tries it again.
     */
    private static void job(StrategyContext context, MigrationPlan.DdlStep step) {
        try {
            context.ddl(step.statement(), step.key());
        } catch (dev.timescalemigrate.exception.SchemaException e) {
            context.warn("Not recreated: " + step.statement().object() + ": " + e.getMessage() + " Recreate it by "
                    + "hand: " + step.statement().sql());
        }
    }

    /**
     * Fills a just-created continuous aggregate with the source's materialized rows: one unit, checkpointed like
     * any other, so a rerun does not copy it twice; the refresh before it is harmless to repeat.
     */
    private static void materialize(StrategyContext context, ContinuousAggregate cagg) {
        String key = cagg.view().quoted() + "#materialized";
        String timeType = timeType(context, cagg);
        TimescaleOperations ops = context.session().timescale();
        if (!context.session().checkpoints().doneUnits().contains(key)) {
            Optional<TimescaleOperations.Materialization> m = ops.prepareMaterialization(cagg, timeType);
            if (m.isEmpty()) {
                return;
            }
            context.copy(m.get().source(), new CopyUnit(cagg.view(), key, null, 0, 0), m.get().target());
        }
        ops.targetMaterialization(cagg.view()).flatMap(mat -> ops.alignWatermark(cagg, mat, timeType))
                .ifPresent(context::warn);
    }


    /** The type of the time column the aggregate ultimately buckets (its hypertable's, through nested aggregates). */
    private static String timeType(StrategyContext context, ContinuousAggregate cagg) {
        QualifiedName current = cagg.hypertable();
        for (int guard = 0; guard < 32; guard++) {
            Optional<Hypertable> h = context.selection().timescale().hypertable(current);
            if (h.isPresent()) {
                return h.get().primaryDimension().columnType();
            }
            QualifiedName view = current;
            Optional<ContinuousAggregate> parent = context.selection().timescale().continuousAggregates().stream()
                    .filter(c -> c.view().equals(view)).findFirst();
            if (parent.isEmpty()) {
                break;
            }
            current = parent.get().hypertable();
        }
        throw new IllegalStateException("Cannot find the hypertable under continuous aggregate " + cagg.view());
    }

    /**
     * Compresses the target's chunks whose counterparts are compressed on the source, for every hypertable and
     * continuous aggregate with compression; several at once. Chunks are matched by their range in the primary
     * dimension, which the identical dimensions make the same on both sides.
     */
    private static void compressChunks(StrategyContext context) {
        TimescaleOperations ops = context.session().timescale();
        Map<QualifiedName, QualifiedName> pairs = new java.util.LinkedHashMap<>(); // source -> target relation
        context.selection().timescale().hypertables().stream().filter(h -> h.compression() != null)
                .forEach(h -> pairs.put(h.table(), h.table()));
        for (ContinuousAggregate c : context.selection().timescale().continuousAggregates()) {
            if (c.compression() != null) {
                ops.targetMaterialization(c.view()).ifPresent(t -> pairs.put(c.materializationHypertable(), t));
            }
        }
        List<Runnable> work = new ArrayList<>();
        pairs.forEach((source, target) -> {
            Map<String, Integer> compressedRanges = new HashMap<>();
            ops.sourceChunks(source).stream().filter(Chunk::compressed)
                    .forEach(c -> compressedRanges.merge(range(c), 1, Integer::sum));
            if (compressedRanges.isEmpty()) {
                return;
            }
            for (Chunk chunk : ops.chunks(target)) {
                int left = compressedRanges.getOrDefault(range(chunk), 0);
                if (left > 0) {
                    compressedRanges.put(range(chunk), left - 1);
                    if (!chunk.compressed()) { // compressed already by an earlier run
                        work.add(() -> ops.compress(chunk.chunk()));
                    }
                }
            }
            List<String> unmatched = compressedRanges.entrySet().stream().filter(e -> e.getValue() > 0)
                    .map(Map.Entry::getKey).sorted().toList();
            if (!unmatched.isEmpty()) {
                // e.g. chunks made before the source's chunk interval was changed: the target cuts them otherwise
                context.warn("Compressed chunks of " + source + " on the source have no chunk with the same range on "
                        + "the target (" + String.join(", ", unmatched.subList(0, Math.min(5, unmatched.size())))
                        + (unmatched.size() > 5 ? ", ..." : "") + "): their rows are on the target uncompressed; "
                        + "compress them with compress_chunk or a compression policy.");
            }
        });
        Parallel.run(context.workers(), work);
    }

    private static String range(Chunk c) {
        return c.rangeStart() != null ? c.rangeStart() + ".." + c.rangeEnd()
                : c.rangeStartInteger() + ".." + c.rangeEndInteger();
    }
}
