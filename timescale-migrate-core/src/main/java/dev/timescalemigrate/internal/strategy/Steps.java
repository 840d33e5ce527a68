package dev.timescalemigrate.internal.strategy;

import dev.timescalemigrate.MigrationPlan;
import dev.timescalemigrate.exception.MigrationException;
import dev.timescalemigrate.internal.AdapterSession;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.spi.StrategyContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** What the built-in strategies share: DDL steps by phase, units saved before copying, ANALYZE at the end. */
final class Steps {

    private Steps() {
    }

    /** The statements that {@code which} accepts, as plan steps with their checkpoint keys. */
    static List<MigrationPlan.DdlStep> ddl(List<DdlStatement> ddl, List<String> keys, Predicate<DdlStatement> which) {
        List<MigrationPlan.DdlStep> steps = new ArrayList<>();
        for (int i = 0; i < ddl.size(); i++) {
            if (which.test(ddl.get(i))) {
                steps.add(new MigrationPlan.DdlStep(ddl.get(i), keys.get(i)));
            }
        }
        return steps;
    }

    /** The plan's DDL steps of one phase. */
    static List<MigrationPlan.DdlStep> ddl(MigrationPlan plan, DdlStatement.Phase phase) {
        return plan.ddlSteps().stream().filter(d -> d.statement().phase() == phase).toList();
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
