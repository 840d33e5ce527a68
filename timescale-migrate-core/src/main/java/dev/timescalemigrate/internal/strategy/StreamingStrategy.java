package dev.timescalemigrate.internal.strategy;

import dev.timescalemigrate.HypertableRule;
import dev.timescalemigrate.MigrationPlan;
import dev.timescalemigrate.event.MigrationPhase;
import dev.timescalemigrate.internal.Preflight;
import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.CompressionSettings;
import dev.timescalemigrate.model.Constraint;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Extension;
import dev.timescalemigrate.model.Hypertable;
import dev.timescalemigrate.model.ServerInfo;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.model.TimescaleModel;
import dev.timescalemigrate.spi.CopyUnit;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.spi.MigrationStrategy;
import dev.timescalemigrate.spi.StrategyContext;
import dev.timescalemigrate.adapter.TableStatistics;
import dev.timescalemigrate.internal.AdapterSession;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Streaming with compression: every time-series table becomes a hypertable on the target as it is copied, its
 * data copied in time order one chunk interval (a slice) per unit, several units in flight, and each chunk
 * compressed, on a worker of its own, as soon as every unit that writes into it has committed. The target then
 * needs room for the compressed data plus the chunks in flight, not for the uncompressed table.
 *
 * <p>What a {@link HypertableRule} does not state is inferred from the source's statistics ({@link Inference}) and
 * shown in the plan. Keys and indexes of compressed hypertables are created before their data (compressed chunks
 * would refuse or skip them later); the rest follows the per-table strategy. Resumable per slice: units commit
 * with their checkpoint, each compressed chunk is recorded as a step, and a rerun compresses every complete chunk
 * that is not compressed yet, so none is left uncompressed and none compressed twice.
 */
public final class StreamingStrategy implements MigrationStrategy {

