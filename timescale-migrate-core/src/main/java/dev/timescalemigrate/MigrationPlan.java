package dev.timescalemigrate;

import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.spi.CopyUnit;
import dev.timescalemigrate.spi.DdlStatement;

import java.util.List;
import java.util.Locale;

/**
 * The ordered steps a run executes: every DDL statement, every copy unit with its estimated size, and the
 * other actions. {@link #toString()} prints it for people.
 *
 * @param strategy the strategy's name
 * @param steps    the steps in order
 * @param notes    what the plan decided and why (inferred settings, skipped objects)
 */
public record MigrationPlan(String strategy, List<Step> steps, List<String> notes) {

    public MigrationPlan {
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
    }

    /** One step. */
    public sealed interface Step {
    }

    /**
     * Run a DDL statement.
     *
     * @param statement the statement
     * @param key       its checkpoint key
     */
    public record DdlStep(DdlStatement statement, String key) implements Step {
    }

    /**
     * Copy one unit of a table.
     *
     * @param unit   the unit
     * @param target the table on the target
     */
    public record CopyStep(CopyUnit unit, QualifiedName target) implements Step {
    }

    /**
     * Another action (ANALYZE, verification).
     *
     * @param description what it does
     */
    public record ActionStep(String description) implements Step {
    }

    /** The DDL steps. */
    public List<DdlStep> ddlSteps() {
        return steps.stream().filter(DdlStep.class::isInstance).map(DdlStep.class::cast).toList();
    }

    /** The copy steps. */
    public List<CopyStep> copySteps() {
        return steps.stream().filter(CopyStep.class::isInstance).map(CopyStep.class::cast).toList();
    }

    /** Estimated rows to copy. */
    public long estimatedRows() {
        return copySteps().stream().mapToLong(c -> c.unit().estimatedRows()).sum();
    }

    /** Estimated bytes to copy. */
    public long estimatedBytes() {
        return copySteps().stream().mapToLong(c -> c.unit().estimatedBytes()).sum();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Plan (%s): %d DDL statements, %d copy units, ~%,d rows, ~%.1f MB%n",
                strategy, ddlSteps().size(), copySteps().size(), estimatedRows(), estimatedBytes() / 1e6));
        for (String note : notes) {
            sb.append("  note: ").append(note).append('\n');
        }
        int n = 0;
        for (Step step : steps) {
            n++;
            switch (step) {
                case DdlStep d -> sb.append(String.format(Locale.ROOT, "%4d. [%s] %s%n        %s;%n", n,
                        d.statement().phase() == DdlStatement.Phase.PRE_DATA ? "schema" : "post-data",
                        d.statement().object(), d.statement().sql().replace("\n", "\n        ")));
                case CopyStep c -> sb.append(String.format(Locale.ROOT, "%4d. [copy] %s -> %s, ~%,d rows, ~%.1f MB%n",
                        n, c.unit(), c.target(), c.unit().estimatedRows(), c.unit().estimatedBytes() / 1e6));
                case ActionStep a -> sb.append(String.format(Locale.ROOT, "%4d. [action] %s%n", n, a.description()));
            }
        }
        return sb.toString();
    }
}
