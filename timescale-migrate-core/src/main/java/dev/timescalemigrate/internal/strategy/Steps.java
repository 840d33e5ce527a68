package dev.timescalemigrate.internal.strategy;

import dev.timescalemigrate.MigrationPlan;
import dev.timescalemigrate.exception.MigrationException;
import dev.timescalemigrate.internal.AdapterSession;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.spi.StrategyContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the built-in strategies share: DDL steps by phase, units saved before copying, ANALYZE at the end. */
final class Steps {

    /** The plan note of the strategies that do not recreate owners and privileges. */
    static final String NO_OWNERS = "owners and privileges are not recreated by this strategy: every object belongs "
            + "to the target's user (the whole-database strategy recreates them)";

    private Steps() {
    }

    /** The DDL steps of one phase, in order. */
    static List<MigrationPlan.DdlStep> inPhase(List<MigrationPlan.DdlStep> steps, DdlStatement.Phase phase) {
        return steps.stream().filter(d -> d.statement().phase() == phase).toList();
    }

    /** The selected tables by name. */
    static Map<QualifiedName, Table> tables(StrategyContext context) {
        Map<QualifiedName, Table> tables = new HashMap<>();
        context.selection().tables().forEach(t -> tables.put(t.name(), t));
        return tables;
    }

    /** An ANALYZE step per table that holds rows. */
    static List<PlanSteps.Analyze> analyzeSteps(StrategyContext context) {
        return context.selection().tables().stream().filter(Table::holdsRows)
                .map(t -> new PlanSteps.Analyze(t.name())).toList();
    }

    /** The plan's ANALYZE steps; a failure is a warning. */
    static void analyze(MigrationPlan plan, StrategyContext context) {
        for (PlanSteps.Analyze step : plan.steps(PlanSteps.Analyze.class)) {
            try {
                AdapterSession.of(context).analyze(step.table());
            } catch (MigrationException e) {
                context.warn("ANALYZE " + step.table() + " failed: " + e.getMessage());
            }
        }
    }

    /** The plan's warnings, told when the run starts. */
    static void warn(MigrationPlan plan, StrategyContext context) {
        plan.steps(PlanSteps.Warn.class).forEach(w -> context.warn(w.message()));
    }
}
