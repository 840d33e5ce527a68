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

    /**
     * One step. {@link DdlStep} and {@link CopyStep} are the steps every strategy shares (the runner saves the copy
     * units of a plan before the strategy executes it, and reports them); a strategy adds steps of its own types for
     * everything else it does and executes them by type, or uses {@link ActionStep} for one it only describes.
     */
    public interface Step {

        /** What the step does, in one line for people. */
        String description();
    }

    /**
     * A step that moves or changes rows (a copy, large objects, an aggregate's materialized rows, a compression), or
     * that only makes sense once they are in (ANALYZE).
     * A {@linkplain dev.timescalemigrate.MigrationConfig#schemaOnly() schema-only} run leaves every such step out of
     * the plan before the strategy executes it, so a strategy marks its own data steps with this interface.
     */
    public interface DataStep extends Step {
    }

    /** This plan without its {@link DataStep}s: what a schema-only run executes. */
    public MigrationPlan withoutData() {
        return new MigrationPlan(strategy, steps.stream().filter(s -> !(s instanceof DataStep)).toList(), notes);
    }

    /**
     * Run a DDL statement.
     *
     * @param statement the statement
     * @param key       its checkpoint key, unique in the plan and the same in every plan made for the same
     *                  statements: see {@link #of(List)}
     */
    public record DdlStep(DdlStatement statement, String key) implements Step {

        /**
         * The statements as steps, each keyed by its text and its place among the statements of the same text, so
         * that a rerun's plan gives every statement the key it had (and a statement done before is skipped).
         */
        public static List<DdlStep> of(List<DdlStatement> statements) {
            List<String> keys = dev.timescalemigrate.internal.strategy.StepKeys.of(statements);
            List<DdlStep> steps = new java.util.ArrayList<>(statements.size());
            for (int i = 0; i < statements.size(); i++) {
                steps.add(new DdlStep(statements.get(i), keys.get(i)));
            }
            return List.copyOf(steps);
        }

        @Override
        public String description() {
            return "[" + (statement.phase() == DdlStatement.Phase.PRE_DATA ? "schema" : "post-data") + "] "
                    + statement.object();
        }
    }

    /**
     * Copy one unit of a table.
     *
     * @param unit   the unit
     * @param target the table on the target
     */
    public record CopyStep(CopyUnit unit, QualifiedName target) implements DataStep {

        @Override
        public String description() {
            return String.format(Locale.ROOT, "[copy] %s -> %s, ~%,d rows, ~%.1f MB", unit, target,
                    unit.estimatedRows(), unit.estimatedBytes() / 1e6);
        }
    }

    /**
     * An action a strategy describes in the plan and carries out by itself.
     *
     * @param description what it does
     */
    public record ActionStep(String description) implements Step {
    }

    /** The steps of one type, in order. */
    public <T extends Step> List<T> steps(Class<T> type) {
        return steps.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The DDL steps. */
    public List<DdlStep> ddlSteps() {
        return steps(DdlStep.class);
    }

    /** The copy steps. */
    public List<CopyStep> copySteps() {
        return steps(CopyStep.class);
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
                case DdlStep d -> sb.append(String.format(Locale.ROOT, "%4d. %s%n        %s;%n", n, d.description(),
                        d.statement().displaySql().replace("\n", "\n        ")));
                case CopyStep c -> sb.append(String.format(Locale.ROOT, "%4d. %s%n", n, c.description()));
                default -> sb.append(String.format(Locale.ROOT, "%4d. [action] %s%n", n, step.description()));
            }
        }
        return sb.toString();
    }
}
