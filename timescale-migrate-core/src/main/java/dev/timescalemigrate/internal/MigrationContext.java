package dev.timescalemigrate.internal;

import dev.timescalemigrate.MigrationConfig;
import dev.timescalemigrate.TableReport;
import dev.timescalemigrate.event.MigrationEvent;
import dev.timescalemigrate.exception.DataTransferException;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.spi.CopyResult;
import dev.timescalemigrate.spi.CopyUnit;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.spi.StrategyContext;
import dev.timescalemigrate.spi.TransferSession;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The {@link StrategyContext} the runner gives a strategy: retries, events and the report in one place. */
final class MigrationContext implements StrategyContext, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationContext.class);

    private final MigrationConfig config;
    private final String migrationId;
    private final DatabaseModel selection;
    private final TransferSession session;
    private final EventDispatcher events;
    private final ReportCollector report;
    private final ExecutorService workers;

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
    public CopyResult copy(Table table, CopyUnit unit, QualifiedName targetTable) {
        // reported under the unit's table: the same as the copied one, or what it stands for (a continuous
        // aggregate whose materialization hypertable is copied)
        QualifiedName name = unit.table();
        if (report.unitStarted(name, Instant.now())) {
            events.publish(new MigrationEvent.TableStarted(migrationId, Instant.now(), name,
                    report.units(name), report.estimatedRows(name)));
        }
        Duration backoff = config.initialBackoff().isZero() ? Duration.ofMillis(1) : config.initialBackoff();
        Retry retry = Retry.of(unit.key(), RetryConfig.custom()
                .maxAttempts(config.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(backoff, 2.0))
                .retryOnException(e -> e instanceof DataTransferException d
                        && Transience.isTransient(d.sqlState().orElse(null)))
                .build());
        retry.getEventPublisher().onRetry(e -> {
            String state = e.getLastThrowable() instanceof DataTransferException d ? d.sqlState().orElse(null) : null;
            LOG.warn("Copy of {} failed (attempt {}, SQLSTATE {}), retrying in {} ms: {}", unit.key(),
                    e.getNumberOfRetryAttempts(), state, e.getWaitInterval().toMillis(),
                    e.getLastThrowable() == null ? "" : e.getLastThrowable().getMessage());
            report.retried(name);
            events.publish(new MigrationEvent.RetryScheduled(migrationId, Instant.now(), name, unit.key(),
                    e.getNumberOfRetryAttempts(), state,
                    e.getLastThrowable() == null ? "" : e.getLastThrowable().getMessage(), e.getWaitInterval()));
        });
        CopyResult result = Retry.decorateSupplier(retry, () -> session.copy().copy(table, unit, targetTable)).get();
        LOG.debug("Copied {}: {} rows, {} bytes in {} ms ({}{})", unit, result.rows(), result.bytes(),
                result.duration().toMillis(), result.format(), result.skipped() ? ", done before" : "");
        events.publish(new MigrationEvent.UnitCopied(migrationId, Instant.now(), name, unit.key(),
                result.rows(), result.bytes(), result.duration(), result.skipped()));
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
        boolean ran = session.schema().execute(statement, stepKey);
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
