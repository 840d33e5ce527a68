package dev.timescalemigrate.internal.strategy;

import dev.timescalemigrate.MigrationPlan;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.spi.StrategyContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs the post-data DDL: first the keys and indexes of the tables, each table's statements in order but
 * tables in parallel (index builds are the slow part); then everything else in order (foreign keys, checks,
 * triggers, sequence positions, materialized views). Comments stay with the statement before them.
 */
final class PostData {

    private PostData() {
    }

    static void run(StrategyContext context, List<MigrationPlan.DdlStep> steps) {
        Set<QualifiedName> tables = context.selection().tables().stream().map(Table::name).collect(Collectors.toSet());
        Map<QualifiedName, List<MigrationPlan.DdlStep>> parallel = new LinkedHashMap<>();
        List<MigrationPlan.DdlStep> sequential = new ArrayList<>();
        boolean previousParallel = false;
        QualifiedName previousTable = null;
        for (MigrationPlan.DdlStep step : steps) {
            DdlStatement s = step.statement();
            boolean isParallel;
            if (s.kind() == DdlStatement.Kind.COMMENT) {
                isParallel = previousParallel;
            } else {
                isParallel = (s.kind() == DdlStatement.Kind.KEY || s.kind() == DdlStatement.Kind.INDEX)
                        && s.table() != null && tables.contains(s.table());
                previousTable = s.table();
            }
            if (isParallel) {
                parallel.computeIfAbsent(previousTable, t -> new ArrayList<>()).add(step);
            } else {
                sequential.add(step);
            }
            previousParallel = isParallel;
        }
        context.runParallel(parallel.values().stream()
                .map(group -> (Runnable) () -> group.forEach(d -> context.ddl(d.statement(), d.key())))
                .toList());
        sequential.forEach(d -> context.ddl(d.statement(), d.key()));
    }
}
