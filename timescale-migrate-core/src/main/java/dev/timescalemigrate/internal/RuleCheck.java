package dev.timescalemigrate.internal;

import dev.timescalemigrate.HypertableRule;
import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.Constraint;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Dimension;
import dev.timescalemigrate.model.Hypertable;
import dev.timescalemigrate.model.Index;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The user's hypertable rules checked against the source, as a pure function of the source model: each rule must
 * name a selected table that can be a hypertable, and a time column that can partition it. A rule that passes
 * makes the table a hypertable, in place of the source's own dimensions if it is one already.
 */
final class RuleCheck {

    /**
     * The outcome.
     *
     * @param hypertables the selected hypertables of the source, those a rule replaces left out, then one for each
     *                    rule that passed, in the rules' order
     * @param problems    rules that cannot be applied, one entry each (a unique key without the time column adds
     *                    one per key)
     * @param warnings    rules that replace the dimensions of a source hypertable
     */
    record Outcome(List<Hypertable> hypertables, List<String> problems, List<String> warnings) {
    }

    private RuleCheck() {
    }

    /**
     * Checks the rules in their order.
     *
     * @param rules       the hypertable rules
     * @param source      the source model
     * @param selected    the tables the patterns select
     * @param hypertables the source's hypertables among them
     */
    static Outcome check(List<HypertableRule> rules, DatabaseModel source, Set<QualifiedName> selected,
                         List<Hypertable> hypertables) {
        List<Hypertable> result = new ArrayList<>(hypertables);
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (HypertableRule rule : rules) {
            Optional<Table> table = source.table(rule.table());
            if (table.isEmpty()) {
                problems.add("The hypertable rule names " + rule.table() + ", which does not exist in the source "
                        + "database. " + Selection.describeTables(source));
                continue;
            }
            if (!selected.contains(rule.table())) {
                problems.add("The hypertable rule names " + rule.table() + ", which the include/exclude patterns "
                        + "leave out: include the table or drop the rule.");
                continue;
            }
            if (source.timescale().hypertable(rule.table()).isPresent()) {
                warnings.add(rule.table() + " is already a hypertable in the source; the rule replaces its "
                        + "dimensions.");
                result.removeIf(h -> h.table().equals(rule.table()));
            }
            if (table.get().kind() == Table.Kind.PARTITIONED || table.get().partitionOf() != null) {
                problems.add("The hypertable rule names " + rule.table() + ", which is "
                        + (table.get().partitionOf() != null ? "a partition of " + table.get().partitionOf().parent()
                        : "a partitioned table") + "; a hypertable cannot be partitioned declaratively. Drop the "
                        + "rule, or migrate the data into a plain table first.");
                continue;
            }
            List<QualifiedName> children = source.tables().stream()
                    .filter(t -> t.inherits().contains(rule.table())).map(Table::name).toList();
            if (!table.get().inherits().isEmpty() || !children.isEmpty()) {
                problems.add("The hypertable rule names " + rule.table() + ", which "
                        + (table.get().inherits().isEmpty() ? "" : "inherits from " + names(table.get().inherits())
                        + (children.isEmpty() ? "" : " and "))
                        + (children.isEmpty() ? "" : "is inherited by " + names(children))
                        + " (INHERITS); a hypertable can be neither an inheritance child nor an inheritance parent. "
                        + "Drop the rule, or migrate the data into a table without inheritance first.");
                continue;
            }
            if (rule.timeColumn() == null) {
                continue; // the streaming strategy infers the time column
            }
            Optional<Column> column = table.get().column(rule.timeColumn());
            if (column.isEmpty()) {
                problems.add("The hypertable rule for " + rule.table() + " names time column \"" + rule.timeColumn()
                        + "\", which the table does not have. Its columns: "
                        + table.get().columns().stream().map(c -> c.name() + " " + c.type())
                        .collect(Collectors.joining(", ")) + ".");
                continue;
            }
            String type = column.get().type();
            if (!TimeColumns.PARTITION_TYPES.contains(type)) {
                problems.add("The hypertable rule for " + rule.table() + " names time column \"" + rule.timeColumn()
                        + "\" of type " + type + ", which cannot partition a hypertable. Choose a column of type "
                        + "timestamptz, timestamp, date, smallint, integer or bigint.");
                continue;
            }
            boolean integer = TimeColumns.INTEGER_TYPES.contains(type);
            if (integer && rule.integerChunkInterval() == null) {
                problems.add("The hypertable rule for " + rule.table() + " partitions by the integer column \""
                        + rule.timeColumn() + "\": give its chunk interval in the column's units with "
                        + ".integerChunkInterval(...).");
                continue;
            }
            if (!integer && rule.integerChunkInterval() != null) {
                problems.add("The hypertable rule for " + rule.table() + " gives an integer chunk interval for the "
                        + type + " column \"" + rule.timeColumn() + "\": use .chunkInterval(Duration) instead.");
                continue;
            }
            for (Constraint c : TimeColumns.uniqueConstraintsWithout(table.get(), rule.timeColumn())) {
                problems.add("Constraint " + c.name() + " on " + rule.table() + " (" + c.definition()
                        + ") does not include the time column \"" + rule.timeColumn() + "\"; a hypertable's "
                        + "unique constraints must include it. Add the column to the key on the source, or "
                        + "drop the hypertable rule.");
            }
            for (Index i : TimeColumns.uniqueIndexesWithout(table.get(), rule.timeColumn())) {
                problems.add("Unique index " + i.name() + " on " + rule.table() + " does not include the time "
                        + "column \"" + rule.timeColumn() + "\"; a hypertable's unique indexes must include it.");
            }
            result.add(new Hypertable(rule.table(), List.of(Dimension.builder(rule.timeColumn(), type,
                    Dimension.Kind.TIME).timeInterval(integer ? null : Preflight.interval(rule.chunkInterval()))
                    .integerInterval(integer ? rule.integerChunkInterval() : null).build()), null));
        }
        return new Outcome(result, problems, warnings);
    }

    private static String names(List<QualifiedName> tables) {
        return tables.stream().map(QualifiedName::toString).collect(Collectors.joining(", "));
    }
}
