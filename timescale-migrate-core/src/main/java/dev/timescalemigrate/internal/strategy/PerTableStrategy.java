package dev.timescalemigrate.internal.strategy;

import dev.timescalemigrate.MigrationPlan;
import dev.timescalemigrate.event.MigrationPhase;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Hypertable;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.spi.CopyUnit;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.spi.MigrationStrategy;
import dev.timescalemigrate.spi.StrategyContext;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Schema then data, table by table: pre-data DDL, then every table's units copied in parallel (each in its own
 * short transaction, checkpointed with its rows), then keys and indexes built in parallel per table, foreign
 * keys, the remaining post-data DDL, sequence positions, and ANALYZE. Every step is checkpointed, so a rerun
 * continues from the point of failure.
 */
public final class PerTableStrategy implements MigrationStrategy {

    /** The name users choose it by. */
    public static final String NAME = "per-table";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Schema, then each table's data in parallel COPY units, then keys, indexes and constraints; "
                + "resumable from the point of failure";
    }

    /** Reads only through the session's copy service, so an exported snapshot makes it a copy of one instant. */
    @Override
    public boolean pointInTime() {
        return true;
    }

    @Override
    public MigrationPlan plan(StrategyContext context) {
        return plan(context, false);
    }

    /**
     * The plan, its large objects' owners and privileges recreated when {@code largeObjectOwners} (the
     * whole-database strategy's), else left to the target's user.
     */
    MigrationPlan plan(StrategyContext context, boolean largeObjectOwners) {
        DatabaseModel selection = context.selection();
        List<MigrationPlan.DdlStep> ddl = MigrationPlan.DdlStep.of(context.ddlFor(selection));
        List<MigrationPlan.Step> steps = new ArrayList<>(Steps.inPhase(ddl, DdlStatement.Phase.PRE_DATA));
        List<String> notes = new ArrayList<>();
        List<MigrationPlan.CopyStep> copies = new ArrayList<>();
        for (Table table : selection.tables()) {
            if (!table.holdsRows()) {
                continue;
            }
            List<CopyUnit> units = units(context, table);
            units.forEach(u -> copies.add(new MigrationPlan.CopyStep(u, table.name())));
            if (units.size() > 1) {
                notes.add(table.name() + " is copied in " + units.size() + " units split on "
                        + (units.get(0).range() == null ? "?" : units.get(0).range().column()));
            }
        }
        // the largest tables first, so the run does not end waiting on one big table
        Map<QualifiedName, Long> sizes = new HashMap<>();
        copies.forEach(c -> sizes.merge(c.unit().table(), c.unit().estimatedBytes(), Long::sum));
        copies.sort(Comparator.comparing((MigrationPlan.CopyStep c) -> -sizes.get(c.unit().table()))
                .thenComparing(c -> c.unit().table()).thenComparing(c -> c.unit().key()));
        steps.addAll(copies);
        steps.addAll(LargeObjectSteps.plan(context, largeObjectOwners, notes));
        steps.addAll(Steps.inPhase(ddl, DdlStatement.Phase.POST_DATA));
        steps.addAll(Steps.analyzeSteps(context));
        for (Hypertable h : selection.timescale().hypertables()) {
            notes.add(h.table() + " becomes a hypertable on " + h.primaryDimension().column() + ", chunks of "
                    + (h.primaryDimension().integerInterval() != null ? h.primaryDimension().integerInterval()
                    : h.primaryDimension().timeInterval()));
        }
        if (!largeObjectOwners) {
            notes.add(Steps.NO_OWNERS);
        }
        return new MigrationPlan(NAME, steps, notes);
    }

    /** The units saved by an earlier run, else a fresh split (a rerun must copy exactly the saved units). */
    private static List<CopyUnit> units(StrategyContext context, Table table) {
        String preferred = context.selection().timescale().hypertable(table.name())
                .map(h -> h.primaryDimension().column()).orElse(null);
        return context.units(table, () -> context.split(table, preferred));
    }

    @Override
    public void execute(MigrationPlan plan, StrategyContext context) {
        schemaAndData(plan, context);
        List<MigrationPlan.DdlStep> post = Steps.inPhase(plan.ddlSteps(), DdlStatement.Phase.POST_DATA);
        context.phase(MigrationPhase.POST_DATA, post.size());
        PostData.run(context, post);
        Steps.analyze(plan, context);
    }

    /** Runs the pre-data DDL, saves every table's units (once) and copies them in parallel. */
    static void schemaAndData(MigrationPlan plan, StrategyContext context) {
        String id = context.migrationId();
        List<MigrationPlan.DdlStep> pre = Steps.inPhase(plan.ddlSteps(), DdlStatement.Phase.PRE_DATA);
        context.phase(MigrationPhase.SCHEMA, pre.size());
        pre.forEach(d -> context.ddl(d.statement(), d.key()));

        List<Runnable> largeObjects = LargeObjectSteps.tasks(plan, context);
        context.phase(MigrationPhase.DATA, plan.copySteps().size() + largeObjects.size());
        Map<QualifiedName, Table> tables = Steps.tables(context);
        List<Runnable> tasks = new ArrayList<>(plan.copySteps().stream()
                .map(c -> (Runnable) () -> context.copy(tables.get(c.unit().table()), c.unit(), c.target()))
                .toList());
        tasks.addAll(largeObjects);
        context.runParallel(tasks);
    }
}
