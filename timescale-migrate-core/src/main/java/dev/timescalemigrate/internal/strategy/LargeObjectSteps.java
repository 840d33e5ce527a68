package dev.timescalemigrate.internal.strategy;

import dev.timescalemigrate.MigrationPlan;
import dev.timescalemigrate.adapter.LargeObjectService;
import dev.timescalemigrate.event.MigrationEvent;
import dev.timescalemigrate.internal.AdapterSession;
import dev.timescalemigrate.internal.MigrationRunner;
import dev.timescalemigrate.spi.StrategyContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The database's large objects in the built-in strategies: planned as {@link PlanSteps.CopyLargeObjects} batches
 * of at most {@link #MAX_OBJECTS} objects and {@code config().unitBytes()} bytes (one object alone may be larger:
 * its data is streamed in chunks), copied with the tables' units, each batch one target transaction checkpointed
 * with its objects. Carried when the run is not filtered: include and exclude patterns select tables, and large
 * objects belong to none, so a filtered run leaves them out and its plan says so.
 */
final class LargeObjectSteps {

    /** The most objects in one batch (one target transaction). */
    static final int MAX_OBJECTS = 1000;

    private LargeObjectSteps() {
    }

    /** The session's large objects, when this run carries them. */
    static Optional<LargeObjectService> service(StrategyContext context) {
        if (!MigrationRunner.carriesLargeObjects(context.config())) {
            return Optional.empty();
        }
        return AdapterSession.of(context).largeObjects();
    }

    /**
     * The batches still to copy, as plan steps, with a note on what they carry (or why they are left out).
     *
     * @param owners whether the owners and privileges are recreated
     */
    static List<PlanSteps.CopyLargeObjects> plan(StrategyContext context, boolean owners, List<String> notes) {
        boolean filtered = !MigrationRunner.carriesLargeObjects(context.config());
        Optional<LargeObjectService> service = AdapterSession.of(context).largeObjects();
        if (service.isEmpty()) {
            return List.of();
        }
        LargeObjectService.Summary summary = service.get().summary();
        if (summary.objects() == 0) {
            return List.of();
        }
        if (filtered) {
            notes.add(String.format(Locale.ROOT, "the source's %,d large objects (%.1f MB) are left out: the run "
                    + "selects tables (include/exclude patterns), and large objects belong to the database, not to "
                    + "a table; migrate without patterns to carry them", summary.objects(), summary.bytes() / 1e6));
            return List.of();
        }
        List<PlanSteps.CopyLargeObjects> steps = new ArrayList<>();
        service.get().batches(MAX_OBJECTS, context.config().unitBytes())
                .forEach(b -> steps.add(new PlanSteps.CopyLargeObjects(b, owners)));
        long objects = steps.stream().mapToLong(s -> s.batch().objects()).sum();
        long bytes = steps.stream().mapToLong(s -> s.batch().bytes()).sum();
        notes.add(String.format(Locale.ROOT, "%,d large objects (%.1f MB) are copied in %d batches with their OIDs, "
                        + "comments and %s%s", objects, bytes / 1e6, steps.size(),
                owners ? "owners and privileges" : "no owners or privileges (the target's user owns them)",
                objects < summary.objects() ? "; " + (summary.objects() - objects) + " were copied by an earlier run"
                        : ""));
        return steps;
    }

    /** A task per batch of the plan, for the data phase's workers. */
    static List<Runnable> tasks(MigrationPlan plan, StrategyContext context) {
        List<PlanSteps.CopyLargeObjects> steps = plan.steps(PlanSteps.CopyLargeObjects.class);
        if (steps.isEmpty()) {
            return List.of();
        }
        LargeObjectService service = AdapterSession.of(context).largeObjects().orElseThrow();
        List<Runnable> tasks = new ArrayList<>();
        for (PlanSteps.CopyLargeObjects step : steps) {
            tasks.add(() -> {
                LargeObjectService.BatchResult r = AdapterSession.retried(context, "Large objects "
                        + step.batch().key(), () -> service.copy(step.batch(), step.owners(),
                        context.config().roleMap()));
                context.publish(new MigrationEvent.LargeObjectsCopied(context.migrationId(), Instant.now(),
                        step.batch().key(), r.objects(), r.bytes(), r.duration(), r.skipped()));
            });
        }
        return tasks;
    }
}