    /** The name users choose it by. */
    public static final String NAME = "streaming";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Hypertables created on the fly, data copied in time slices, each chunk compressed as soon as it is "
                + "complete; bounded target storage; resumable per slice";
    }

    /** Reads only through the session's copy service, so an exported snapshot makes it a copy of one instant. */
    @Override
    public boolean pointInTime() {
        return true;
    }

    /** Continuous aggregates with their materialized rows, jobs and policies follow the hypertables. */
    @Override
    public boolean carriesTimescaleObjects() {
        return true;
    }

    /** The tables' layouts, the model the DDL is generated from, and the hypertables written compressed by COPY. */
    record Design(List<Inference.Layout> layouts, DatabaseModel model, Set<QualifiedName> direct,
                  Set<QualifiedName> deferred) {

        Map<QualifiedName, Inference.Layout> hypertables() {
            Map<QualifiedName, Inference.Layout> result = new LinkedHashMap<>();
            layouts.stream().filter(l -> l.hypertable() != null).forEach(l -> result.put(l.table().name(), l));
            return result;
        }

        /** Whether a statement is a key or index of a compressed hypertable, created before its data. */
        boolean beforeData(DdlStatement s) {
            return StreamingStrategy.beforeData(layouts, direct, deferred, s);
        }
    }

    /**
     * Whether a post-data statement runs before the data (and before the compression settings): the keys and indexes
     * of a hypertable whose chunks are compressed as they complete (compressed chunks would refuse or skip them
     * later). (Column options, storage and statistics targets of a compressed hypertable come before its
     * compression settings in the pre-data already.) Those written compressed by COPY ({@code direct}) get
     * their keys after the data: a unique index turns direct compression off, and TimescaleDB checks a unique key
     * added later against the compressed rows. Those compressed only after their post-data statements
     * ({@code deferred}) get them after the data as well.
     */
    static boolean beforeData(java.util.Collection<Inference.Layout> layouts, Set<QualifiedName> direct,
                              Set<QualifiedName> deferred, DdlStatement s) {
        if (s.phase() != DdlStatement.Phase.POST_DATA || s.table() == null
                || layouts.stream().noneMatch(l -> l.compressed() && l.table().name().equals(s.table()))) {
            return false;
        }
        return (s.kind() == DdlStatement.Kind.KEY || s.kind() == DdlStatement.Kind.INDEX)
                && !direct.contains(s.table()) && !deferred.contains(s.table());
    }

    /**
     * The compressed hypertables whose chunks are compressed only after their post-data statements, because
     * TimescaleDB cannot add those to compressed chunks: a NOT VALID check (2.19 refuses any constraint on
     * compressed chunks, 2.28 checks it against their rows, which a NOT VALID check's rows need not pass), and on
     * targets before {@link #DIRECT_COMPRESSION} a foreign key. Their rows land uncompressed first: the target
     * needs room for them until they are compressed.
     */
    static Set<QualifiedName> deferred(StrategyContext context, List<Inference.Layout> layouts) {
        boolean foreignKeysLater = !atLeastDirectCompression(context);
        return layouts.stream().filter(Inference.Layout::compressed)
                .filter(l -> l.table().constraints().stream().anyMatch(c -> c.type() == Constraint.Type.CHECK
                        && !c.validated() || foreignKeysLater && c.type() == Constraint.Type.FOREIGN_KEY))
                .map(l -> l.table().name()).collect(Collectors.toUnmodifiableSet());
    }

    /** The first TimescaleDB version whose direct compression on COPY this strategy uses. */
    static final ServerInfo.Version DIRECT_COMPRESSION = new ServerInfo.Version(2, 28, 0);

    /** Whether the target's TimescaleDB is {@link #DIRECT_COMPRESSION} or later (false without TimescaleDB). */
    private static boolean atLeastDirectCompression(StrategyContext context) {
        return context.targetServer().timescale().map(v -> v.compareTo(DIRECT_COMPRESSION) >= 0).orElse(false);
    }

    /**
     * The compressed hypertables written compressed by COPY ({@code timescaledb.enable_direct_compress_copy}):
     * on a licensed target of {@link #DIRECT_COMPRESSION} or later, those without exclusion constraints (which
     * cannot be added once chunks are compressed) or partial unique indexes, and not {@link #deferred}. Earlier
     * versions have no direct compression, or refuse a unique key on compressed chunks.
     */
    static Set<QualifiedName> direct(StrategyContext context, List<Inference.Layout> layouts) {
        boolean supported = compresses(context) && atLeastDirectCompression(context);
        if (!supported) {
            return Set.of();
        }
        Set<QualifiedName> deferred = deferred(context, layouts);
        return layouts.stream().filter(Inference.Layout::compressed)
                .filter(l -> !deferred.contains(l.table().name()))
                .filter(l -> l.table().constraints().stream()
                        .noneMatch(c -> c.type() == dev.timescalemigrate.model.Constraint.Type.EXCLUSION))
                // TimescaleDB checks a partial unique index added to compressed chunks against every row, its
                // predicate left out: it is created before the data, and the chunks compressed after their copy
                .filter(l -> l.table().indexes().stream().noneMatch(i -> i.unique() && i.predicate() != null))
                .map(l -> l.table().name()).collect(Collectors.toUnmodifiableSet());
    }

    /** Whether a statement enables compression on a hypertable (run after its keys: older versions want them first). */
    private static boolean compressionSettings(MigrationPlan.DdlStep d) {
        return d.statement().phase() == DdlStatement.Phase.PRE_DATA
                && d.statement().kind() == DdlStatement.Kind.COMPRESSION;
    }

    /**
     * The target session's settings for a unit written compressed by COPY: direct compression on, and TimescaleDB's
     * sort of the rows it compresses sized to the unit (twice its estimated rows, at least TimescaleDB's default of
     * 100,000), so that each segment's batches are full and ordered as compressing the chunk afterwards makes them.
     */
    static Map<String, String> directSettings(CopyUnit unit) {
        long rows = Math.min(Math.max(unit.estimatedRows() * 2, 100_000), 50_000_000);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("timescaledb.enable_direct_compress_copy", "on");
        settings.put("timescaledb.direct_compress_copy_tuple_sort_limit", Long.toString(rows));
        return settings;
    }

    /**
     * The target session's settings for a unit written compressed by COPY whose rows the source sends in
     * {@link #sourceOrder}: direct compression on, TimescaleDB told the rows come sorted
     * ({@code enable_direct_compress_copy_client_sorted}), so that it compresses them as they arrive and leaves the
     * chunk ordered, as compressing it afterwards does.
     */
    static Map<String, String> sortedDirectSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("timescaledb.enable_direct_compress_copy", "on");
        settings.put("timescaledb.enable_direct_compress_copy_client_sorted", "on");
        return settings;
    }

    /**
     * Types whose order is the same on every PostgreSQL server: built in, without a collation. Rows sorted by them on
     * the source are sorted for the target too.
     */
    private static final Set<String> ORDERED_TYPES = Set.of("smallint", "integer", "bigint", "real",
            "double precision", "boolean", "date", "time without time zone", "timestamp without time zone",
            "timestamp with time zone", "uuid");

    /** Text types, whose equal values sort next to each other under any deterministic collation. */
    private static final java.util.regex.Pattern TEXT_TYPES =
            java.util.regex.Pattern.compile("text|character varying(\\(\\d+\\))?|character(\\(\\d+\\))?");

    /**
     * The order in which the source sends a compressed hypertable's rows so that TimescaleDB can compress them as
     * they arrive, without a sort of its own, into the batches compressing each chunk afterwards makes: the segmentby
     * columns ascending, NULLs last, then the orderby columns as set (TimescaleDB's compression sorts so). Empty,
     * for TimescaleDB to sort the rows itself, unless
     * <ul>
     *   <li>every slice writes into chunks no other slice writes into (a fixed chunk interval, which the slices'
     *       boundaries follow; months and years vary in length), and the orderby starts with the time column, so
     *       batches of two slices could not overlap even in one chunk;</li>
     *   <li>the source's sort is the target's: orderby columns of {@link #ORDERED_TYPES}; segmentby columns of
     *       those or text types of the database's collation (equal values then sort together, all the segmentby
     *       needs).</li>
     * </ul>
     * An order TimescaleDB relied on that was not its own would make queries read compressed batches out of order.
     */
    static List<CompressionSettings.OrderBy> sourceOrder(Inference.Layout layout) {
        if (!layout.compressed()) {
            return List.of();
        }
        Hypertable h = layout.hypertable();
        CompressionSettings c = h.compression();
        if (!Inference.fixedWidth(h.primaryDimension()) || c.orderBy().isEmpty()
                || !c.orderBy().get(0).column().equals(h.primaryDimension().column())) {
            return List.of();
        }
        Table table = layout.table();
        List<CompressionSettings.OrderBy> order = new ArrayList<>();
        for (String column : c.segmentBy()) {
            Column col = table.column(column).orElse(null);
            if (col == null || !(ORDERED_TYPES.contains(col.type())
                    || TEXT_TYPES.matcher(col.type()).matches() && col.collation() == null)) {
                return List.of();
            }
            order.add(new CompressionSettings.OrderBy(column, false, false));
        }
        for (CompressionSettings.OrderBy o : c.orderBy()) {
            Column col = table.column(o.column()).orElse(null);
            if (col == null || !ORDERED_TYPES.contains(col.type())) {
                return List.of();
            }
            order.add(o);
        }
        return List.copyOf(order);
    }

    /** Whether this run compresses: a licensed target (the Apache edition refuses compression). */
    private static boolean compresses(StrategyContext context) {
        return !context.targetServer().isApacheEdition();
    }

    static Design design(StrategyContext context) {
        DatabaseModel selection = context.selection();
        boolean compress = compresses(context);
        Map<QualifiedName, HypertableRule> rules = context.config().hypertables().stream()
                .collect(Collectors.toMap(HypertableRule::table, r -> r, (a, b) -> a));
        List<Inference.Layout> layouts = new ArrayList<>();
        for (Table table : selection.tables()) {
            Hypertable stated = selection.timescale().hypertable(table.name()).orElse(null);
            HypertableRule rule = rules.get(table.name());
            TableStatistics stats = table.holdsRows() && table.partitionOf() == null
                    ? AdapterSession.of(context).statistics(table) : TableStatistics.unknown();
            // on a rerun, what the earlier run created (the target model is read when the session opens)
            Hypertable created = context.targetModel().timescale().hypertable(table.name()).orElse(null);
            layouts.add(Inference.layout(table, stats, rule, stated, created, context.config().unitBytes(),
                    compress, rowSecurity(selection, table.name())));
        }
        List<Hypertable> hypertables = layouts.stream().map(Inference.Layout::hypertable).filter(Objects::nonNull)
                .toList();
        List<Extension> extensions = new ArrayList<>(selection.extensions());
        if (!hypertables.isEmpty() && selection.extension("timescaledb").isEmpty()
                && context.targetServer().hasTimescale()) {
            extensions.add(new Extension("timescaledb", "public", context.targetServer().timescaleVersion()));
        }
        TimescaleModel ts = selection.timescale();
        DatabaseModel model = selection.toBuilder().extensions(extensions)
                .timescale(new TimescaleModel(hypertables, ts.continuousAggregates(), ts.jobs())).build();
        return new Design(layouts, model, direct(context, layouts), deferred(context, layouts));
    }

    /**
     * Whether the table has row level security enabled or forced (the adapter's ENABLE or FORCE ROW LEVEL SECURITY
     * statement): TimescaleDB counts either against compression.
     */
    private static boolean rowSecurity(DatabaseModel model, QualifiedName table) {
        return model.objects().stream().filter(o -> table.equals(o.table()))
                .anyMatch(o -> o.statements().stream().anyMatch(sql -> sql.endsWith(" ENABLE ROW LEVEL SECURITY")
                        || sql.endsWith(" FORCE ROW LEVEL SECURITY")));
    }

    /** What stops the streaming strategy from carrying out a design, each with its fix. */
    private static List<String> problems(StrategyContext context, Design design) {
        List<String> problems = new ArrayList<>();
        design.layouts().forEach(l -> problems.addAll(l.problems()));
        Set<QualifiedName> hypertables = design.hypertables().keySet();
        if (hypertables.isEmpty()) {
            return problems;
        }
        String names = hypertables.stream().map(QualifiedName::toString).collect(Collectors.joining(", "));
        if (!context.targetServer().hasTimescale()) {
            problems.add(Preflight.timescaleMissing(AdapterSession.of(context),
                    "The hypertables the streaming strategy creates (" + names + ")"));
        } else if (context.targetServer().isApacheEdition() && !context.config().skipLicensedFeatures()) {
            problems.add("The target runs TimescaleDB's Apache edition (timescaledb.license = apache, version "
                    + context.targetServer().timescaleVersion() + "), which cannot compress, and the "
                    + "streaming strategy compresses every chunk of " + names + " while it copies. Migrate into a "
                    + "Timescale-licensed server (Timescale Cloud, or TimescaleDB's community packages with "
                    + "timescaledb.license = 'timescale'), or continue without compression with "
                    + "skipLicensedFeatures(true) (--skip-licensed-features on the command line): the hypertables "
                    + "are then created and filled, uncompressed.");
        }
        return problems;
    }

    /**
     * The plan, made of the design (the layouts inferred from the source's statistics): a design that cannot be
     * carried out stops here, before anything is written, with every problem.
     */
    @Override
    public MigrationPlan plan(StrategyContext context) {
        Design design = design(context);
        List<String> problems = problems(context, design);
        if (!problems.isEmpty()) {
            throw new dev.timescalemigrate.exception.ConfigurationException(
                    dev.timescalemigrate.exception.ErrorCode.PREFLIGHT_FAILED, problems);
        }
        List<MigrationPlan.DdlStep> ddl = MigrationPlan.DdlStep.of(context.ddlFor(design.model()));
        // keys and indexes of compressed hypertables after the hypertable, before its compression settings
        List<MigrationPlan.Step> steps = new ArrayList<>(ddl.stream()
                .filter(d -> d.statement().phase() == DdlStatement.Phase.PRE_DATA && !compressionSettings(d))
                .toList());
        steps.addAll(ddl.stream().filter(d -> design.beforeData(d.statement())).toList());
        steps.addAll(ddl.stream().filter(StreamingStrategy::compressionSettings).toList());
        List<String> notes = new ArrayList<>();
        if (!compresses(context) && !design.hypertables().isEmpty()) {
            notes.add("the target runs TimescaleDB's Apache edition: hypertables are created but not compressed "
                    + "(skipLicensedFeatures)");
            steps.add(0, new PlanSteps.Warn("The target runs TimescaleDB's Apache edition: the hypertables of the "
                    + "streaming strategy (" + design.hypertables().keySet().stream().map(QualifiedName::toString)
                    .collect(Collectors.joining(", ")) + ") are created but not compressed (skipLicensedFeatures)."));
        }
        Map<QualifiedName, Inference.Layout> hypertables = design.hypertables();
        // what the data phase needs of each hypertable, before its copies
        hypertables.values().forEach(l -> steps.add(new PlanSteps.StreamHypertable(l,
                design.direct().contains(l.table().name()), design.deferred().contains(l.table().name()))));
        List<MigrationPlan.CopyStep> sliced = new ArrayList<>();
        List<MigrationPlan.CopyStep> plain = new ArrayList<>();
        for (Inference.Layout layout : design.layouts()) {
            Table table = layout.table();
            if (layout.note() != null) {
                notes.add(layout.note());
            }
            if (!table.holdsRows()) {
                continue;
            }
            Inference.Layout h = hypertables.get(table.name());
            List<CopyUnit> units = h == null
                    ? context.units(table, () -> context.split(table, null))
                    : context.units(table, () -> AdapterSession.of(context).copy().slices(table,
                    h.hypertable().primaryDimension().column(), h.sliceWidth()));
            if (h != null && h.compressed() && !design.deferred().contains(table.name())) {
                String time = h.hypertable().primaryDimension().column();
                units.stream().map(CopyUnit::range).filter(r -> r != null && !r.column().equals(time)).findFirst()
                        .ifPresent(r -> {
                            // units an earlier run saved when it planned the table otherwise (a plain table, another
                            // time column): not time slices, so chunks would not complete one by one for compression,
                            // and rows sent sorted by two units into one chunk would make its batches overlap
                            throw new dev.timescalemigrate.exception.ConfigurationException(
                                    dev.timescalemigrate.exception.ErrorCode.PREFLIGHT_FAILED, List.of("An earlier "
                                    + "run of migration " + context.migrationId() + " split " + table.name()
                                    + " into units by " + r.column() + "; this run makes it a hypertable on " + time
                                    + " (its source or the hypertable rule changed since, or the earlier run was of "
                                    + "another strategy under this migration id), whose copy needs time "
                                    + "slices of " + time + ". Rerun as the earlier run was configured, or start "
                                    + "over: a new migration id into an empty target database."));
                        });
            }
            (h == null ? plain : sliced).addAll(units.stream().map(u -> new MigrationPlan.CopyStep(u, table.name()))
                    .toList());
            if (h != null) {
                notes.add(table.name() + " is copied in " + units.size() + " time slices, oldest first");
            }
            if (design.deferred().contains(table.name())) {
                notes.add(table.name() + " is compressed after its constraints are added: TimescaleDB cannot add "
                        + "its NOT VALID checks" + (atLeastDirectCompression(context) ? "" : " or foreign keys")
                        + " to compressed chunks; the target needs room for its rows uncompressed until then");
            }
            if (design.direct().contains(table.name())) {
                List<CompressionSettings.OrderBy> order = sourceOrder(h);
                notes.add(table.name() + " is written compressed as it is copied (TimescaleDB's direct compression "
                        + "on COPY, " + DIRECT_COMPRESSION + " and later); its keys and indexes are added after the "
                        + "copy, TimescaleDB checking unique ones against the compressed rows; " + (order.isEmpty()
                        ? "TimescaleDB sorts the rows of each slice and marks its chunks unordered (the orderby does "
                        + "not start with the time column, a column's order may differ between the servers, or the "
                        + "chunk interval varies)"
                        : "the source sends each slice's rows sorted as compression wants them (ORDER BY "
                        + order.stream().map(o -> o.column() + (o.descending() ? " DESC" : ""))
                        .collect(Collectors.joining(", ")) + "), so its chunks stay ordered"));
            }
        }
        // hypertables first, table by table, each in time order, so chunks complete (and compress) one by one
        sliced.sort(Comparator.comparing((MigrationPlan.CopyStep c) -> c.unit().table())); // stable: time order kept
        steps.addAll(sliced);
        steps.addAll(plain);
        steps.addAll(LargeObjectSteps.plan(context, false, notes));
        List<MigrationPlan.DdlStep> post = ddl.stream()
                .filter(d -> d.statement().phase() == DdlStatement.Phase.POST_DATA && !design.beforeData(d.statement()))
                .toList();
        int tail = TimescaleTail.start(post);
        steps.addAll(post.subList(0, tail));
        // the aggregates with their rows, their compressed chunks, views over them and jobs (the hypertables'
        // chunks are compressed while they are copied)
        steps.addAll(TimescaleTail.steps(context, post.subList(tail, post.size()), false));
        steps.addAll(Steps.analyzeSteps(context));
        notes.add(Steps.NO_OWNERS);
        return new MigrationPlan(NAME, steps, notes);
    }

    /**
     * Runs the plan in its order. Everything it needs is in the plan's steps (the hypertables' layouts in its
     * {@link PlanSteps.StreamHypertable} steps), so the strategy keeps no state between planning and running.
     */
    @Override
    public void execute(MigrationPlan plan, StrategyContext context) {
        String id = context.migrationId();
        Map<QualifiedName, Inference.Layout> hypertables = new LinkedHashMap<>();
        Set<QualifiedName> direct = new java.util.HashSet<>();
        Set<QualifiedName> deferred = new java.util.HashSet<>();
        plan.steps(PlanSteps.StreamHypertable.class).forEach(h -> {
            hypertables.put(h.layout().table().name(), h.layout());
            if (h.direct()) {
                direct.add(h.layout().table().name());
            }
            if (h.deferred()) {
                deferred.add(h.layout().table().name());
            }
        });
        Predicate<MigrationPlan.DdlStep> early = d -> beforeData(hypertables.values(), direct, deferred,
                d.statement());
        List<MigrationPlan.DdlStep> pre = Steps.inPhase(plan.ddlSteps(), DdlStatement.Phase.PRE_DATA);
        List<MigrationPlan.DdlStep> keys = plan.ddlSteps().stream().filter(early).toList();
        TimescaleTail.Split split = TimescaleTail.split(plan);
        List<MigrationPlan.DdlStep> post = split.post().stream().filter(early.negate()).toList();
        Steps.warn(plan, context);

        context.phase(MigrationPhase.SCHEMA, pre.size() + keys.size());
        pre.stream().filter(d -> !compressionSettings(d)).forEach(d -> context.ddl(d.statement(), d.key()));
        PostData.run(context, keys);
        pre.stream().filter(StreamingStrategy::compressionSettings).forEach(d -> context.ddl(d.statement(), d.key()));

        List<Runnable> largeObjects = LargeObjectSteps.tasks(plan, context);
        context.phase(MigrationPhase.DATA, plan.copySteps().size() + largeObjects.size());
        Map<QualifiedName, Table> tables = Steps.tables(context);
        Map<QualifiedName, List<CopyUnit>> units = new LinkedHashMap<>();
        plan.copySteps().forEach(c -> units.computeIfAbsent(c.unit().table(), t -> new ArrayList<>()).add(c.unit()));
        // complete chunks allowed to wait for compression before copies wait for them
        int backlogLimit = Math.max(1, context.config().parallelism() / 2);
        try (ChunkCompressor compressor = new ChunkCompressor(context, hypertables, units, direct, deferred)) {
            List<Runnable> tasks = new ArrayList<>(plan.copySteps().stream()
                    .map(c -> (Runnable) () -> {
                        compressor.awaitCapacity(c.unit().table(), backlogLimit);
                        Table table = tables.get(c.unit().table());
                        if (direct.contains(c.unit().table())) {
                            List<CompressionSettings.OrderBy> order = sourceOrder(hypertables.get(table.name()));
                            Map<String, String> settings = order.isEmpty() ? directSettings(c.unit())
                                    : sortedDirectSettings();
                            ((AdapterSession) context).copy(c.unit(), () -> AdapterSession.of(context).copy()
                                    .copy(table, c.unit(), c.target(), settings, order));
                        } else {
                            context.copy(table, c.unit(), c.target());
                        }
                        compressor.unitDone(c.unit());
                    })
                    .toList());
            tasks.addAll(largeObjects);
            context.runParallel(tasks);
            compressor.finish();

            context.phase(MigrationPhase.POST_DATA, post.size());
            PostData.run(context, post);
            compressor.finishDeferred();
        }
        if (!split.tail().isEmpty()) {
            context.phase(MigrationPhase.TIMESCALEDB, split.tail().size());
            TimescaleTail.execute(context, split.tail());
        }
        Steps.analyze(plan, context);
    }
}
