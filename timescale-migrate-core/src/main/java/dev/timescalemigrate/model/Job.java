package dev.timescalemigrate.model;

/**
 * A TimescaleDB job: a policy (compression, retention, refresh, reorder) or a user-defined job.
 *
 * @param id               job id on its server
 * @param procedure        the function or procedure it runs
 * @param hypertable       the hypertable or continuous aggregate it works on, or {@code null}
 * @param scheduleInterval schedule interval as PostgreSQL prints it
 * @param maxRuntime       max runtime
 * @param maxRetries       max retries ({@code -1} is unlimited)
 * @param retryPeriod      retry period
 * @param scheduled        whether it is scheduled (not paused)
 * @param fixedSchedule    whether it runs on a fixed schedule ({@code null} on versions without the setting)
 * @param config           its configuration as JSON text, or {@code null}
 */
public record Job(int id, QualifiedName procedure, QualifiedName hypertable, String scheduleInterval,
                  String maxRuntime, int maxRetries, String retryPeriod, boolean scheduled, Boolean fixedSchedule,
                  String config) {
}
