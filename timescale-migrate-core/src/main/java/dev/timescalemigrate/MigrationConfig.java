package dev.timescalemigrate;

import dev.timescalemigrate.event.MigrationListener;
import dev.timescalemigrate.spi.MigrationStrategy;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The immutable settings of a {@link Migration}, as validated by {@link Migration.Builder#build()}.
 * {@link #toString()} never shows a password.
 */
public final class MigrationConfig {

    /** Default number of tables/units copied at once: the number of processors, at most 4. */
    public static final int DEFAULT_PARALLELISM = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    /** Default size of a copy unit: 128 MiB of source data. */
    public static final long DEFAULT_UNIT_BYTES = 128L * 1024 * 1024;
    /** Default attempts per unit before giving up on transient errors. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    /** Default wait before the first retry; doubles with each further attempt. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    /** Default schema on the target that holds checkpoints. */
    public static final String DEFAULT_CHECKPOINT_SCHEMA = "timescale_migrate";

    private final DataSource source;
    private final String sourceDescription;
    private final DataSource target;
    private final String targetDescription;
    private final MigrationStrategy strategy;
    private final List<String> includes;
    private final List<String> excludes;
    private final List<HypertableRule> hypertables;
    private final int parallelism;
    private final long unitBytes;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final boolean verify;
    private final String migrationId;
    private final String checkpointSchema;
    private final List<MigrationListener> listeners;
    private final SnapshotMode snapshot;
    private final boolean skipLicensedFeatures;
    private final OwnershipMode ownership;
    private final Map<String, String> roleMap;
    private final boolean schemaOnly;
    private final Backfill backfill;
    private final boolean follow;
    private final Duration cutoverLag;
    private final Duration cutoverHold;

    /**
     * The settings of a builder that {@link Migration.Builder#build()} validated, with the strategy it chose and
     * the rules it built. The only way to make a configuration.
     */
    MigrationConfig(Migration.Builder builder, MigrationStrategy strategy, List<HypertableRule> hypertables) {
        this.source = builder.source;
        this.sourceDescription = builder.sourceDescription;
        this.target = builder.target;
        this.targetDescription = builder.targetDescription;
        this.strategy = strategy;
        this.includes = List.copyOf(builder.includes);
        this.excludes = List.copyOf(builder.excludes);
        this.hypertables = List.copyOf(hypertables);
        this.parallelism = builder.parallelism;
        this.unitBytes = builder.unitBytes;
        this.maxAttempts = builder.maxAttempts;
        this.initialBackoff = builder.initialBackoff;
        this.verify = builder.verify;
        this.migrationId = builder.migrationId;
        this.checkpointSchema = builder.checkpointSchema;
        this.listeners = List.copyOf(builder.listeners);
        this.snapshot = builder.snapshot;
        this.skipLicensedFeatures = builder.skipLicensedFeatures;
        this.ownership = builder.ownership;
        this.roleMap = Collections.unmodifiableMap(new LinkedHashMap<>(builder.roleMap));
        this.schemaOnly = builder.schemaOnly;
        this.backfill = builder.backfill;
        this.follow = builder.follow;
        this.cutoverLag = builder.cutoverLag;
        this.cutoverHold = builder.cutoverHold;
    }

    /**
     * Whether the run creates the schema (and the TimescaleDB objects, jobs paused) without copying rows
     * ({@link Migration.Builder#schemaOnly()}).
     */
    public boolean schemaOnly() {
        return schemaOnly;
    }

    /**
     * Whether the run follows the source by logical replication after the bulk copy until it is stopped
     * ({@link Migration.Builder#follow(boolean)}).
     */
    public boolean follow() {
        return follow;
    }

    /**
     * The lag below which a followed run cuts over by itself, once it has stayed below it for
     * {@link #cutoverHold()} ({@link Migration.Builder#cutoverWhenLagBelow(Duration, Duration)}); empty when only
     * {@link Migration#stop()} cuts over.
     */
    public Optional<Duration> cutoverLag() {
        return Optional.ofNullable(cutoverLag);
    }

    /** How long the lag must stay below {@link #cutoverLag()} before the run cuts over by itself. */
    public Duration cutoverHold() {
        return cutoverHold;
    }

    /** The backfill this run does, when it is one ({@link Migration.Builder#backfillUntil(java.time.Instant)}). */
    public Optional<Backfill> backfill() {
        return Optional.ofNullable(backfill);
    }

    /**
     * Whether owners and privileges are recreated on the target (by the strategies that carry them):
     * {@link OwnershipMode#AUTO} (the default) when every role they name (after {@link #roleMap()}) exists on the
     * target and the target's user can take it on, else they are left out with a warning;
     * {@link OwnershipMode#REQUIRED} or {@link OwnershipMode#SKIPPED} as the user chose.
     */
    public OwnershipMode ownership() {
        return ownership;
    }

    /** Source role names and the target roles that replace them in owners and grants. */
    public Map<String, String> roleMap() {
        return roleMap;
    }

    /**
     * How the source is read, when the user chose; otherwise the strategy's
     * {@link MigrationStrategy#defaultSnapshot() default} applies.
     */
    public Optional<SnapshotMode> snapshot() {
        return Optional.ofNullable(snapshot);
    }

    /** The snapshot mode in effect: the user's choice, else the strategy's default. */
    public SnapshotMode effectiveSnapshot() {
        return snapshot != null ? snapshot : strategy.defaultSnapshot();
    }

    /**
     * Whether the user chose to migrate the data without the TimescaleDB features the target cannot have
     * (compression, continuous aggregates, jobs and policies on the Apache edition). When false, such a
     * migration stops in the preflight with an error listing every affected object.
     */
    public boolean skipLicensedFeatures() {
        return skipLicensedFeatures;
    }

    /** The source database. */
    public DataSource source() {
        return source;
    }

    /** The target database. */
    public DataSource target() {
        return target;
    }

    /** The strategy. */
    public MigrationStrategy strategy() {
        return strategy;
    }

    /** Include patterns ({@code schema.table}, with {@code *} and {@code ?}); empty means every table. */
    public List<String> includes() {
        return includes;
    }

    /** Exclude patterns. */
    public List<String> excludes() {
        return excludes;
    }

    /** Tables to create as hypertables on the target. */
    public List<HypertableRule> hypertables() {
        return hypertables;
    }

    /** Units copied at once, and index builds run at once. */
    public int parallelism() {
        return parallelism;
    }

    /** The wanted size of a copy unit, in bytes of source data. */
    public long unitBytes() {
        return unitBytes;
    }

    /** Attempts per unit for transient errors. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** Wait before the first retry. */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** Whether {@link Migration#run()} verifies source and target at the end. */
    public boolean verify() {
        return verify;
    }

    /** The migration id given by the user, if any; otherwise one is derived from the strategy, the source and the selection. */
    public Optional<String> migrationId() {
        return Optional.ofNullable(migrationId);
    }

    /** Target schema for checkpoints. */
    public String checkpointSchema() {
        return checkpointSchema;
    }

    /** Registered listeners. */
    public List<MigrationListener> listeners() {
        return listeners;
    }

    @Override
    public String toString() {
        return "MigrationConfig[source=" + sourceDescription + ", target=" + targetDescription
                + ", strategy=" + strategy.name() + ", includes=" + includes + ", excludes=" + excludes
                + ", hypertables=" + hypertables.size() + ", parallelism=" + parallelism + ", unitBytes=" + unitBytes
                + ", maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", verify=" + verify
                + ", migrationId=" + migrationId + ", checkpointSchema=" + checkpointSchema
                + ", snapshot=" + effectiveSnapshot() + ", skipLicensedFeatures=" + skipLicensedFeatures
                + ", ownership=" + ownership + ", roleMap=" + roleMap
                + (schemaOnly ? ", schemaOnly=true" : "") + (backfill == null ? "" : ", backfill=" + backfill)
                + (follow ? ", follow=true" : "")
                + (cutoverLag == null ? "" : ", cutoverLag=" + cutoverLag + ", cutoverHold=" + cutoverHold) + "]";
    }
}
