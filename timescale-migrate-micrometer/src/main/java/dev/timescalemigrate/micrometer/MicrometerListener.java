package dev.timescalemigrate.micrometer;

import dev.timescalemigrate.event.MigrationEvent;
import dev.timescalemigrate.event.MigrationListener;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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
 *   <tr><td>{@value #FOLLOW_TRANSACTIONS}</td><td>counter</td><td>migration</td>
 *       <td>source transactions applied while following</td></tr>
 *   <tr><td>{@value #FOLLOW_CHANGES}</td><td>counter</td><td>migration</td><td>row changes applied while following</td></tr>
 *   <tr><td>{@value #FOLLOW_LAG}</td><td>gauge (seconds)</td><td>migration</td><td>how far the target is behind</td></tr>
 *   <tr><td>{@value #FOLLOW_LAG_BYTES}</td><td>gauge</td><td>migration</td><td>the same in bytes of WAL</td></tr>
 *   <tr><td>{@value #FOLLOW_RETAINED_BYTES}</td><td>gauge</td><td>migration</td>
 *       <td>the source's WAL the replication slot retains</td></tr>
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
    /** Source transactions applied while following. */
    public static final String FOLLOW_TRANSACTIONS = "timescale.migrate.follow.transactions";
    /** Row changes applied while following. */
    public static final String FOLLOW_CHANGES = "timescale.migrate.follow.changes";
    /** The lag while following, in seconds. */
    public static final String FOLLOW_LAG = "timescale.migrate.follow.lag";
    /** The lag while following, in bytes of WAL. */
    public static final String FOLLOW_LAG_BYTES = "timescale.migrate.follow.lag.bytes";
    /** The WAL the replication slot retains. */
    public static final String FOLLOW_RETAINED_BYTES = "timescale.migrate.follow.retained.bytes";

    /** A followed run's last figures, which its gauges read. */
    private static final class Following {
        final AtomicLong lagMillis = new AtomicLong();
        final AtomicLong lagBytes = new AtomicLong();
        final AtomicLong retained = new AtomicLong();
        long transactions;
        long changes;
    }

    private final Map<String, Following> following = new ConcurrentHashMap<>();

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
    public void followProgress(MigrationEvent.FollowProgress e) {
        Following f = following.computeIfAbsent(e.migrationId(), id -> {
            Following created = new Following();
            Tags tags = tags(id);
            Gauge.builder(FOLLOW_LAG, created.lagMillis, v -> v.get() / 1000.0).tags(tags).baseUnit("seconds")
                    .register(registry);
            Gauge.builder(FOLLOW_LAG_BYTES, created.lagBytes, AtomicLong::get).tags(tags).baseUnit("bytes")
                    .register(registry);
            Gauge.builder(FOLLOW_RETAINED_BYTES, created.retained, AtomicLong::get).tags(tags).baseUnit("bytes")
                    .register(registry);
            return created;
        });
        f.lagMillis.set(e.status().lag().toMillis());
        f.lagBytes.set(e.status().lagBytes());
        f.retained.set(e.status().retainedWalBytes());
        // the status has the run's totals: the counters get what is new since the last event
        counter(FOLLOW_TRANSACTIONS, tags(e.migrationId())).increment(Math.max(0,
                e.status().transactions() - f.transactions));
        counter(FOLLOW_CHANGES, tags(e.migrationId())).increment(Math.max(0, e.status().changes() - f.changes));
        f.transactions = e.status().transactions();
        f.changes = e.status().changes();
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
