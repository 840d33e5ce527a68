package dev.timescalemigrate.micrometer;

import dev.timescalemigrate.event.MigrationEvent;
import dev.timescalemigrate.event.MigrationListener;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.Objects;

/**
 * Records a migration's figures, the ones its report has, as Micrometer meters while it runs:
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@value #ROWS}</td><td>counter</td><td>migration, table</td><td>rows copied</td></tr>
 *   <tr><td>{@value #BYTES}</td><td>counter</td><td>migration, table</td><td>bytes copied</td></tr>
 *   <tr><td>{@value #UNITS}</td><td>counter</td><td>migration, table, outcome (copied, skipped)</td>
 *       <td>copy units finished, or skipped because an earlier run copied them</td></tr>
 *   <tr><td>{@value #UNIT_DURATION}</td><td>timer</td><td>migration, table</td><td>time to copy a unit</td></tr>
 *   <tr><td>{@value #RETRIES}</td><td>counter</td><td>migration, table (or {@code -} for a DDL step)</td>
 *       <td>retries after transient failures</td></tr>
 *   <tr><td>{@value #STEPS}</td><td>counter</td><td>migration, outcome (run, skipped)</td><td>DDL steps</td></tr>
 *   <tr><td>{@value #WARNINGS}</td><td>counter</td><td>migration</td><td>warnings</td></tr>
 *   <tr><td>{@value #RUNS}</td><td>counter</td><td>migration, outcome (finished, failed)</td><td>runs ended</td></tr>
 * </table>
 *
 * <pre>{@code
 * Migration.builder()...listener(new MicrometerListener(registry)).build().run();
 * }</pre>
 *
 * <p>Listeners run on the migration's event thread, so recording never slows the copy.
 */
public final class MicrometerListener implements MigrationListener {

    /** Rows copied. */
    public static final String ROWS = "timescale.migrate.rows";
    /** Bytes copied. */
    public static final String BYTES = "timescale.migrate.bytes";
    /** Copy units, by outcome. */
    public static final String UNITS = "timescale.migrate.units";
    /** Time to copy a unit. */
    public static final String UNIT_DURATION = "timescale.migrate.unit.duration";
    /** Retries after transient failures. */
    public static final String RETRIES = "timescale.migrate.retries";
    /** DDL steps, by outcome. */
    public static final String STEPS = "timescale.migrate.steps";
    /** Warnings. */
    public static final String WARNINGS = "timescale.migrate.warnings";
    /** Runs ended, by outcome. */
    public static final String RUNS = "timescale.migrate.runs";

    private final MeterRegistry registry;
    private final Tags common;

    /** Records into {@code registry}. */
    public MicrometerListener(MeterRegistry registry) {
        this(registry, Tags.empty());
    }

    /** Records into {@code registry}, with {@code tags} on every meter besides its own. */
    public MicrometerListener(MeterRegistry registry, Iterable<Tag> tags) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.common = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    private Tags tags(String migrationId, String... keyValues) {
        return common.and("migration", migrationId).and(keyValues);
    }

    private Counter counter(String name, Tags tags) {
        return Counter.builder(name).tags(tags).register(registry);
    }

    @Override
    public void unitCopied(MigrationEvent.UnitCopied e) {
        String table = e.table().toString();
        counter(UNITS, tags(e.migrationId(), "table", table, "outcome", e.skipped() ? "skipped" : "copied"))
                .increment();
        if (!e.skipped()) {
            counter(ROWS, tags(e.migrationId(), "table", table)).increment(e.rows());
            counter(BYTES, tags(e.migrationId(), "table", table)).increment(e.bytes());
            Timer.builder(UNIT_DURATION).tags(tags(e.migrationId(), "table", table)).register(registry)
                    .record(e.duration());
        }
    }

    @Override
    public void retryScheduled(MigrationEvent.RetryScheduled e) {
        counter(RETRIES, tags(e.migrationId(), "table", e.table() == null ? "-" : e.table().toString()))
                .increment();
    }

    @Override
    public void schemaStepDone(MigrationEvent.SchemaStepDone e) {
        counter(STEPS, tags(e.migrationId(), "outcome", e.skipped() ? "skipped" : "run")).increment();
    }

    @Override
    public void warning(MigrationEvent.Warning e) {
        counter(WARNINGS, tags(e.migrationId())).increment();
    }

    @Override
    public void migrationFinished(MigrationEvent.MigrationFinished e) {
        counter(RUNS, tags(e.migrationId(), "outcome", "finished")).increment();
    }

    @Override
    public void migrationFailed(MigrationEvent.MigrationFailed e) {
        counter(RUNS, tags(e.migrationId(), "outcome", "failed")).increment();
    }
}
