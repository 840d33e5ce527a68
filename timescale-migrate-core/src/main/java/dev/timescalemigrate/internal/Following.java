package dev.timescalemigrate.internal;

import dev.timescalemigrate.FollowReport;
import dev.timescalemigrate.MigrationConfig;
import dev.timescalemigrate.adapter.ReplicationService;
import dev.timescalemigrate.event.MigrationEvent;
import dev.timescalemigrate.exception.ErrorCode;
import dev.timescalemigrate.exception.MigrationException;
import dev.timescalemigrate.model.DatabaseModel;
import io.github.resilience4j.core.IntervalFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * The core's side of following the source after the bulk copy: the adapter's apply loop called again after a
 * transient failure (a lost connection on either side, a restarted source) with the run's backoff, its progress
 * turned into {@link MigrationEvent.FollowProgress} events with rates and into a log line every few seconds, its
 * warnings into {@link MigrationEvent.Warning}s and the report, and the cutover asked for when {@link #stop} says
 * so or, with {@link MigrationConfig#cutoverLag()}, once the lag has stayed below it long enough.
 *
 * <p>A failure ends the run only after {@link MigrationConfig#maxAttempts()} calls in a row failed without
 * applying anything; a call that applied something before it failed starts the count again, so that a run which
 * follows for days is not ended by its n-th unrelated network interruption.
 */
final class Following implements ReplicationService.Observer {

    private static final Logger LOG = LoggerFactory.getLogger(Following.class);
    private static final Duration LOG_EVERY = Duration.ofSeconds(5);

    private final MigrationConfig config;
    private final String migrationId;
    private final EventDispatcher events;
    private final ReportCollector report;
    private final BooleanSupplier stop;
    private final IntervalFunction backoff;

    private FollowReport last;
    private Instant lastAt;
    private Instant loggedAt = Instant.EPOCH;
    private Instant lagBelowSince;
    private volatile boolean caughtUp;

    Following(MigrationConfig config, String migrationId, EventDispatcher events, ReportCollector report,
              BooleanSupplier stop) {
        this.config = config;
        this.migrationId = migrationId;
        this.events = events;
        this.report = report;
        this.stop = stop;
        this.backoff = MigrationContext.backoff(config);
    }

    /** Follows until the cutover; the adapter's report of it. */
    FollowReport run(ReplicationService replication, DatabaseModel selection) {
        int failures = 0;
        while (true) {
            long appliedBefore = last == null ? 0 : last.transactions();
            try {
                return replication.follow(selection, this::cutoverAsked, this);
            } catch (MigrationException e) {
                String state = e.sqlState().orElse(null);
                if (e.code() == ErrorCode.SOURCE_CHANGED || !Transience.isTransient(state)) {
                    throw e;
                }
                boolean progressed = last != null && last.transactions() > appliedBefore;
                failures = progressed ? 1 : failures + 1;
                if (failures >= config.maxAttempts()) {
                    throw e;
                }
                Duration wait = Duration.ofMillis(backoff.apply(failures));
                LOG.warn("Following the source failed ({}); continuing from the position stored on the target in "
                        + "{} ms (attempt {} of {})", e.getMessage(), wait.toMillis(), failures + 1,
                        config.maxAttempts());
                events.publish(MigrationEvent.RetryScheduled.builder(migrationId, Instant.now(), "follow")
                        .attempt(failures).sqlState(state).message(e.getMessage()).delay(wait).build());
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new MigrationException(ErrorCode.DATA_TRANSFER_FAILED, "Following the source was "
                            + "interrupted while waiting to reconnect; run the migration again to continue.");
                }
            }
        }
    }

    /** Whether the cutover is asked for: by the caller, or by a lag that stayed low long enough. */
    private boolean cutoverAsked() {
        return caughtUp || stop.getAsBoolean();
    }

    @Override
    public void progress(FollowReport status) {
        Instant now = Instant.now();
        double seconds = lastAt == null ? 0 : Duration.between(lastAt, now).toNanos() / 1e9;
        // a call after a reconnect counts on from the earlier calls' totals, so the differences stay right
        double transactionsPerSecond = seconds > 0 ? (status.transactions() - last.transactions()) / seconds : 0;
        double changesPerSecond = seconds > 0 ? (status.changes() - last.changes()) / seconds : 0;
        last = status;
        lastAt = now;
        events.publish(new MigrationEvent.FollowProgress(migrationId, now, status, transactionsPerSecond,
                changesPerSecond));
        if (Duration.between(loggedAt, now).compareTo(LOG_EVERY) >= 0) {
            loggedAt = now;
            LOG.info("Following: {} transactions, {} changes applied, up to {}; lag {} ({} bytes of WAL); "
                            + "{} changes/s; the slot retains {} MB", status.transactions(), status.changes(),
                    status.appliedLsn(), seconds(status.lag()), status.lagBytes(),
                    String.format(Locale.ROOT, "%.0f", changesPerSecond),
                    String.format(Locale.ROOT, "%.1f", status.retainedWalBytes() / 1e6));
        }
        config.cutoverLag().ifPresent(threshold -> {
            if (status.lag().compareTo(threshold) >= 0) {
                lagBelowSince = null;
                return;
            }
            if (lagBelowSince == null) {
                lagBelowSince = now;
            }
            if (!caughtUp && Duration.between(lagBelowSince, now).compareTo(config.cutoverHold()) >= 0) {
                LOG.info("The lag has stayed below {} for {}: cutting over", seconds(threshold),
                        seconds(config.cutoverHold()));
                caughtUp = true;
            }
        });
    }

    @Override
    public void warning(String message) {
        LOG.warn("{}", message);
        report.warning(message);
        events.publish(new MigrationEvent.Warning(migrationId, Instant.now(), message));
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
