package dev.timescalemigrate.internal.strategy;

import dev.timescalemigrate.MigrationPlan;
import dev.timescalemigrate.exception.MigrationException;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.spi.CopyUnit;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.spi.StrategyContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

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

    /** The units saved by an earlier run, else a fresh split (a rerun must copy exactly the saved units). */
    static List<CopyUnit> units(StrategyContext context, Table table, Supplier<List<CopyUnit>> split) {
        Optional<List<CopyUnit>> saved = context.session().checkpoints().units(table.name());
        if (saved.isPresent() && !saved.get().isEmpty()) {
            return saved.get();
        }
        return split.get();
    }

    /** Saves each table's units in the checkpoint store, unless an earlier run did, before any is copied. */
    static void saveUnits(StrategyContext context, List<MigrationPlan.CopyStep> copies) {
        Map<QualifiedName, List<CopyUnit>> byTable = new LinkedHashMap<>();
        copies.forEach(c -> byTable.computeIfAbsent(c.unit().table(), t -> new ArrayList<>()).add(c.unit()));
        byTable.forEach((table, units) -> {
            if (context.session().checkpoints().units(table).isEmpty()) {
                context.session().checkpoints().saveUnits(table, units);
            }
        });
    }

    /** The selected tables by name. */
    static Map<QualifiedName, Table> tables(StrategyContext context) {
        Map<QualifiedName, Table> tables = new HashMap<>();
        context.selection().tables().forEach(t -> tables.put(t.name(), t));
        return tables;
    }

    /** An ANALYZE step per table that holds rows. */
    static List<MigrationPlan.ActionStep> analyzeSteps(StrategyContext context) {
        return context.selection().tables().stream().filter(Table::holdsRows)
                .map(t -> new MigrationPlan.ActionStep("ANALYZE " + t.name())).toList();
    }

    /** ANALYZE on every table that holds rows; a failure is a warning. */
    static void analyze(StrategyContext context) {
        for (Table table : context.selection().tables()) {
            if (table.holdsRows()) {
                try {
                    context.session().analyze(table.name());
                } catch (MigrationException e) {
                    context.warn("ANALYZE " + table.name() + " failed: " + e.getMessage());
                }
            }
        }
    }
}
