package dev.timescalemigrate.internal;

import dev.timescalemigrate.MigrationConfig;
import dev.timescalemigrate.MigrationPlan;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.TableReport;
import dev.timescalemigrate.VerificationReport;
import dev.timescalemigrate.event.MigrationEvent;
import dev.timescalemigrate.event.MigrationPhase;
import dev.timescalemigrate.exception.MigrationException;
import dev.timescalemigrate.exception.VerificationException;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.ServerInfo;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.adapter.CheckpointStore;
import dev.timescalemigrate.adapter.DatabaseAdapter;
import dev.timescalemigrate.adapter.ReplicationService;
import dev.timescalemigrate.exception.ConfigurationException;
import dev.timescalemigrate.exception.ErrorCode;
import dev.timescalemigrate.adapter.TransferSession;
import dev.timescalemigrate.adapter.TransferSettings;
import dev.timescalemigrate.adapter.Verifier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs a migration: session, preflight, checkpoints, the strategy, verification, events and the report. */
public final class MigrationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);

    private final MigrationConfig config;
    private final DatabaseAdapter adapter;

    private final dev.timescalemigrate.spi.MigrationStrategy strategy;

    public MigrationRunner(MigrationConfig config) {
        this.config = config;
        this.adapter = DatabaseAdapter.load();
        this.strategy = config.backfill().isPresent()
                ? new dev.timescalemigrate.internal.strategy.BackfillStrategy() : config.strategy();
    }

    /** A plan as a schema-only run executes it: without its data steps, and saying so. */
    private MigrationPlan shaped(MigrationPlan plan) {
        if (!config.schemaOnly()) {
            return plan;
        }
        List<String> notes = new ArrayList<>(plan.notes());
        notes.add(0, "schema only: no rows are copied; jobs and policies are created paused (a backfill "
                + "gives them the source's state); foreign keys are left to the backfill, which adds them once the "
                + "rows they reference are in (until then they would refuse the application's rows)");
        // foreign keys (and their comments) are added by the backfill
        java.util.Set<String> keys = dev.timescalemigrate.internal.strategy.BackfillStrategy.foreignKeyObjects(
                plan.ddlSteps().stream().map(MigrationPlan.DdlStep::statement).toList());
        List<MigrationPlan.Step> steps = plan.withoutData().steps().stream()
                .filter(st -> !(st instanceof MigrationPlan.DdlStep d && keys.contains(d.statement().object())))
                .toList();
        return new MigrationPlan(plan.strategy(), steps, notes);
    }

    /** The migration id: the user's, or one derived from the strategy, the source database and the selection. */
    String migrationId() {
        if (config.migrationId().isPresent()) {
            return config.migrationId().get();
        }
        ServerInfo source;
        try (Connection c = Connections.open("source", config.source())) {
            source = adapter.serverInfo(c);
        } catch (SQLException e) {
            throw Connections.describe("source", config.source(), e);
        }
        String selection = String.join("\n", config.includes()) + "\n--\n" + String.join("\n", config.excludes())
                + "\n--\n" + config.hypertables().stream().map(h -> h.table() + ":" + h.timeColumn() + ":" + h.chunkInterval()
                + ":" + h.integerChunkInterval() + compressionRule(h)).toList();
        // a schema-only run and a backfill are migrations of their own (ids of full runs stay as they were)
        if (config.schemaOnly()) {
            selection += "\n--schema-only";
        }
        if (config.backfill().isPresent()) {
            dev.timescalemigrate.Backfill b = config.backfill().get();
            // in a fixed order: the same settings given in another order are the same backfill
            selection += "\n--backfill " + config.strategy().name() + " " + b.cutoff() + " "
                    + new java.util.TreeMap<>(b.bounds()) + " " + new java.util.TreeMap<>(b.timeColumns());
        }
        return strategy.name() + ":" + source.database() + ":" + Sha256.hex(selection).substring(0, 12);
    }

    /** A rule's compression settings in the derived id (rules without them keep the ids they had). */
    private static String compressionRule(dev.timescalemigrate.HypertableRule h) {
        if (h.segmentBy() == null && h.orderBy() == null && h.compressAfter() == null) {
            return "";
        }
        return ":" + h.segmentBy() + ":" + h.orderBy() + ":" + h.compressAfter();
    }

    private TransferSession open(String migrationId) {
        return adapter.open(config.source(), config.target(),
                new TransferSettings(migrationId, config.checkpointSchema(), config.parallelism(),
                        config.effectiveSnapshot(), config.follow()));
    }

    /** A dry run. */
    public MigrationPlan plan() {
        String id = migrationId();
        try (TransferSession session = open(id)) {
            Preflight.Result preflight = new Preflight(config, session).check();
            ReportCollector report = new ReportCollector();
            try (EventDispatcher events = new EventDispatcher(List.of());
                 MigrationContext context = new MigrationContext(config, id, preflight.selection(), session, events,
                         report)) {
                checkStrategy(context);
                MigrationPlan plan = shaped(strategy.plan(context));
                List<String> notes = new ArrayList<>(preflight.warnings());
                notes.addAll(plan.notes());
                notes.add(0, "migration id " + id + ", checkpoints in schema " + config.checkpointSchema()
                        + " of the target (" + session.checkpoints().peek().name().toLowerCase() + ")");
                return new MigrationPlan(plan.strategy(), plan.steps(), notes);
            }
        }
    }

    /** Runs the migration. */
    public MigrationReport run() {
        return run(() -> false);
    }

    /**
     * Runs the migration; a run that follows the source cuts over once {@code stop} turns true.
     */
    public MigrationReport run(java.util.function.BooleanSupplier stop) {
        Instant started = Instant.now();
        ReportCollector report = new ReportCollector();
        EventDispatcher events = new EventDispatcher(config.listeners());
        String id = null;
        try {
            id = migrationId();
            try (TransferSession session = open(id)) {
                Preflight.Result preflight = new Preflight(config, session).check();
                ReplicationService replication = config.follow() ? replication(session, id, preflight) : null;
                ReplicationService.State followed = replication == null ? null : replication.state().orElse(null);
                CheckpointStore.RunState state;
                boolean copiedNow = false;
                try (MigrationContext context = new MigrationContext(config, id, preflight.selection(), session, events,
                        report)) {
                    checkStrategy(context); // before the checkpoint schema is created: nothing written yet
                    // planned before anything is written too: a strategy may refuse in its plan
                    // a followed run whose bulk copy an earlier run completed only follows: the source may have
                    // changed since (its schema too, which the target was then given by hand)
                    boolean copiedEarlier = followed != null && followed.copied();
                    MigrationPlan planned = session.checkpoints().peek() == CheckpointStore.RunState.FINISHED
                            || copiedEarlier ? null : shaped(strategy.plan(context));
                    state = session.checkpoints().begin(strategy.name());
                    LOG.info("Migration {} ({}) {}", id, strategy.name(),
                            state == CheckpointStore.RunState.RESUMED ? "resumes an earlier run" : "starts");
                    preflight.warnings().forEach(context::warn);
                    if (copiedEarlier && state != CheckpointStore.RunState.FINISHED) {
                        LOG.info("Migration {}: an earlier run completed the bulk copy; following the source from {}",
                                id, followed.appliedLsn());
                    } else if (state == CheckpointStore.RunState.FINISHED || planned == null) {
                        context.warn("Migration " + id + " had already finished; nothing was copied. "
                                + (config.backfill().isPresent() ? "The history is on the target: a backfill under "
                                + "another migration id finds it there and stops." : "Use another migration id (or "
                                + "drop schema " + config.checkpointSchema() + " on the target) to migrate again."));
                    } else {
                        MigrationPlan plan = planned;
                        plan.copySteps().stream().collect(java.util.stream.Collectors.groupingBy(
                                        c -> c.unit().table(), java.util.LinkedHashMap::new,
                                        java.util.stream.Collectors.toList()))
                                .forEach((table, units) -> report.expect(table, units.size(),
                                        units.stream().mapToLong(c -> c.unit().estimatedRows()).sum()));
                        events.publish(MigrationEvent.MigrationStarted.builder(id, Instant.now())
                                .strategy(strategy.name())
                                .resumed(state == CheckpointStore.RunState.RESUMED)
                                .tables((int) plan.copySteps().stream().map(c -> c.unit().table()).distinct().count())
                                .units(plan.copySteps().size()).estimatedBytes(plan.estimatedBytes()).build());
                        context.saveUnits(plan.copySteps()); // a rerun resumes with exactly these units
                        if (replication != null && followed == null) {
                            // the slot's snapshot is the one every copy reads
                            followed = replication.start(preflight.selection());
                            LOG.info("Migration {} follows the source from {} (slot {}, publication {})", id,
                                    followed.startLsn(), followed.slot(), followed.publication());
                            replication.warnings(preflight.selection()).forEach(context::warn);
                            copiedNow = true;
                        }
                        strategy.execute(plan, context);
                        if (replication != null) {
                            replication.copied();
                        } else {
                            session.checkpoints().finish();
                        }
                    }
                }
                // the copies' digests stand for the source only where they are of one snapshot: a run that read
                // one, and tables none of whose units an earlier run copied (in a snapshot of its own)
                java.util.Set<dev.timescalemigrate.model.QualifiedName> oneSnapshot = session.readsOneSnapshot()
                        ? report.tables().stream().filter(t -> t.unitsSkipped() == 0).map(TableReport::table)
                        .collect(java.util.stream.Collectors.toSet())
                        : java.util.Set.of();
                // a followed run compares the copy before it follows, and only the copy of this run: afterwards
                // the source keeps changing
                VerificationReport verification = config.verify() && !config.schemaOnly()
                        && (replication == null || copiedNow)
                        ? verify(session, preflight.selection(), events, id, oneSnapshot) : null;
                dev.timescalemigrate.FollowReport follow = null;
                if (replication != null && state != CheckpointStore.RunState.FINISHED) {
                    if (verification != null && !verification.matches()) {
                        throw new VerificationException("The bulk copy of migration " + id
                                + " does not match the source's snapshot (" + verification.mismatches().size()
                                + " table(s) differ): following stopped before it began; the slot "
                                + followed.slot() + " is kept on the source. " + verification.mismatches(), null, null);
                    }
                    follow = new Following(config, id, events, report, stop).run(replication,
                            preflight.selection());
                    session.checkpoints().finish();
                }
                MigrationReport result = MigrationReport.builder(id, strategy.name(), started)
                        .resumed(state == CheckpointStore.RunState.RESUMED)
                        .duration(Duration.between(started, Instant.now()))
                        .schemaSteps(report.schemaSteps()).schemaStepsSkipped(report.schemaStepsSkipped())
                        .tables(report.tables()).warnings(report.warnings()).verificationReport(verification)
                        .largeObjects(report.largeObjects()).follow(follow)
                        .pointInTime(strategy.pointInTime() && session.readsOneSnapshot()
                                && report.tables().stream().allMatch(t -> t.unitsSkipped() == 0)
                                && report.largeObjects().batchesSkipped() == 0)
                        .build();
                LOG.info("{}", result.summary());
                events.publish(new MigrationEvent.MigrationFinished(id, Instant.now(), result));
                return result;
            }
        } catch (RuntimeException e) {
            // the caller gets the exception; the log only records that the run stopped
            LOG.info("Migration {} stopped: {}", id == null ? "(not started)" : id, e.getMessage());
            events.publish(new MigrationEvent.MigrationFailed(id == null ? "" : id, Instant.now(), e));
            throw e;
        } finally {
            events.close();
        }
    }

    /**
     * The replication service of a followed run, after its own preflight (nothing written): the source's settings
     * and privileges on a first run, the state an earlier run left on a rerun.
     */
    private ReplicationService replication(TransferSession session, String id, Preflight.Result preflight) {
        ReplicationService replication = session.replication().orElseThrow(() -> new ConfigurationException(
                ErrorCode.PREFLIGHT_FAILED, List.of("This database adapter cannot follow the source.")));
        java.util.Optional<ReplicationService.State> earlier = replication.state();
        List<String> problems = new ArrayList<>();
        if (earlier.isEmpty()) {
            if (session.checkpoints().peek() == CheckpointStore.RunState.NEW) {
                problems.addAll(replication.problems(preflight.selection()));
            } else if (session.checkpoints().peek() == CheckpointStore.RunState.RESUMED) {
                problems.add("Migration " + id + " was started without follow(true) (or its bulk copy was begun "
                        + "before following was set up): its copy is not of a replication slot's snapshot. Migrate "
                        + "into a new target (or drop schema " + config.checkpointSchema() + " and the migrated "
                        + "objects on it) to follow the source.");
            }
        } else if (!earlier.get().copied()) {
            ReplicationService.State s = earlier.get();
            problems.add("An earlier run of migration " + id + " stopped during its bulk copy: the snapshot of slot "
                    + s.slot() + " it copied from is gone with that run, so the copy cannot be completed "
                    + "consistently with the slot. Start again on an empty target (drop the migrated objects and "
                    + "schema " + config.checkpointSchema() + " on it), after dropping the slot and publication on "
                    + "the source: SELECT pg_drop_replication_slot('" + s.slot() + "'); DROP PUBLICATION \""
                    + s.publication() + "\";");
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(ErrorCode.PREFLIGHT_FAILED, problems);
        }
        return replication;
    }

    /** The strategy's own preflight, before anything is written. */
    private void checkStrategy(MigrationContext context) {
        List<String> problems = strategy.check(context);
        if (!problems.isEmpty()) {
            throw new dev.timescalemigrate.exception.ConfigurationException(
                    dev.timescalemigrate.exception.ErrorCode.PREFLIGHT_FAILED, problems);
        }
    }

    /**
     * Whether a run carries the database's large objects: when it is not filtered. The include and exclude patterns
     * select tables, and large objects belong to no table, so a run that selects some tables leaves them out.
     */
    public static boolean carriesLargeObjects(MigrationConfig config) {
        // nor a schema-only run or a backfill (see BackfillStrategy)
        return config.includes().isEmpty() && config.excludes().isEmpty() && !config.schemaOnly()
                && config.backfill().isEmpty();
    }

    /** Every large object's size and digest on both sides, compared by OID. */
    private static VerificationReport.LargeObjectVerification verifyLargeObjects(
            dev.timescalemigrate.adapter.LargeObjectService service) {
        java.util.Map<String, String> source = service.checksums(true);
        java.util.Map<String, String> target = service.checksums(false);
        List<String> differences = new ArrayList<>();
        java.util.Set<String> oids = new java.util.TreeSet<>(java.util.Comparator.comparingLong(Long::parseLong));
        oids.addAll(source.keySet());
        oids.addAll(target.keySet());
        for (String oid : oids) {
            String a = source.get(oid);
            String b = target.get(oid);
            if (b == null) {
                differences.add(oid + " only on the source");
            } else if (a == null) {
                differences.add(oid + " only on the target");
            } else if (!a.equals(b)) {
                differences.add(oid + ": source " + a + ", target " + b);
            }
        }
        return new VerificationReport.LargeObjectVerification(source.size(), target.size(), differences);
    }

    /** Compares source and target. */
    public VerificationReport verify() {
        String id = config.migrationId().orElse("verify");
        try (TransferSession session = open(id)) {
            Preflight.Result preflight = new Preflight(config, session).check(true);
            try (EventDispatcher events = new EventDispatcher(config.listeners())) {
                return verify(session, preflight.selection(), events, id, java.util.Set.of());
            }
        }
    }

    /**
     * The digest of every row the copies of a table streamed (the sum of its units' digests, stored with their
     * checkpoints), or empty when one cannot stand for the source's rows: a unit without one (a ranged or merging
     * copy, one copied by an earlier version or in another format), or units whose ranges do not take every row
     * exactly once.
     */
    private static java.util.Optional<Verifier.Checksum> copiedDigest(TransferSession session, Table t) {
        List<dev.timescalemigrate.spi.CopyUnit> units = session.checkpoints().units(t.name()).orElse(List.of());
        java.util.Map<String, Verifier.Checksum> digests = session.verifier().copiedDigests(t);
        if (units.isEmpty() || !units.stream().allMatch(u -> digests.containsKey(u.key()))
                || !covers(t, units.stream().map(dev.timescalemigrate.spi.CopyUnit::range).toList())) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(sum(units.stream().map(u -> digests.get(u.key())).toList()));
    }

    /**
     * Whether the ranges of a table's units take each of its rows exactly once, whatever the split did: one unit of
     * the whole table; or ranges of one column, the first without a lower bound, each starting where the one before
     * ends, the last without an upper bound, and the NULLs in exactly one of them (unless the column is NOT NULL;
     * {@code ctid} never is). Digests of units that leave a gap or overlap would agree with a target that has the
     * same gap.
     */
    static boolean covers(Table t, List<dev.timescalemigrate.spi.CopyUnit.Range> ranges) {
        if (ranges.size() == 1 && ranges.get(0) == null) {
            return true;
        }
        if (ranges.isEmpty() || ranges.stream().anyMatch(java.util.Objects::isNull)) {
            return false;
        }
        String column = ranges.get(0).column();
        boolean nullable = !"ctid".equals(column) && t.column(column).map(c -> !c.notNull()).orElse(true);
        long withNulls = ranges.stream().filter(dev.timescalemigrate.spi.CopyUnit.Range::includeNulls).count();
        if (ranges.stream().anyMatch(r -> !r.column().equals(column)) || ranges.get(0).lower() != null
                || ranges.get(ranges.size() - 1).upper() != null || withNulls > 1 || nullable && withNulls == 0) {
            return false;
        }
        for (int i = 0; i + 1 < ranges.size(); i++) {
            if (ranges.get(i).upper() == null || !ranges.get(i).upper().equals(ranges.get(i + 1).lower())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Submits the reads of one side of a table: of the rows in {@code range} when given (a backfill's), else of each
     * of the side's parts.
     */
    private static List<Future<Verifier.Checksum>> read(ExecutorService pool, TransferSession session, Table t,
                                                        dev.timescalemigrate.spi.CopyUnit.Range range,
                                                        boolean onTarget, int parts) {
        Verifier verifier = session.verifier();
        List<Future<Verifier.Checksum>> reads = new ArrayList<>();
        for (dev.timescalemigrate.spi.CopyUnit.Range part : range != null ? List.of(range)
                : verifier.parts(t, t.name(), onTarget, parts)) {
            reads.add(pool.submit(() -> onTarget ? verifier.target(t, t.name(), part) : verifier.source(t, part)));
        }
        return reads;
    }

    /** The results of reads, waiting for each. */
    private static List<Verifier.Checksum> done(List<Future<Verifier.Checksum>> reads)
            throws InterruptedException, ExecutionException {
        List<Verifier.Checksum> results = new ArrayList<>();
        for (Future<Verifier.Checksum> f : reads) {
            results.add(f.get());
        }
        return results;
    }

    /** The digest of the rows of several parts: counts and halves added up. */
    private static Verifier.Checksum sum(List<Verifier.Checksum> parts) {
        long rows = 0;
        java.math.BigInteger[] sum = {java.math.BigInteger.ZERO, java.math.BigInteger.ZERO};
        for (Verifier.Checksum c : parts) {
            rows += c.count();
            add(sum, c.checksum());
        }
        return new Verifier.Checksum(rows, sum[0] + ":" + sum[1]);
    }

    /** Adds a checksum's two halves ({@code a:b}, as the verifier gives them) to {@code sum}. */
    private static void add(java.math.BigInteger[] sum, String checksum) {
        String[] halves = checksum.split(":", -1);
        if (halves.length != 2) {
            throw new IllegalStateException("not a checksum of two halves: " + checksum);
        }
        sum[0] = sum[0].add(new java.math.BigInteger(halves[0]));
        sum[1] = sum[1].add(new java.math.BigInteger(halves[1]));
    }

    /**
     * Compares every table's rows on both sides. A table of {@code oneSnapshot} (copied by this run from one snapshot
     * of the source) whose units all carry the digest their copy took of the rows it streamed, and whose units
     * take every row once, is compared against those digests: the source is not read again. Otherwise, and for a
     * backfill (whose copies keep only some of the rows they stream), both sides are read: copies that each read
     * the source at another moment may together miss a row that moved between their ranges meanwhile, which their
     * digests cannot show.
     */
    private VerificationReport verify(TransferSession session, DatabaseModel selection, EventDispatcher events,
                                      String id, java.util.Set<dev.timescalemigrate.model.QualifiedName> oneSnapshot) {
        Instant started = Instant.now();
        List<Table> tables = selection.tables().stream().filter(Table::holdsRows).toList();
        // a backfill's target also holds the application's rows: compare the rows the backfill covers
        java.util.Map<dev.timescalemigrate.model.QualifiedName, BackfillScope.Rows> scope = java.util.Map.of();
        if (config.backfill().isPresent()) {
            BackfillScope backfill = BackfillScope.of(config.backfill().get(), selection, session.targetModel());
            if (!backfill.problems().isEmpty()) {
                throw new dev.timescalemigrate.exception.ConfigurationException(
                        dev.timescalemigrate.exception.ErrorCode.PREFLIGHT_FAILED, backfill.problems());
            }
            scope = backfill.tables();
        }
        java.util.Map<dev.timescalemigrate.model.QualifiedName, BackfillScope.Rows> rowsOf = scope;
        events.publish(new MigrationEvent.PhaseStarted(id, started, MigrationPhase.VERIFY, tables.size()));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, config.parallelism()),
                Thread.ofPlatform().name("timescale-migrate-verify-", 1).factory());
        try {
            // each side of each table in parts of its own (by physical position, so that each part reads only its
            // pages), as many at once as the parallelism allows, on both servers; counts and digest halves add up
            record Sides(Table table, List<Future<Verifier.Checksum>> source, List<Future<Verifier.Checksum>> target) {
            }
            int n = Math.max(1, config.parallelism());
            List<Sides> sides = new ArrayList<>();
            int fromCopies = 0;
            for (Table t : tables) {
                BackfillScope.Rows rows = rowsOf.get(t.name());
                dev.timescalemigrate.spi.CopyUnit.Range range = rows instanceof BackfillScope.Before b ? b.range() : null;
                java.util.Optional<Verifier.Checksum> copied = oneSnapshot.contains(t.name()) && rowsOf.isEmpty()
                        ? copiedDigest(session, t) : java.util.Optional.empty();
                List<Future<Verifier.Checksum>> source;
                if (copied.isPresent()) {
                    source = List.of(java.util.concurrent.CompletableFuture.completedFuture(copied.get()));
                    fromCopies++;
                } else {
                    source = read(pool, session, t, range, false, n);
                }
                sides.add(new Sides(t, source, read(pool, session, t, range, true, n)));
            }
            LOG.debug("Verification of {} tables, {} of them against the digests their copies took", tables.size(),
                    fromCopies);
            List<VerificationReport.TableVerification> results = new ArrayList<>();
            for (Sides s : sides) {
                Verifier.Checksum a = sum(done(s.source()));
                Verifier.Checksum b = sum(done(s.target()));
                BackfillScope.Rows rows = rowsOf.get(s.table().name());
                results.add(VerificationReport.TableVerification.builder(s.table().name())
                        .sourceSide(a.count(), a.checksum())
                        .targetSide(b.count(), b.checksum())
                        .compared(rows instanceof BackfillScope.Before ? rows.description() : VerificationReport.EVERY_ROW)
                        .build());
            }
            VerificationReport.LargeObjectVerification largeObjects = session.largeObjects()
                    .filter(l -> carriesLargeObjects(config)).map(MigrationRunner::verifyLargeObjects).orElse(null);
            VerificationReport report = new VerificationReport(results, Duration.between(started, Instant.now()),
                    largeObjects);
            report.mismatches().forEach(m -> LOG.warn("Verification: {}", m));
            if (largeObjects != null && !largeObjects.matches()) {
                LOG.warn("Verification: {}", largeObjects);
            }
            return report;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MigrationException m) {
                throw m;
            }
            throw new VerificationException("Verification failed: " + e.getCause(), null, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VerificationException("Verification interrupted", null, e);
        } finally {
            pool.shutdownNow();
        }
    }
}
