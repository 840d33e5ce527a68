package dev.timescalemigrate.internal;

import dev.timescalemigrate.MigrationConfig;
import dev.timescalemigrate.MigrationPlan;
import dev.timescalemigrate.TableReport;
import dev.timescalemigrate.adapter.TransferSession;
import dev.timescalemigrate.event.MigrationEvent;
import dev.timescalemigrate.event.MigrationPhase;
import dev.timescalemigrate.exception.MigrationException;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.ServerInfo;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.spi.CopyResult;
import dev.timescalemigrate.spi.CopyUnit;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.spi.StrategyContext;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** The {@link StrategyContext} the runner gives a strategy: retries, events and the report in one place. */
final class MigrationContext implements StrategyContext, AdapterSession, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationContext.class);

    private final MigrationConfig config;
    private final String migrationId;
    private final DatabaseModel selection;
    private final TransferSession session;
    private final EventDispatcher events;
    private final ReportCollector report;
    private final ExecutorService workers;
    private final RetryConfig retry;

    /** The longest wait between two attempts, however many failed before. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    MigrationContext(MigrationConfig config, String migrationId, DatabaseModel selection, TransferSession session,
                     EventDispatcher events, ReportCollector report) {
        this.config = config;
        this.migrationId = migrationId;
        this.selection = selection;
        this.session = session;
        this.events = events;
        this.report = report;
        this.workers = Executors.newFixedThreadPool(config.parallelism(),
                Thread.ofPlatform().name("timescale-migrate-worker-", 1).factory());
        this.retry = retryPolicy(config);
    }

    /**
     * The run's waits before a retry: growing from {@code initialBackoff} by a factor of 2 up to
     * {@link #MAX_BACKOFF}, each drawn at random within 50% of that value so that units failing together do not
     * retry in lockstep.
     */
    static IntervalFunction backoff(MigrationConfig config) {
        Duration backoff = config.initialBackoff().isZero() ? Duration.ofMillis(1) : config.initialBackoff();
        return IntervalFunction.ofExponentialRandomBackoff(backoff, 2.0, 0.5,
                MAX_BACKOFF.compareTo(backoff) > 0 ? MAX_BACKOFF : backoff);
    }

    /**
     * The one retry policy of a run, for every idempotent step (copy units, DDL steps): {@code maxAttempts}
     * attempts with the {@link #backoff} waits; only failures whose SQLSTATE is transient ({@link Transience}) are
     * retried.
     */
    static RetryConfig retryPolicy(MigrationConfig config) {
        return RetryConfig.custom()
                .maxAttempts(config.maxAttempts())
                .intervalFunction(backoff(config))
                .retryOnException(e -> e instanceof MigrationException m
                        && Transience.isTransient(m.sqlState().orElse(null)))
                .build();
    }

    @Override
    public MigrationConfig config() {
        return config;
    }

    @Override
    public String migrationId() {
        return migrationId;
    }

    @Override
    public DatabaseModel selection() {
        return selection;
    }

    @Override
    public TransferSession session() {
        return session;
    }

    @Override
    public ServerInfo sourceServer() {
        return session.sourceServer();
    }

    @Override
    public ServerInfo targetServer() {
        return session.targetServer();
    }

    @Override
    public DatabaseModel targetModel() {
        return session.targetModel();
    }

    @Override
    public List<DdlStatement> ddlFor(DatabaseModel model) {
        return session.ddl(model);
    }

    @Override
    public List<CopyUnit> split(Table table, String preferredColumn) {
        return session.copy().split(table, preferredColumn, config.unitBytes(), config.parallelism());
    }

    @Override
    public void publish(MigrationEvent event) {
        report.accept(event);
        events.publish(event);
    }

    @Override
    public void warn(String message) {
        LOG.warn("{}", message);
        publish(new MigrationEvent.Warning(migrationId, Instant.now(), message));
    }

    @Override
    public void phase(MigrationPhase phase, int steps) {
        publish(new MigrationEvent.PhaseStarted(migrationId, Instant.now(), phase, steps));
    }

    @Override
    public List<CopyUnit> units(Table table, Supplier<List<CopyUnit>> split) {
        Optional<List<CopyUnit>> saved = session.checkpoints().units(table.name());
        if (saved.isPresent() && !saved.get().isEmpty()) {
            return saved.get();
        }
        return split.get();
    }

    /** Saves each table's units in the checkpoint store, unless an earlier run did, before any is copied. */
    void saveUnits(List<MigrationPlan.CopyStep> copies) {
        Map<QualifiedName, List<CopyUnit>> byTable = new LinkedHashMap<>();
        copies.forEach(c -> byTable.computeIfAbsent(c.unit().table(), t -> new ArrayList<>()).add(c.unit()));
        byTable.forEach((table, units) -> {
            if (session.checkpoints().units(table).isEmpty()) {
                session.checkpoints().saveUnits(table, units);
            }
        });
    }

    @Override
    public void runParallel(List<Runnable> tasks) {
        Parallel.run(workers, tasks);
    }

    /**
     * Runs {@code work} under the run's retry policy; each retry is logged, counted in the report (under
     * {@code table}, when there is one) and published.
     */
    private <T> T retried(String what, QualifiedName table, String unit, Supplier<T> work) {
        Retry r = Retry.of(what, retry);
        r.getEventPublisher().onRetry(e -> {
            String state = e.getLastThrowable() instanceof MigrationException m ? m.sqlState().orElse(null) : null;
            String message = e.getLastThrowable() == null ? "" : e.getLastThrowable().getMessage();
            LOG.warn("{} failed (attempt {}, SQLSTATE {}), retrying in {} ms: {}", what, e.getNumberOfRetryAttempts(),
                    state, e.getWaitInterval().toMillis(), message);
            if (table != null) {
                report.retried(table);
            }
            events.publish(MigrationEvent.RetryScheduled.builder(migrationId, Instant.now(), unit).table(table)
                    .attempt(e.getNumberOfRetryAttempts()).sqlState(state).message(message)
                    .delay(e.getWaitInterval()).build());
        });
        return Retry.decorateSupplier(r, work).get();
    }

    @Override
    public <T> T retried(String what, Supplier<T> work) {
        try (MDC.MDCCloseable m = MDC.putCloseable(MDC_MIGRATION, migrationId);
             MDC.MDCCloseable u = MDC.putCloseable(MDC_UNIT, what)) {
            return retried(what, null, what, work);
        }
    }

    @Override
    public CopyResult copy(Table table, CopyUnit unit, QualifiedName targetTable) {
        return copy(unit, () -> session.copy().copy(table, unit, targetTable));
    }

    @Override
    public CopyResult copy(CopyUnit unit, Supplier<CopyResult> work) {
        // reported under the unit's table: the same as the copied one, or what it stands for (a continuous
        // aggregate whose materialization hypertable is copied)
        QualifiedName name = unit.table();
        try (MDC.MDCCloseable t = MDC.putCloseable(MDC_TABLE, name.toString());
             MDC.MDCCloseable u = MDC.putCloseable(MDC_UNIT, unit.key());
             MDC.MDCCloseable m = MDC.putCloseable(MDC_MIGRATION, migrationId)) {
            return copyUnit(unit, name, work);
        }
    }

    /** The MDC keys set while a unit is copied or a step runs, so that log lines can be told apart. */
    static final String MDC_MIGRATION = "tsm.migration";
    static final String MDC_TABLE = "tsm.table";
    static final String MDC_UNIT = "tsm.unit";

    private CopyResult copyUnit(CopyUnit unit, QualifiedName name, Supplier<CopyResult> work) {
        if (report.unitStarted(name, Instant.now())) {
            events.publish(new MigrationEvent.TableStarted(migrationId, Instant.now(), name,
                    report.units(name), report.estimatedRows(name)));
        }
        CopyResult result = retried("Copy of " + unit.key(), name, unit.key(), work);
        LOG.debug("Copied {}: {} rows, {} bytes in {} ms ({}{})", unit, result.rows(), result.bytes(),
                result.duration().toMillis(), result.format(), result.skipped() ? ", done before" : "");
        events.publish(MigrationEvent.UnitCopied.builder(migrationId, Instant.now(), name, unit.key())
                .rows(result.rows()).bytes(result.bytes()).duration(result.duration()).skipped(result.skipped())
                .build());
        TableReport finished = report.unitDone(name, result.rows(), result.bytes(), result.skipped(),
                result.format(), Instant.now());
        if (finished != null) {
            LOG.info("Copied {}: {} rows, {} bytes in {} ms", name, finished.rows(), finished.bytes(),
                    finished.duration().toMillis());
            events.publish(new MigrationEvent.TableFinished(migrationId, Instant.now(), finished));
        }
        return result;
    }

    @Override
    public void ddl(DdlStatement statement, String stepKey) {
        boolean ran;
        try (MDC.MDCCloseable m = MDC.putCloseable(MDC_MIGRATION, migrationId);
             MDC.MDCCloseable t = statement.table() == null ? null
                     : MDC.putCloseable(MDC_TABLE, statement.table().toString())) {
            ran = retried("DDL step " + statement.object(), null, "DDL step " + statement.object(),
                    () -> session.schema().execute(statement, stepKey));
        }
        report.schemaStep(!ran);
        LOG.debug("{} {}", ran ? "Ran" : "Skipped (done before)", statement.object());
        events.publish(new MigrationEvent.SchemaStepDone(migrationId, Instant.now(), statement.object(), !ran));
    }

    @Override
    public ExecutorService workers() {
        return workers;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
