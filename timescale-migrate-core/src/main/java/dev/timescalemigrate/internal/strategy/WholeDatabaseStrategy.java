package dev.timescalemigrate.internal.strategy;

import dev.timescalemigrate.MigrationPlan;
import dev.timescalemigrate.OwnershipMode;
import dev.timescalemigrate.SnapshotMode;
import dev.timescalemigrate.event.MigrationPhase;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.spi.MigrationStrategy;
import dev.timescalemigrate.spi.StrategyContext;
import dev.timescalemigrate.adapter.TimescaleOperations;
import dev.timescalemigrate.internal.AdapterSession;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        if (context.config().ownership() == OwnershipMode.REQUIRED) {
            Ownership ownership = Ownership.of(context);
            if (!ownership.possible()) {
                return List.of(ownership.problem());
            }
        }
        return List.of();
    }

    @Override
    public MigrationPlan plan(StrategyContext context) {
        // owners and privileges: unless the user left them out; unset, only when the target can have them
        Ownership ownership = context.config().ownership() != OwnershipMode.SKIPPED ? Ownership.of(context) : null;
        MigrationPlan base = tables.plan(context, ownership != null && ownership.possible());
        List<MigrationPlan.Step> all = base.steps().stream().filter(st -> !(st instanceof PlanSteps.Analyze))
                .toList();
        int tail = TimescaleTail.start(all);
        List<MigrationPlan.Step> steps = new ArrayList<>(all.subList(0, tail));
        List<MigrationPlan.Step> warnings = new ArrayList<>();
        steps.addAll(TimescaleTail.steps(context, all.subList(tail, all.size()), true));
        List<String> notes = new ArrayList<>(base.notes());
        if (ownership != null && ownership.possible()) {
            // GRANT, REVOKE and ALTER ... OWNER TO never repeat a statement of the schema, so their keys cannot
            // collide with the schema's
            // owners first, then the ACLs, granted by the owners (as pg_restore): the ACLs come out as the source's
            List<DdlStatement> privileges = new ArrayList<>(ownership.catalogOwnerDdl());
            privileges.addAll(AdapterSession.of(context).privilegeDdl(ownership.objects()));
            privileges.addAll(AdapterSession.of(context).defaultPrivilegeDdl(ownership.defaults()));
            steps.addAll(MigrationPlan.DdlStep.of(privileges));
            notes.add("owners and privileges of " + ownership.size() + " objects are recreated"
                    + (context.config().roleMap().isEmpty() ? "" : ", roles mapped " + context.config().roleMap()));
        } else if (ownership != null) {
            warnings.add(new PlanSteps.Warn(OWNERSHIP_SKIPPED + ownership.problem()));
        }
        steps.addAll(base.steps(PlanSteps.Analyze.class));
        if (context.config().effectiveSnapshot() == SnapshotMode.EXPORTED) {
            notes.add("every worker reads one exported snapshot of the source, held by a transaction that stays "
                    + "open for the run (vacuum on the source waits for it)");
            List<String> rewriting = AdapterSession.of(context).sourceModel().timescale().jobs().stream()
                    .filter(j -> j.scheduled() && j.hypertable() != null
                            && REWRITING_PROCEDURES.contains(j.procedure().name()))
                    .map(j -> j.id() + " (" + j.procedure().name() + " on " + j.hypertable() + ")").toList();
            if (!rewriting.isEmpty()) {
                warnings.add(new PlanSteps.Warn(REWRITING_JOBS + String.join(", ", rewriting) + ". A chunk they "
                        + "rewrite while the run reads its snapshot stops the run; pause them for the migration "
                        + "(SELECT alter_job(id, scheduled => false)) and resume them afterwards."));
            }
        } else {
            notes.add("each unit reads its own snapshot: the target is not a copy of one instant of a busy source");
        }
        context.selection().timescale().continuousAggregates().forEach(c -> notes.add("continuous aggregate "
                + c.view() + " keeps the source's materialized rows and watermark"));
        steps.addAll(0, warnings);
        return new MigrationPlan(NAME, steps, notes);
    }

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
            Map<QualifiedName, Long> now = AdapterSession.of(context).timescale().sourceChunkStorage(table, true);
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

    @Override
    public void execute(MigrationPlan plan, StrategyContext context) {
        String id = context.migrationId();
        Steps.warn(plan, context);
        // the chunks as the snapshot shows them: hypertables' (checked after the data) and aggregates' (checked
        // after their rows, which are read later)
        Map<QualifiedName, Map<QualifiedName, Long>> hypertableChunks = new HashMap<>();
        Map<QualifiedName, Map<QualifiedName, Long>> aggregateChunks = new HashMap<>();
        if (AdapterSession.of(context).readsOneSnapshot()) {
            TimescaleOperations ops = AdapterSession.of(context).timescale();
            context.selection().timescale().hypertables().forEach(h -> hypertableChunks.put(h.table(),
                    ops.sourceChunkStorage(h.table(), false)));
            context.selection().timescale().continuousAggregates().forEach(c -> aggregateChunks.put(
                    c.materializationHypertable(), ops.sourceChunkStorage(c.materializationHypertable(), false)));
        }
        PerTableStrategy.schemaAndData(plan, context);
        checkChunksUnchanged(context, hypertableChunks);

        TimescaleTail.Split split = TimescaleTail.split(plan);
        context.phase(MigrationPhase.POST_DATA, split.post().size());
        PostData.run(context, split.post());

        context.phase(MigrationPhase.TIMESCALEDB, split.tail().size());
        TimescaleTail.execute(context, split.tail());
        checkChunksUnchanged(context, aggregateChunks);
        Steps.analyze(plan, context);
    }
}
