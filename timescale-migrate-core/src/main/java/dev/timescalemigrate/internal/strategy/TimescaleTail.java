package dev.timescalemigrate.internal.strategy;

import dev.timescalemigrate.MigrationPlan;
import dev.timescalemigrate.model.Chunk;
import dev.timescalemigrate.model.ContinuousAggregate;
import dev.timescalemigrate.model.Hypertable;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.spi.CopyUnit;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.spi.StrategyContext;
import dev.timescalemigrate.adapter.TimescaleOperations;
import dev.timescalemigrate.internal.AdapterSession;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The TimescaleDB objects that come after the tables' data, keys and indexes, for the strategies that carry them
 * (whole-database, streaming): each continuous aggregate is created empty, refreshed up to the source's watermark
 * and given the source's materialized rows (buckets whose raw rows the source already dropped included); chunks
 * compressed on the source are compressed on the target; views over aggregates follow; jobs and policies come
 * last, with the source's schedule and paused state, so none runs while the data is copied.
 *
 * <p>The adapter emits these statements last among the post-data DDL, starting with the first continuous
 * aggregate or job statement: {@link #split} finds them in a plan and {@link #steps} orders them.
 */
final class TimescaleTail {

    /**
     * A plan's post-data DDL before the tail, and the tail's steps.
     *
     * @param post the post-data DDL before the tail (keys, indexes, constraints, triggers...)
     * @param tail the tail, in order: DDL and its own steps
     */
    record Split(List<MigrationPlan.DdlStep> post, List<MigrationPlan.Step> tail) {
    }

    private TimescaleTail() {
    }

    private static boolean isTail(DdlStatement s) {
        return s.kind() == DdlStatement.Kind.CONTINUOUS_AGGREGATE || s.kind() == DdlStatement.Kind.JOB;
    }

    /** The index of the first step of the tail in {@code steps}, or their size. */
    static int start(List<? extends MigrationPlan.Step> steps) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof MigrationPlan.DdlStep d && isTail(d.statement())) {
                return i;
            }
        }
        return steps.size();
    }

    /**
     * The tail's steps in the order they run, made of the post-data DDL from the first tail statement on: each
     * aggregate's statements then the step that fills it; then the compression of the chunks compressed on the
     * source; then the rest (views over aggregates, jobs).
     *
     * @param hypertables whether the chunks of hypertables are compressed here too (not when the strategy
     *                    compresses them itself while it copies)
     */
    static List<MigrationPlan.Step> steps(StrategyContext context, List<? extends MigrationPlan.Step> tailDdl,
                                          boolean hypertables) {
        Map<QualifiedName, ContinuousAggregate> caggs = new HashMap<>();
        context.selection().timescale().continuousAggregates().forEach(c -> caggs.put(c.view(), c));
        List<MigrationPlan.Step> steps = new ArrayList<>();
        QualifiedName current = null;
        boolean compressionPlanned = false;
        for (MigrationPlan.Step st : tailDdl) {
            QualifiedName cagg = caggOf(st);
            if (current != null && !current.equals(cagg) && caggs.containsKey(current)) {
                steps.add(new PlanSteps.Materialize(caggs.get(current)));
            }
            if (cagg == null && !compressionPlanned) {
                steps.addAll(compressionSteps(context, hypertables));
                compressionPlanned = true;
            }
            current = cagg;
            steps.add(st);
        }
        if (current != null && caggs.containsKey(current)) {
            steps.add(new PlanSteps.Materialize(caggs.get(current)));
        }
        if (!compressionPlanned) {
            steps.addAll(compressionSteps(context, hypertables));
        }
        return steps;
    }

    /** Splits a plan's post-data steps into those before the tail and the tail (its own steps included). */
    static Split split(MigrationPlan plan) {
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
            } else if (s instanceof PlanSteps.Materialize || s instanceof PlanSteps.CompressLikeSource) {
                inTail = true;
                tail.add(s);
            }
        }
        return new Split(post, tail);
    }

    /** Runs the tail's steps, as {@link #split} found them. */
    static void execute(StrategyContext context, List<MigrationPlan.Step> tail) {
        for (MigrationPlan.Step st : tail) {
            switch (st) {
                case MigrationPlan.DdlStep d when d.statement().kind() == DdlStatement.Kind.JOB -> job(context, d);
                case MigrationPlan.DdlStep d -> context.ddl(d.statement(), d.key());
                case PlanSteps.Materialize m -> materialize(context, m.aggregate(), null);
                case PlanSteps.CompressLikeSource c -> compressLikeSource(context, c);
                default -> throw new IllegalStateException("not a step of the TimescaleDB tail: " + st);
            }
        }
    }

    private static List<MigrationPlan.Step> compressionSteps(StrategyContext context, boolean hypertables) {
        List<MigrationPlan.Step> steps = new ArrayList<>();
        if (hypertables) {
            context.selection().timescale().hypertables().stream().filter(h -> h.compression() != null)
                    .forEach(h -> steps.add(new PlanSteps.CompressLikeSource(h.table(), null)));
        }
        context.selection().timescale().continuousAggregates().stream().filter(c -> c.compression() != null)
                .forEach(c -> steps.add(new PlanSteps.CompressLikeSource(c.materializationHypertable(), c.view())));
        return steps;
    }

    /** The continuous aggregate a DDL step creates or configures, or null. */
    private static QualifiedName caggOf(MigrationPlan.Step step) {
        if (step instanceof MigrationPlan.DdlStep d && d.statement().kind() == DdlStatement.Kind.CONTINUOUS_AGGREGATE) {
            return d.statement().table();
        }
        return null;
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
                    + "hand: " + step.statement().displaySql());
        }
    }

    /**
     * Fills a just-created continuous aggregate with the source's materialized rows: one unit, checkpointed like
     * any other, so a rerun does not copy it twice; the refresh before it is harmless to repeat.
     */
    static void materialize(StrategyContext context, ContinuousAggregate cagg, String before) {
        String key = cagg.view().quoted() + "#materialized";
        String timeType = timeType(context, cagg);
        TimescaleOperations ops = AdapterSession.of(context).timescale();
        if (!AdapterSession.of(context).checkpoints().doneUnits().contains(key)) {
            Optional<TimescaleOperations.Materialization> m = ops.prepareMaterialization(cagg, timeType, before);
            if (m.isEmpty()) {
                return;
            }
            // a backfill copies the buckets wholly before its bound: the target refreshed the later ones itself
            CopyUnit.Range rows = m.get().before() == null ? null
                    : new CopyUnit.Range(m.get().bucketColumn(), timeType, null, m.get().before(), false);
            context.copy(m.get().source(), new CopyUnit(cagg.view(), key, rows, 0, 0), m.get().target());
        }
        ops.targetMaterialization(cagg.view()).flatMap(mat -> ops.alignWatermark(cagg, mat, timeType))
                .ifPresent(context::warn);
    }

    /** The type of the time column the aggregate ultimately buckets (its hypertable's, through nested aggregates). */
    static String timeType(StrategyContext context, ContinuousAggregate cagg) {
        return context.selection().timescale().hypertable(root(context, cagg)).orElseThrow().primaryDimension()
                .columnType();
    }

    /** The hypertable under a continuous aggregate, through nested aggregates. */
    static QualifiedName root(StrategyContext context, ContinuousAggregate cagg) {
        QualifiedName current = cagg.hypertable();
        for (int guard = 0; guard < 32; guard++) {
            Optional<Hypertable> h = context.selection().timescale().hypertable(current);
            if (h.isPresent()) {
                return current;
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
     * Compresses the target's chunks whose counterparts are compressed on the source, several at once. Chunks are
     * matched by their range in the primary dimension, which the identical dimensions make the same on both sides.
     */
    static void compressLikeSource(StrategyContext context, PlanSteps.CompressLikeSource step) {
        TimescaleOperations ops = AdapterSession.of(context).timescale();
        QualifiedName source = step.source();
        Optional<QualifiedName> target = step.aggregate() == null ? Optional.of(source)
                : ops.targetMaterialization(step.aggregate());
        if (target.isEmpty()) {
            return;
        }
        Map<String, Integer> compressedRanges = new HashMap<>();
        ops.sourceChunks(source).stream().filter(Chunk::compressed)
                .forEach(c -> compressedRanges.merge(range(c), 1, Integer::sum));
        if (compressedRanges.isEmpty()) {
            return;
        }
        List<Runnable> work = new ArrayList<>();
        for (Chunk chunk : ops.chunks(target.get())) {
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
        context.runParallel(work);
    }

    private static String range(Chunk c) {
        return c.rangeStart() != null ? c.rangeStart() + ".." + c.rangeEnd()
                : c.rangeStartInteger() + ".." + c.rangeEndInteger();
    }
}
