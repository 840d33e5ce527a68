package dev.timescalemigrate.spi;

import dev.timescalemigrate.MigrationPlan;
import dev.timescalemigrate.SnapshotMode;

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
     * run, provided the source is read in one exported snapshot ({@link SnapshotMode#EXPORTED}) that lasted the
     * whole run. Shown in the report.
     */
    default boolean pointInTime() {
        return false;
    }

    /** How this strategy reads the source unless the user chose ({@link SnapshotMode#PER_UNIT} by default). */
    default SnapshotMode defaultSnapshot() {
        return SnapshotMode.PER_UNIT;
    }

    /**
     * Whether this strategy recreates continuous aggregates, jobs and policies. When false (the default) the
     * preflight leaves them out of the selection, with a warning naming them.
     */
    default boolean carriesTimescaleObjects() {
        return false;
    }

    /**
     * The strategy's own preflight: problems that would stop it part-way, found before anything is written
     * (e.g. a target that cannot compress). Each names the problem and the fix; empty when there are none.
     *
     * @param context the migration's context; nothing may be written through it here
     */
    default java.util.List<String> check(StrategyContext context) {
        return java.util.List.of();
    }

    /**
     * The ordered steps {@link #execute} will run, computed without writing anything: the runner plans before it
     * writes its first checkpoint. A strategy that finds, while planning, that it cannot run (what it finds is
     * often what the plan is made of, so {@link #check} would compute it twice) throws a
     * {@link dev.timescalemigrate.exception.ConfigurationException} listing every problem; nothing is written then.
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
