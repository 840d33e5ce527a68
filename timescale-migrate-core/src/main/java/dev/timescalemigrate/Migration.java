package dev.timescalemigrate;

import dev.timescalemigrate.event.MigrationEvent;
import dev.timescalemigrate.event.MigrationListener;
import dev.timescalemigrate.exception.ConfigurationException;
import dev.timescalemigrate.exception.ErrorCode;
import dev.timescalemigrate.internal.DriverManagerDataSource;
import dev.timescalemigrate.internal.MigrationRunner;
import dev.timescalemigrate.internal.Names;
import dev.timescalemigrate.internal.TablePattern;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.spi.MigrationStrategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * A configured migration from a PostgreSQL or TimescaleDB source into a TimescaleDB target.
 *
 * <pre>{@code
 * MigrationReport report = Migration.builder()
 *     .source(sourceDataSource)
 *     .target(targetDataSource)
 *     .strategy(Strategies.perTable())
 *     .include("app.*").exclude("app.audit_*")
 *     .hypertable("app.metrics", h -> h.timeColumn("ts").chunkInterval(Duration.ofDays(1)))
 *     .parallelism(4)
 *     .onEvent(event -> System.out.println(event))
 *     .build()
 *     .run();
 * }</pre>
 *
 * Instances are immutable and thread-safe; {@link #plan()}, {@link #run()} and {@link #verify()} each open
 * their own connections.
 */
public final class Migration {

    private final MigrationConfig config;
    /** The stop flags of this migration's followed runs in progress ({@link #stop()}). */
    private final java.util.Set<java.util.concurrent.atomic.AtomicBoolean> running =
            java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Migration(MigrationConfig config) {
        this.config = config;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The settings. */
    public MigrationConfig config() {
        return config;
    }

    /**
     * A dry run: connects to both databases, runs the preflight and returns every step {@link #run()} would
     * execute. Writes nothing.
     *
     * @throws ConfigurationException listing every problem the preflight found
     */
    public MigrationPlan plan() {
        return new MigrationRunner(config).plan();
    }

    /**
     * Runs the migration. A rerun after a failure continues where the failed run stopped.
     *
     * @return figures per table, warnings, and the verification when {@link Builder#verify(boolean)} is set
     * @throws ConfigurationException when the preflight finds a problem (nothing is written then)
     * @throws dev.timescalemigrate.exception.MigrationException when the run fails; checkpoints are kept
     */
    public MigrationReport run() {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        running.add(stop);
        try {
            return new MigrationRunner(config).run(stop::get);
        } finally {
            running.remove(stop);
        }
    }

    /**
     * Asks the {@link #run()}s of this migration that follow the source ({@link Builder#follow(boolean)}) to cut
     * over: each applies everything the source committed up to now, sets the target's sequences, drops its slot
     * and publication and returns its report. Returns at once; does nothing to runs that do not follow or to runs
     * started later.
     */
    public void stop() {
        running.forEach(flag -> flag.set(true));
    }

    /**
     * Compares source and target table by table: row counts and a content checksum computed in each database.
     * Writes nothing.
     */
    public VerificationReport verify() {
        return new MigrationRunner(config).verify();
    }

    @Override
    public String toString() {
        return "Migration[" + config + "]";
    }

    /** Builds a {@link Migration}. Not thread-safe. */
    public static final class Builder {
        // the settings MigrationConfig copies are package-private; the others only build() reads
        DataSource source;
        String sourceDescription;
        DataSource target;
        String targetDescription;
        private MigrationStrategy strategy;
        private String strategyName;
        final List<String> includes = new ArrayList<>();
        final List<String> excludes = new ArrayList<>();
        private final List<String> ruleTables = new ArrayList<>();
        private final List<Consumer<HypertableRule.Builder>> ruleConfigurers = new ArrayList<>();
        int parallelism = MigrationConfig.DEFAULT_PARALLELISM;
        long unitBytes = MigrationConfig.DEFAULT_UNIT_BYTES;
        int maxAttempts = MigrationConfig.DEFAULT_MAX_ATTEMPTS;
        Duration initialBackoff = MigrationConfig.DEFAULT_INITIAL_BACKOFF;
        boolean verify;
        String migrationId;
        String checkpointSchema = MigrationConfig.DEFAULT_CHECKPOINT_SCHEMA;
        final List<MigrationListener> listeners = new ArrayList<>();
        SnapshotMode snapshot;
        boolean skipLicensedFeatures;
        OwnershipMode ownership = OwnershipMode.AUTO;
        final Map<String, String> roleMap = new LinkedHashMap<>();
        private final List<String> roleProblems = new ArrayList<>();
        boolean schemaOnly;
        boolean follow;
        Duration cutoverLag;
        Duration cutoverHold = Duration.ZERO;
        private java.time.Instant cutoff;
        private final Map<String, String> backfillBounds = new LinkedHashMap<>();
        private final Map<String, String> backfillColumns = new LinkedHashMap<>();
        private final List<String> backfillProblems = new ArrayList<>();
        Backfill backfill;

        private Builder() {
        }

        /** The source database. */
        public Builder source(DataSource dataSource) {
            this.source = Objects.requireNonNull(dataSource, "dataSource");
            this.sourceDescription = dataSource.getClass().getSimpleName();
            return this;
        }

        /** The source database by JDBC URL; the password is used to connect and never printed. */
        public Builder source(String jdbcUrl, String user, String password) {
            DriverManagerDataSource ds = new DriverManagerDataSource(Objects.requireNonNull(jdbcUrl, "jdbcUrl"), user, password);
            this.source = ds;
            this.sourceDescription = ds.maskedUrl();
            return this;
        }

        /** The target database. */
        public Builder target(DataSource dataSource) {
            this.target = Objects.requireNonNull(dataSource, "dataSource");
            this.targetDescription = dataSource.getClass().getSimpleName();
            return this;
        }

        /** The target database by JDBC URL; the password is used to connect and never printed. */
        public Builder target(String jdbcUrl, String user, String password) {
            DriverManagerDataSource ds = new DriverManagerDataSource(Objects.requireNonNull(jdbcUrl, "jdbcUrl"), user, password);
            this.target = ds;
            this.targetDescription = ds.maskedUrl();
            return this;
        }

        /** The strategy (default {@link Strategies#perTable()}). */
        public Builder strategy(MigrationStrategy strategy) {
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            this.strategyName = null;
            return this;
        }

        /** A registered strategy by name, e.g. {@code per-table}. */
        public Builder strategy(String name) {
            this.strategyName = Objects.requireNonNull(name, "name");
            this.strategy = null;
            return this;
        }

        /** Copies only tables matching these {@code schema.table} patterns ({@code *}, {@code ?}). */
        public Builder include(String... patterns) {
            includes.addAll(Arrays.asList(patterns));
            return this;
        }

        /** Leaves out tables matching these patterns. */
        public Builder exclude(String... patterns) {
            excludes.addAll(Arrays.asList(patterns));
            return this;
        }

        /** Creates {@code table} as a hypertable on the target, configured by {@code rule}. */
        public Builder hypertable(String table, Consumer<HypertableRule.Builder> rule) {
            ruleTables.add(Objects.requireNonNull(table, "table"));
            ruleConfigurers.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /** Units copied at once and index builds run at once (default {@link MigrationConfig#DEFAULT_PARALLELISM}). */
        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        /** The wanted size of a copy unit in bytes (default 128 MiB; at least 1 MiB). */
        public Builder unitBytes(long unitBytes) {
            this.unitBytes = unitBytes;
            return this;
        }

        /** Attempts per unit for transient failures (default 5). */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Wait before the first retry, doubled for each further one (default 1 s). */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
            return this;
        }

        /** Whether {@link Migration#run()} compares source and target at the end (default false). */
        public Builder verify(boolean verify) {
            this.verify = verify;
            return this;
        }

        /**
         * The id under which checkpoints are kept (default: derived from the strategy, the source database and
         * the selection). Runs with the same id continue each other.
         */
        public Builder migrationId(String migrationId) {
            this.migrationId = Objects.requireNonNull(migrationId, "migrationId");
            return this;
        }

        /** Target schema for checkpoints (default {@code timescale_migrate}). */
        public Builder checkpointSchema(String schema) {
            this.checkpointSchema = Objects.requireNonNull(schema, "schema");
            return this;
        }

        /**
         * How the source is read (default: the strategy's; {@link SnapshotMode#EXPORTED} for the whole-database
         * strategy, {@link SnapshotMode#PER_UNIT} for the others).
         */
        public Builder snapshot(SnapshotMode mode) {
            this.snapshot = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Migrates the data even when the target cannot have some of the source's TimescaleDB features: on an
         * Apache-edition target, compression settings, continuous aggregates, jobs and policies are then left out,
         * each named by a warning in the report. Without it (the default) such a migration stops before writing
         * anything, listing every affected object.
         */
        public Builder skipLicensedFeatures(boolean skip) {
            this.skipLicensedFeatures = skip;
            return this;
        }

        /**
         * Whether the whole-database strategy recreates owners and privileges (GRANTs) on the target: true requires
         * it (the preflight stops when a role is missing on the target or the target's user cannot take it on),
         * false leaves them out. Unset, they are recreated when every role exists and can be taken on, else left
         * out with a warning naming the roles. The same as {@link #ownership(OwnershipMode)} with
         * {@link OwnershipMode#REQUIRED} or {@link OwnershipMode#SKIPPED}.
         */
        public Builder ownership(boolean ownership) {
            return ownership(ownership ? OwnershipMode.REQUIRED : OwnershipMode.SKIPPED);
        }

        /**
         * Whether the whole-database strategy recreates owners and privileges (GRANTs) on the target (default
         * {@link OwnershipMode#AUTO}).
         */
        public Builder ownership(OwnershipMode mode) {
            this.ownership = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Replaces the source role {@code sourceRole} by {@code targetRole} in owners and grants, e.g. the
         * source's {@code postgres} by Timescale Cloud's {@code tsdbadmin}.
         */
        public Builder mapRole(String sourceRole, String targetRole) {
            Objects.requireNonNull(sourceRole, "sourceRole");
            Objects.requireNonNull(targetRole, "targetRole");
            if (sourceRole.isBlank() || targetRole.isBlank()) {
                roleProblems.add("mapRole needs two role names, was '" + sourceRole + "' -> '" + targetRole + "'.");
            } else if (roleMap.containsKey(sourceRole) && !roleMap.get(sourceRole).equals(targetRole)) {
                roleProblems.add("Role " + sourceRole + " is mapped twice (to " + roleMap.get(sourceRole) + " and "
                        + targetRole + "): keep one.");
            } else {
                roleMap.put(sourceRole, targetRole);
            }
            return this;
        }

        /**
         * Creates everything the strategy creates (tables, hypertables with their dimensions and compression
         * settings, continuous aggregates, created empty, views, routines, keys, indexes, constraints, triggers,
         * sequences at the source's positions, jobs and policies, owners) and copies no rows, so that an
         * application can start writing to the target before the history is copied with
         * {@link #backfillUntil(java.time.Instant)}. Jobs and policies are created paused; the backfill gives them
         * the source's state once it has finished. Foreign keys are left to the backfill, which adds them once the
         * rows they reference are in (until then they would refuse the application's rows). Large objects are
         * not copied (nor by the backfill).
         */
        public Builder schemaOnly() {
            return schemaOnly(true);
        }

        /** {@link #schemaOnly()} when {@code schemaOnly}; false (the default) copies the data too. */
        public Builder schemaOnly(boolean schemaOnly) {
            this.schemaOnly = schemaOnly;
            return this;
        }

        /**
         * Follows the source after the bulk copy (the whole-database strategy): a publication of the selected
         * tables and a logical replication slot ({@code pgoutput}) are created on the source so that the copy
         * reads exactly the slot's starting snapshot; then the source's inserts, updates, deletes and truncates
         * are applied to the target (TimescaleDB chunks to their hypertables; TimescaleDB's own compression and
         * decompression, which rewrite rows inside the source, are recognised by their WAL markers and not
         * replayed), on {@link #parallelism(int)} target connections where transactions touch different rows,
         * each row's changes in the source's order, what was applied stored on the target in the same
         * transactions as the changes. {@link Migration#stop()} (the command line: SIGTERM or SIGINT) cuts over,
         * or {@link #cutoverWhenLagBelow(Duration, Duration)}. A lost connection is retried from the stored
         * position within the run, a rerun after a failure continues from it; a followed table whose columns
         * change on the source stops the run ({@code ErrorCode.SOURCE_CHANGED}). Listeners get
         * {@link MigrationEvent.FollowProgress} about once a second. Needs {@code wal_level = logical} and the
         * replication privilege on the source; the preflight names what is missing.
         */
        public Builder follow(boolean follow) {
            this.follow = follow;
            return this;
        }

        /**
         * Lets a followed run ({@link #follow(boolean)}) cut over by itself once the target has stayed less than
         * {@code lag} behind the source for {@code holdFor} (the lag as in {@link FollowReport#lag()}), besides
         * {@link Migration#stop()}: for a cutover at a quiet moment of the source's load, or a migration that
         * must end without an operator.
         *
         * @param lag     the lag below which the run may cut over; positive
         * @param holdFor how long the lag must stay below it; zero cuts over at the first measurement below it
         */
        public Builder cutoverWhenLagBelow(Duration lag, Duration holdFor) {
            this.cutoverLag = Objects.requireNonNull(lag, "lag");
            this.cutoverHold = Objects.requireNonNull(holdFor, "holdFor");
            return this;
        }

        /**
         * Copies the source's history into a target whose schema exists ({@link #schemaOnly()}) and which an
         * application already writes: every time-partitioned table's rows before {@code cutoff}, the rows of the
         * other tables whose key the target lacks, the continuous aggregates' materialized rows before the cutoff;
         * then adds the foreign keys the target lacks, compresses the chunks compressed on the source, moves each sequence to the larger of the two positions and gives the paused jobs the source's
         * state. See {@link Backfill}.
         */
        public Builder backfillUntil(java.time.Instant cutoff) {
            this.cutoff = Objects.requireNonNull(cutoff, "cutoff");
            return this;
        }

        /**
         * A table's own bound for {@link #backfillUntil(java.time.Instant)}, needed for a table partitioned by an
         * integer column: rows whose time column is below {@code value} are copied.
         */
        public Builder backfillUntil(String table, long value) {
            backfillBounds.put(Objects.requireNonNull(table, "table"), Long.toString(value));
            return this;
        }

        /** A table's own cutoff for {@link #backfillUntil(java.time.Instant)}, instead of the common one. */
        public Builder backfillUntil(String table, java.time.Instant cutoff) {
            backfillBounds.put(Objects.requireNonNull(table, "table"), Objects.requireNonNull(cutoff, "cutoff").toString());
            return this;
        }

        /**
         * Treats a table that is no hypertable as time-partitioned by {@code column} for
         * {@link #backfillUntil(java.time.Instant)}: only its rows before the cutoff are copied (without it, the rows
         * whose key the target lacks).
         */
        public Builder backfillTimeColumn(String table, String column) {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(column, "column");
            if (column.isBlank()) {
                backfillProblems.add("backfillTimeColumn for '" + table + "' needs a column name.");
            } else {
                backfillColumns.put(table, column);
            }
            return this;
        }

        /** Adds a listener. */
        public Builder listener(MigrationListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Adds a listener for every event. */
        public Builder onEvent(Consumer<? super MigrationEvent> consumer) {
            Objects.requireNonNull(consumer, "consumer");
            listeners.add(new MigrationListener() {
                @Override
                public void dispatch(MigrationEvent event) {
                    consumer.accept(event);
                }
            });
            return this;
        }

        /**
         * Validates the settings and builds the migration.
         *
         * @throws ConfigurationException listing every problem found
         */
        public Migration build() {
            List<String> problems = new ArrayList<>();
            if (source == null) {
                problems.add("No source: call source(dataSource) or source(jdbcUrl, user, password).");
            }
            if (target == null) {
                problems.add("No target: call target(dataSource) or target(jdbcUrl, user, password).");
            }
            MigrationStrategy chosen = strategy;
            if (strategyName != null) {
                chosen = Strategies.byName(strategyName).orElse(null);
                if (chosen == null) {
                    problems.add("Unknown strategy '" + strategyName + "'. Available: "
                            + Strategies.available().stream().map(MigrationStrategy::name).toList() + ".");
                }
            } else if (chosen == null) {
                chosen = Strategies.perTable();
            }
            if (follow && chosen != null && !"whole-database".equals(chosen.name())) {
                problems.add("follow(true) needs the whole-database strategy, whose copy reads one snapshot (the "
                        + "replication slot's); the strategy is " + chosen.name() + ".");
            }
            if (follow && snapshot == SnapshotMode.PER_UNIT) {
                problems.add("follow(true) copies from the replication slot's snapshot: remove "
                        + "snapshot(SnapshotMode.PER_UNIT).");
            }
            if (cutoverLag != null && !follow) {
                problems.add("cutoverWhenLagBelow(...) is the cutover of a followed run: add follow(true).");
            }
            if (cutoverLag != null && (cutoverLag.isNegative() || cutoverLag.isZero())) {
                problems.add("cutoverWhenLagBelow: the lag must be positive, was " + cutoverLag + ".");
            }
            if (cutoverHold.isNegative()) {
                problems.add("cutoverWhenLagBelow: the time to hold must not be negative, was " + cutoverHold + ".");
            }
            if (follow && schemaOnly) {
                problems.add("follow(true) copies the rows before it follows: remove schemaOnly().");
            }
            if (parallelism < 1) {
                problems.add("parallelism must be at least 1, was " + parallelism + ".");
            }
            if (unitBytes < 1024 * 1024) {
                problems.add("unitBytes must be at least 1 MiB (1048576), was " + unitBytes + ".");
            }
            if (maxAttempts < 1) {
                problems.add("maxAttempts must be at least 1, was " + maxAttempts + ".");
            }
            if (initialBackoff.isNegative()) {
                problems.add("initialBackoff cannot be negative, was " + initialBackoff + ".");
            }
            problems.addAll(roleProblems);
            if (checkpointSchema.isBlank()) {
                problems.add("checkpointSchema cannot be empty.");
            }
            List<TablePattern> includePatterns = patterns("include", includes, problems);
            List<TablePattern> excludePatterns = patterns("exclude", excludes, problems);
            for (String pattern : includes) {
                if (excludes.contains(pattern)) {
                    problems.add("Pattern '" + pattern + "' is both included and excluded: remove one of them.");
                }
            }
            List<HypertableRule> rules = new ArrayList<>();
            Set<QualifiedName> ruleNames = new HashSet<>();
            for (int i = 0; i < ruleTables.size(); i++) {
                String text = ruleTables.get(i);
                QualifiedName name;
                try {
                    name = Names.table(text);
                } catch (IllegalArgumentException e) {
                    problems.add("Hypertable rule for '" + text + "': " + e.getMessage() + ".");
                    continue;
                }
                HypertableRule.Builder rb = HypertableRule.builder(name);
                try {
                    ruleConfigurers.get(i).accept(rb);
                } catch (IllegalArgumentException e) {
                    problems.add("Hypertable rule for " + name + ": " + e.getMessage() + ".");
                    continue;
                }
                HypertableRule rule = rb.build();
                if (rule.timeColumn() == null && (chosen == null
                        || !dev.timescalemigrate.internal.strategy.StreamingStrategy.NAME.equals(chosen.name()))) {
                    problems.add("Hypertable rule for " + name + " has no time column: add .timeColumn(\"...\") "
                            + "(only the streaming strategy infers it).");
                }
                if (!ruleNames.add(name)) {
                    problems.add("Two hypertable rules for " + name + ": keep one.");
                }
                if (excludePatterns.stream().anyMatch(p -> p.matches(name))
                        || (!includePatterns.isEmpty() && includePatterns.stream().noneMatch(p -> p.matches(name)))) {
                    problems.add("Hypertable rule for " + name + " names a table the include/exclude patterns leave"
                            + " out: include the table or drop the rule.");
                }
                rules.add(rule);
            }
            backfill = backfill(problems);
            if (!problems.isEmpty()) {
                throw new ConfigurationException(ErrorCode.INVALID_CONFIGURATION, problems);
            }
            return new Migration(new MigrationConfig(this, chosen, rules));
        }

        /** The backfill settings, checked, or null when there is no backfill. */
        private Backfill backfill(List<String> problems) {
            problems.addAll(backfillProblems);
            if (cutoff == null) {
                if (!backfillBounds.isEmpty() || !backfillColumns.isEmpty()) {
                    problems.add("Table bounds or time columns for a backfill were given ("
                            + String.join(", ", new java.util.LinkedHashSet<>(concat(backfillBounds.keySet(),
                            backfillColumns.keySet()))) + ") without backfillUntil(cutoff): add the cutoff.");
                }
                return null;
            }
            if (follow) {
                problems.add("follow(true) and backfillUntil(...) are two methods for an active database: "
                        + "choose one.");
            }
            if (schemaOnly) {
                problems.add("schemaOnly() and backfillUntil(...) are two runs: create the schema first, then backfill "
                        + "with a second migration.");
            }
            Map<QualifiedName, String> bounds = new LinkedHashMap<>();
            backfillBounds.forEach((text, bound) -> backfillTable("backfillUntil", text, problems)
                    .ifPresent(name -> once("backfillUntil", bounds, name, bound, problems)));
            Map<QualifiedName, String> columns = new LinkedHashMap<>();
            backfillColumns.forEach((text, column) -> backfillTable("backfillTimeColumn", text, problems)
                    .ifPresent(name -> once("backfillTimeColumn", columns, name, column, problems)));
            return new Backfill(cutoff, bounds, columns);
        }

        /** Puts a table's setting, a problem when the table (however it was spelled) has another already. */
        private static void once(String what, Map<QualifiedName, String> settings, QualifiedName table, String value,
                                 List<String> problems) {
            String earlier = settings.putIfAbsent(table, value);
            if (earlier != null && !earlier.equals(value)) {
                problems.add(what + " is given twice for " + table + " (" + earlier + " and " + value + "): keep one.");
            }
        }

        private static List<String> concat(java.util.Collection<String> a, java.util.Collection<String> b) {
            List<String> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }

        private static java.util.Optional<QualifiedName> backfillTable(String what, String text, List<String> problems) {
            try {
                return java.util.Optional.of(Names.table(text));
            } catch (IllegalArgumentException e) {
                problems.add(what + " for '" + text + "': " + e.getMessage() + ".");
                return java.util.Optional.empty();
            }
        }

        private static List<TablePattern> patterns(String kind, List<String> texts, List<String> problems) {
            List<TablePattern> result = new ArrayList<>();
            for (String text : texts) {
                try {
                    result.add(TablePattern.parse(text));
                } catch (IllegalArgumentException e) {
                    problems.add("Bad " + kind + " pattern: " + e.getMessage() + ".");
                }
            }
            return result;
        }
    }
}
