package dev.timescalemigrate.spi;

import dev.timescalemigrate.MigrationPlan;

/**
 * A way to migrate. Built-in strategies are registered in {@code META-INF/services} and chosen by
 * {@link #name()}; a user's own is passed to {@code Migration.builder().strategy(instance)}.
 *
 * <p>A strategy receives a {@link StrategyContext} whose preflight has passed: both databases are reachable,
 * the selection is valid and the checkpoint store is open. It writes only through the context's services,
 * so that every step is checkpointed and every copy unit is retried, counted and reported.
 */
public interface MigrationStrategy {

    /** The name users choose it by, e.g. {@code per-table}. */
    String name();

    /** One sentence for people. */
    default String description() {
        return name();
    }

    /**
     * Whether the target ends as a copy of one instant of the source, even when the source changes during the
     * run. Shown in the report.
     */
    default boolean pointInTime() {
        return false;
    }

    /**
     * The ordered steps {@link #execute} will run, computed without writing anything.
     *
     * @param context the migration's context
     */
    MigrationPlan plan(StrategyContext context);

    /**
     * Runs the plan. Must be safe to call again after a failure: steps and units already done are skipped
     * through the context's checkpointed services.
     *
     * @param plan    the plan from {@link #plan}
     * @param context the migration's context
     */
    void execute(MigrationPlan plan, StrategyContext context);
}
