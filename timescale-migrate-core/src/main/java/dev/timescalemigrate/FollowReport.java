package dev.timescalemigrate;

import java.time.Duration;
import java.util.Objects;

/**
 * Where following the source stands ({@link Migration.Builder#follow(boolean)}): what was applied to the target
 * after the bulk copy, and how far the target is behind. The run's {@link MigrationReport#follow()} holds it at
 * the cutover; {@link dev.timescalemigrate.event.MigrationEvent.FollowProgress} carries it while following.
 *
 * <p>Built with {@link #builder(String)}; {@link #toBuilder()} copies one to change it. Immutable; equal to
 * another report with equal fields.
 */
public final class FollowReport {

    private final long transactions;
    private final long changes;
    private final String startLsn;
    private final String appliedLsn;
    private final long lagBytes;
    private final Duration lag;
    private final long retainedWalBytes;
    private final Duration duration;

    private FollowReport(Builder builder) {
        this.transactions = builder.transactions;
        this.changes = builder.changes;
        this.startLsn = builder.startLsn;
        this.appliedLsn = builder.appliedLsn;
        this.lagBytes = builder.lagBytes;
        this.lag = builder.lag;
        this.retainedWalBytes = builder.retainedWalBytes;
        this.duration = builder.duration;
    }

    /** A builder for a report of following that started after source position {@code startLsn}, nothing applied. */
    public static Builder builder(String startLsn) {
        return new Builder(startLsn);
    }

    /** A builder holding this report's fields, to change some of them. */
    public Builder toBuilder() {
        return builder(startLsn).transactions(transactions).changes(changes).appliedLsn(appliedLsn)
                .lagBytes(lagBytes).lag(lag).retainedWalBytes(retainedWalBytes).duration(duration);
    }

    /** The source transactions applied in this run. */
    public long transactions() {
        return transactions;
    }

    /** The row changes applied in this run (inserts, updates, deletes; a truncate counts once per table). */
    public long changes() {
        return changes;
    }

    /** The source position the changes started after (the bulk copy's snapshot). */
    public String startLsn() {
        return startLsn;
    }

    /** The source position the target has every committed change up to. */
    public String appliedLsn() {
        return appliedLsn;
    }

    /**
     * How far the source's current WAL position was ahead of {@link #appliedLsn()} when last measured, in bytes (0
     * after the cutover). The whole server's WAL counts, other databases' writes included.
     */
    public long lagBytes() {
        return lagBytes;
    }

    /**
     * How long ago the oldest source transaction the run had received but not yet committed on the target was
     * committed on the source (zero when every transaction received is applied; measured with the JVM's clock
     * against the source's commit times).
     */
    public Duration lag() {
        return lag;
    }

    /** The source WAL the replication slot keeps from being recycled, in bytes, when last measured. */
    public long retainedWalBytes() {
        return retainedWalBytes;
    }

    /** How long the run has followed the source. */
    public Duration duration() {
        return duration;
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof FollowReport that
                && transactions == that.transactions && changes == that.changes
                && Objects.equals(startLsn, that.startLsn) && Objects.equals(appliedLsn, that.appliedLsn)
                && lagBytes == that.lagBytes && Objects.equals(lag, that.lag)
                && retainedWalBytes == that.retainedWalBytes && Objects.equals(duration, that.duration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(transactions, changes, startLsn, appliedLsn, lagBytes, lag, retainedWalBytes, duration);
    }

    @Override
    public String toString() {
        return "FollowReport[transactions=" + transactions + ", changes=" + changes + ", startLsn=" + startLsn
                + ", appliedLsn=" + appliedLsn + ", lagBytes=" + lagBytes + ", lag=" + lag
                + ", retainedWalBytes=" + retainedWalBytes + ", duration=" + duration + "]";
    }

    /** Builds a {@link FollowReport}. Not thread-safe. */
    public static final class Builder {
        private long transactions;
        private long changes;
        private String startLsn;
        private String appliedLsn;
        private long lagBytes;
        private Duration lag = Duration.ZERO;
        private long retainedWalBytes;
        private Duration duration = Duration.ZERO;

        private Builder(String startLsn) {
            this.startLsn = Objects.requireNonNull(startLsn, "startLsn");
            this.appliedLsn = startLsn;
        }

        /** The source transactions applied. Default: 0. */
        public Builder transactions(long transactions) {
            this.transactions = transactions;
            return this;
        }

        /** The row changes applied. Default: 0. */
        public Builder changes(long changes) {
            this.changes = changes;
            return this;
        }

        /** The start position. Required. */
        public Builder startLsn(String startLsn) {
            this.startLsn = Objects.requireNonNull(startLsn, "startLsn");
            return this;
        }

        /** The position applied up to. Default: the start position. */
        public Builder appliedLsn(String appliedLsn) {
            this.appliedLsn = Objects.requireNonNull(appliedLsn, "appliedLsn");
            return this;
        }

        /** The lag in bytes of WAL. Default: 0. */
        public Builder lagBytes(long lagBytes) {
            this.lagBytes = lagBytes;
            return this;
        }

        /** The lag in time. Default: zero. */
        public Builder lag(Duration lag) {
            this.lag = Objects.requireNonNull(lag, "lag");
            return this;
        }

        /** The WAL the slot retains, in bytes. Default: 0. */
        public Builder retainedWalBytes(long retainedWalBytes) {
            this.retainedWalBytes = retainedWalBytes;
            return this;
        }

        /** How long the run followed. Default: zero. */
        public Builder duration(Duration duration) {
            this.duration = Objects.requireNonNull(duration, "duration");
            return this;
        }

        /** The report. */
        public FollowReport build() {
            return new FollowReport(this);
        }
    }
}
