package dev.timescalemigrate.model;

import java.util.Objects;

/**
 * A TimescaleDB job: a policy (compression, retention, refresh, reorder) or a user-defined job.
 *
 * <p>Built with {@link #builder(int, QualifiedName)}; {@link #toBuilder()} copies one to change it. Immutable; equal to
 * another job with equal fields.
 */
public final class Job {

    private final int id;
    private final QualifiedName procedure;
    private final QualifiedName hypertable;
    private final String scheduleInterval;
    private final String maxRuntime;
    private final int maxRetries;
    private final String retryPeriod;
    private final boolean scheduled;
    private final Boolean fixedSchedule;
    private final String config;

    private Job(Builder builder) {
        this.id = builder.id;
        this.procedure = builder.procedure;
        this.hypertable = builder.hypertable;
        this.scheduleInterval = builder.scheduleInterval;
        this.maxRuntime = builder.maxRuntime;
        this.maxRetries = builder.maxRetries;
        this.retryPeriod = builder.retryPeriod;
        this.scheduled = builder.scheduled;
        this.fixedSchedule = builder.fixedSchedule;
        this.config = builder.config;
    }

    /**
     * A builder for job {@code id} running {@code procedure}: scheduled, unlimited retries, everything else unset
     * ({@code null}).
     */
    public static Builder builder(int id, QualifiedName procedure) {
        return new Builder(id, procedure);
    }

    /** A builder holding this job's fields, to change some of them. */
    public Builder toBuilder() {
        return builder(id, procedure).hypertable(hypertable).scheduleInterval(scheduleInterval).maxRuntime(maxRuntime)
                .maxRetries(maxRetries).retryPeriod(retryPeriod).scheduled(scheduled).fixedSchedule(fixedSchedule)
                .config(config);
    }

    /** Job id on its server. */
    public int id() {
        return id;
    }

    /** The function or procedure it runs. */
    public QualifiedName procedure() {
        return procedure;
    }

    /** The hypertable or continuous aggregate it works on, or {@code null}. */
    public QualifiedName hypertable() {
        return hypertable;
    }

    /** Schedule interval as PostgreSQL prints it. */
    public String scheduleInterval() {
        return scheduleInterval;
    }

    /** Max runtime. */
    public String maxRuntime() {
        return maxRuntime;
    }

    /** Max retries ({@code -1} is unlimited). */
    public int maxRetries() {
        return maxRetries;
    }

    /** Retry period. */
    public String retryPeriod() {
        return retryPeriod;
    }

    /** Whether it is scheduled (not paused). */
    public boolean scheduled() {
        return scheduled;
    }

    /** Whether it runs on a fixed schedule ({@code null} on versions without the setting). */
    public Boolean fixedSchedule() {
        return fixedSchedule;
    }

    /** Its configuration as JSON text, or {@code null}. */
    public String config() {
        return config;
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof Job that
                && id == that.id && Objects.equals(procedure, that.procedure)
                && Objects.equals(hypertable, that.hypertable)
                && Objects.equals(scheduleInterval, that.scheduleInterval)
                && Objects.equals(maxRuntime, that.maxRuntime) && maxRetries == that.maxRetries
                && Objects.equals(retryPeriod, that.retryPeriod) && scheduled == that.scheduled
                && Objects.equals(fixedSchedule, that.fixedSchedule) && Objects.equals(config, that.config);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, procedure, hypertable, scheduleInterval, maxRuntime, maxRetries, retryPeriod,
                scheduled, fixedSchedule, config);
    }

    @Override
    public String toString() {
        return "Job[id=" + id + ", procedure=" + procedure + ", hypertable=" + hypertable
                + ", scheduleInterval=" + scheduleInterval + ", maxRuntime=" + maxRuntime
                + ", maxRetries=" + maxRetries + ", retryPeriod=" + retryPeriod + ", scheduled=" + scheduled
                + ", fixedSchedule=" + fixedSchedule + ", config=" + config + "]";
    }

    /** Builds a {@link Job}. Not thread-safe. */
    public static final class Builder {
        private int id;
        private QualifiedName procedure;
        private QualifiedName hypertable;
        private String scheduleInterval;
        private String maxRuntime;
        private int maxRetries = -1;
        private String retryPeriod;
        private boolean scheduled = true;
        private Boolean fixedSchedule;
        private String config;

        private Builder(int id, QualifiedName procedure) {
            this.id = id;
            this.procedure = Objects.requireNonNull(procedure, "procedure");
        }

        /** Job id on its server. Required. */
        public Builder id(int id) {
            this.id = id;
            return this;
        }

        /** The function or procedure it runs. Required. */
        public Builder procedure(QualifiedName procedure) {
            this.procedure = Objects.requireNonNull(procedure, "procedure");
            return this;
        }

        /** The hypertable or continuous aggregate it works on, or {@code null}. Default: {@code null}. */
        public Builder hypertable(QualifiedName hypertable) {
            this.hypertable = hypertable;
            return this;
        }

        /** Schedule interval as PostgreSQL prints it. Default: {@code null}. */
        public Builder scheduleInterval(String scheduleInterval) {
            this.scheduleInterval = scheduleInterval;
            return this;
        }

        /** Max runtime. Default: {@code null}. */
        public Builder maxRuntime(String maxRuntime) {
            this.maxRuntime = maxRuntime;
            return this;
        }

        /** Max retries ({@code -1} is unlimited). Default: -1 (unlimited). */
        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        /** Retry period. Default: {@code null}. */
        public Builder retryPeriod(String retryPeriod) {
            this.retryPeriod = retryPeriod;
            return this;
        }

        /** Whether it is scheduled (not paused). Default: true. */
        public Builder scheduled(boolean scheduled) {
            this.scheduled = scheduled;
            return this;
        }

        /**
         * Whether it runs on a fixed schedule ({@code null} on versions without the setting). Default: {@code null}.
         */
        public Builder fixedSchedule(Boolean fixedSchedule) {
            this.fixedSchedule = fixedSchedule;
            return this;
        }

        /** Its configuration as JSON text, or {@code null}. Default: {@code null}. */
        public Builder config(String config) {
            this.config = config;
            return this;
        }

        /** The job. */
        public Job build() {
            return new Job(this);
        }
    }
}
