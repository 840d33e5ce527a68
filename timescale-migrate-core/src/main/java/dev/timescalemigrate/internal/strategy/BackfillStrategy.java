package dev.timescalemigrate.internal.strategy;

import dev.timescalemigrate.Backfill;
import dev.timescalemigrate.MigrationPlan;
import dev.timescalemigrate.event.MigrationPhase;
import dev.timescalemigrate.internal.AdapterSession;
import dev.timescalemigrate.internal.BackfillScope;
import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.Constraint;
import dev.timescalemigrate.model.ContinuousAggregate;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Dimension;
import dev.timescalemigrate.model.Hypertable;
import dev.timescalemigrate.model.Job;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Sequence;
import dev.timescalemigrate.model.SqlIdentifiers;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.model.Trigger;
import dev.timescalemigrate.spi.CopyUnit;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.spi.MigrationStrategy;
import dev.timescalemigrate.spi.StrategyContext;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The backfill of Timescale's method for a database that keeps ingesting: the schema exists on the target (a
 * schema-only run made it) and the application writes new rows to both databases; this copies the history. The
 * runner uses it for every run with {@link dev.timescalemigrate.MigrationConfig#backfill()}, whatever the configured
 * strategy (whose selection of tables and TimescaleDB objects it follows).
 *
 * <p>Each table's rows are those of its {@link BackfillScope}: rows before the bound of time-partitioned tables,
 * rows whose key the target lacks otherwise, copied in units checkpointed with their rows, in waves so that a table
 * referenced by foreign keys is filled before the tables that reference it. Then each continuous aggregate takes the
 * source's materialized rows before the bound (buckets whose raw rows the source dropped included) and refreshes the
 * rest itself; chunks compressed on the source are compressed on the target; every sequence ends at the larger of
 * the two positions; the jobs the schema-only run paused take the source's state.
 */
public final class BackfillStrategy implements MigrationStrategy {

    /** The name runs with a backfill report. */
    public static final String NAME = "backfill";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "The source's history into a target whose schema exists and which the application already writes: rows "
                + "before a cutoff, rows whose key the target lacks, aggregate history; resumable";
    }

    @Override
    public boolean carriesTimescaleObjects() {
        return true;
    }

    private static Backfill backfill(StrategyContext context) {
        return context.config().backfill().orElseThrow(() -> new IllegalStateException("not a backfill"));
    }

    private static BackfillScope scope(StrategyContext context) {
        return BackfillScope.of(backfill(context), context.selection(), context.targetModel());
    }

    /**
     * Every difference between the selected source tables and the target's, the tables and aggregates the target
     * lacks, and the tables whose rows cannot be told apart from the application's.
     */
    @Override
    public List<String> check(StrategyContext context) {
        BackfillScope scope = scope(context);
        List<String> problems = new ArrayList<>(scope.problems());
        DatabaseModel selection = context.selection();
        DatabaseModel target = context.targetModel();
        DatabaseModel source = AdapterSession.of(context).sourceModel();
        List<String> missing = new ArrayList<>();
        for (Table table : selection.tables()) {
            Optional<Table> existing = target.table(table.name());
            if (existing.isEmpty()) {
                missing.add(table.name().toString());
                continue;
            }
            problems.addAll(differences(table, existing.get()));
            Optional<Hypertable> wanted = selection.timescale().hypertable(table.name());
            Optional<Hypertable> present = target.timescale().hypertable(table.name());
            if (wanted.isPresent() && present.isEmpty()) {
                problems.add(table.name() + " is a hypertable " + (source.timescale().hypertable(table.name())
                        .isPresent() ? "on the source" : "by a rule") + " but a plain table on the target.");
            } else if (wanted.isPresent()) {
                problems.addAll(dimensionDifferences(table.name(), wanted.get(), present.get(),
                        source.timescale().hypertable(table.name()).isPresent()));
            }
        }
        if (!missing.isEmpty()) {
            problems.add("The target lacks " + missing.size() + " of the tables to backfill (" + String.join(", ",
                    missing.subList(0, Math.min(10, missing.size()))) + (missing.size() > 10 ? ", ..." : "")
                    + "). Create the schema first with a schema-only run of the same migration (schemaOnly(), "
                    + "--schema-only), let the application write to both databases, then backfill.");
        }
        List<QualifiedName> aggregates = target.timescale().continuousAggregates().stream()
                .map(ContinuousAggregate::view).toList();
        selection.timescale().continuousAggregates().stream().filter(c -> !aggregates.contains(c.view()))
                .forEach(c -> problems.add("The target has no continuous aggregate " + c.view() + ": create the schema "
                        + "with a schema-only run of the same migration first."));
        // the tables that already hold rows the backfill could not tell from its own (told after the sequences)
        List<String> holdingRows = new ArrayList<>();
        for (BackfillScope.Rows rows : scope.tables().values()) {
            Optional<Table> existing = target.table(rows.table());
            if (existing.isEmpty()) {
                continue;
            }
            if (rows instanceof BackfillScope.MissingKeys k) {
                if (!hasKey(existing.get(), k.key())) {
                    problems.add(k.table() + " is backfilled by its key (" + String.join(", ", k.key()) + "), which "
                            + "the target's table does not have as a primary key or unique constraint: add it on the "
                            + "target.");
                }
                continue;
            }
            if (AdapterSession.of(context).checkpoints().units(rows.table()).isPresent()) {
                continue; // this backfill began on it: its rows there are this backfill's
            }
            boolean holds = rows instanceof BackfillScope.Before b
                    ? AdapterSession.of(context).targetHasRows(b.table(), b.range())
                    : AdapterSession.of(context).targetHasRows(rows.table());
            if (!holds) {
                continue;
            }
            if (rows instanceof BackfillScope.Before b) {
                // the history copied before (by a backfill of another migration id), or the application's rows
                problems.add(b.table() + " already holds rows with " + b.description().substring("rows with ".length())
                        + " on the target: its history is copied already (by a backfill under another migration id: "
                        + "rerun that one, with its settings or --migration-id), or the application wrote rows "
                        + "before the cutoff. Delete them on the target, or give the table a bound before them.");
            } else if (rows instanceof BackfillScope.Every every) {
                holdingRows.add(every.table() + " has neither a time column nor a primary or unique key, and already "
                        + "holds rows on the target: a backfill cannot tell the application's rows from the source's. "
                        + "Name its time column (backfillTimeColumn, --backfill-time-column="
                        + BackfillScope.plain(every.table()) + ":COLUMN), give it a key on both sides, empty it on the "
                        + "target, or exclude it.");
            }
        }
        Set<QualifiedName> sequences = new HashSet<>();
        target.sequences().forEach(q -> sequences.add(q.name()));
        List<String> missingSequences = selection.sequences().stream().map(Sequence::name)
                .filter(q -> !sequences.contains(q)).map(QualifiedName::toString).toList();
        if (!missingSequences.isEmpty()) {
            problems.add("The target lacks the sequences " + String.join(", ", missingSequences) + ": create the "
                    + "schema with a schema-only run of the same migration first.");
        }
        problems.addAll(holdingRows);
        return problems;
    }

    /** Whether a table has a primary key or unique constraint on exactly these columns (ON CONFLICT finds it). */
    static boolean hasKey(Table table, List<String> columns) {
        Set<String> wanted = Set.copyOf(columns);
        return table.constraints().stream()
                .filter(c -> c.type() == Constraint.Type.PRIMARY_KEY || c.type() == Constraint.Type.UNIQUE)
                .anyMatch(c -> Set.copyOf(c.columns()).equals(wanted));
    }

    /** The columns (name and type) and the primary key of a source table and the target's. */
    static List<String> differences(Table source, Table target) {
        List<String> problems = new ArrayList<>();
        Map<String, String> theirs = new LinkedHashMap<>();
        target.columns().forEach(c -> theirs.put(c.name(), c.type()));
        List<String> details = new ArrayList<>();
        for (Column c : source.columns()) {
            String type = theirs.remove(c.name());
            if (type == null) {
                details.add("column \"" + c.name() + "\" " + c.type() + " is missing");
            } else if (!type.equals(c.type())) {
                details.add("column \"" + c.name() + "\" is " + type + ", not " + c.type());
            }
        }
        theirs.forEach((name, type) -> details.add("column \"" + name + "\" " + type + " is not on the source"));
        List<String> sourceKey = source.primaryKey().map(Constraint::columns).orElse(List.of());
        List<String> targetKey = target.primaryKey().map(Constraint::columns).orElse(List.of());
        if (!sourceKey.equals(targetKey)) {
            details.add("the primary key is " + (targetKey.isEmpty() ? "missing" : "(" + String.join(", ", targetKey)
                    + ")") + ", on the source " + (sourceKey.isEmpty() ? "there is none" : "(" + String.join(", ",
                    sourceKey) + ")"));
        }
        if (!details.isEmpty()) {
            problems.add("Table " + source.name() + " on the target differs from the source's: "
                    + String.join("; ", details) + ". Make it the same (or recreate it with a schema-only run).");
        }
        return problems;
    }

    /** The dimensions of the hypertable the source (or a rule) wants and the target has. */
    static List<String> dimensionDifferences(QualifiedName table, Hypertable wanted, Hypertable present,
                                             boolean intervals) {
        List<String> details = new ArrayList<>();
        int n = Math.max(wanted.dimensions().size(), present.dimensions().size());
        for (int i = 0; i < n; i++) {
            Dimension a = i < wanted.dimensions().size() ? wanted.dimensions().get(i) : null;
            Dimension b = i < present.dimensions().size() ? present.dimensions().get(i) : null;
            if (a == null || b == null) {
                details.add("dimension " + (i + 1) + " is " + (a == null ? "on the target only (" + b.column() + ")"
                        : "missing on the target (" + a.column() + ")"));
            } else if (!a.column().equals(b.column())) {
                details.add("dimension " + (i + 1) + " partitions by \"" + b.column() + "\", not \"" + a.column() + "\"");
            } else if (!Objects.equals(a.numPartitions(), b.numPartitions())) {
                details.add("dimension " + (i + 1) + " has " + b.numPartitions() + " partitions, not "
                        + a.numPartitions());
            } else if (intervals && (!Objects.equals(a.timeInterval(), b.timeInterval())
                    || !Objects.equals(a.integerInterval(), b.integerInterval()))) {
                details.add("dimension " + (i + 1) + " (\"" + a.column() + "\") has chunks of "
                        + (b.integerInterval() != null ? b.integerInterval() : b.timeInterval()) + ", not "
                        + (a.integerInterval() != null ? a.integerInterval() : a.timeInterval()));
            }
        }
        return details.isEmpty() ? List.of() : List.of("Hypertable " + table + " on the target differs from the "
                + "source's: " + String.join("; ", details) + ".");
    }

    @Override
    public MigrationPlan plan(StrategyContext context) {
        Backfill backfill = backfill(context);
        BackfillScope scope = scope(context);
        DatabaseModel selection = context.selection();
        List<MigrationPlan.Step> steps = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        notes.add("backfill up to " + backfill.cutoff() + " into the existing tables of the target; rows the "
                + "application wrote are not touched");
        List<String> triggers = new ArrayList<>();
        for (Table table : selection.tables()) {
            context.targetModel().table(table.name()).ifPresent(t -> t.triggers().stream()
                    .filter(tr -> tr.enabled() != Trigger.Enabled.DISABLED && scope.tables().containsKey(t.name()))
                    .forEach(tr -> triggers.add(tr.name() + " on " + t.name())));
        }
        if (!triggers.isEmpty()) {
            steps.add(new PlanSteps.Warn("The target's triggers " + String.join(", ", triggers) + " fire for every "
                    + "backfilled row, as they do for the application's. Disable them for the backfill (ALTER TABLE "
                    + "... DISABLE TRIGGER ...) if they must not."));
        }
        Map<QualifiedName, Integer> levels = levels(selection);
        List<MigrationPlan.CopyStep> copies = new ArrayList<>();
        Map<QualifiedName, Long> sizes = new HashMap<>();
        for (Table table : selection.tables()) {
            BackfillScope.Rows rows = scope.tables().get(table.name());
            if (rows == null) {
                continue;
            }
            String column = rows instanceof BackfillScope.Before b ? b.column() : null;
            List<CopyUnit> units = context.units(table, () -> context.split(table, column));
            steps.add(new PlanSteps.BackfillRows(rows, levels.getOrDefault(table.name(), 0)));
            units.forEach(u -> copies.add(new MigrationPlan.CopyStep(u, table.name())));
            units.forEach(u -> sizes.merge(table.name(), u.estimatedBytes(), Long::sum));
            notes.add(table.name() + ": " + rows.description() + (units.size() > 1 ? ", in " + units.size()
                    + " units" : "") + (rows instanceof BackfillScope.Before ? " (estimates count the whole units)"
                    : ""));
        }
        copies.sort(Comparator.comparing((MigrationPlan.CopyStep c) -> levels.getOrDefault(c.unit().table(), 0))
                .thenComparing(c -> -sizes.get(c.unit().table())).thenComparing(c -> c.unit().table())
                .thenComparing(c -> c.unit().key()));
        steps.addAll(copies);
        // large objects belong to no table and no time: a backfill cannot tell the source's history from what the
        // application writes into both (nor keep an object the application made under a source OID)
        AdapterSession.of(context).largeObjects().map(l -> l.summary()).filter(l -> l.objects() > 0)
                .ifPresent(l -> steps.add(new PlanSteps.Warn("The source's " + l.objects() + " large objects are not "
                        + "carried by a backfill: they have no time to tell the history from the application's objects "
                        + "by. Migrate them with a full migration, or keep them in the source.")));
        // the foreign keys a schema-only run left out, once the rows they reference are in
        List<MigrationPlan.DdlStep> keys = foreignKeys(context);
        steps.addAll(keys);
        if (!keys.isEmpty()) {
            notes.add(keys.size() + " foreign key statements are run after the rows are in (a schema-only run "
                    + "leaves them out)");
        }
        for (ContinuousAggregate cagg : inOrder(selection.timescale().continuousAggregates())) {
            QualifiedName root = TimescaleTail.root(context, cagg);
            if (scope.tables().get(root) instanceof BackfillScope.Before b) {
                steps.add(new PlanSteps.BackfillAggregate(cagg, b.bound()));
            } else {
                steps.add(new PlanSteps.Warn("Continuous aggregate " + cagg.view() + " is over " + root + ", whose "
                        + "rows are not bounded by time here: its materialized rows are not copied; the target "
                        + "refreshes it from its own rows."));
            }
        }
        selection.timescale().hypertables().stream().filter(h -> h.compression() != null)
                .filter(h -> AdapterSession.of(context).sourceModel().timescale().hypertable(h.table()).isPresent())
                .forEach(h -> steps.add(new PlanSteps.CompressLikeSource(h.table(), null)));
        selection.timescale().continuousAggregates().stream().filter(c -> c.compression() != null)
                .forEach(c -> steps.add(new PlanSteps.CompressLikeSource(c.materializationHypertable(), c.view())));
        if (StreamingStrategy.NAME.equals(context.config().strategy().name())) {
            // the streaming strategy's hypertables: every chunk compressed, those of the history as well
            for (BackfillScope.Rows rows : scope.tables().values()) {
                boolean compressedByTarget = context.targetModel().timescale().hypertable(rows.table())
                        .filter(h -> h.compression() != null).isPresent();
                boolean followsSource = AdapterSession.of(context).sourceModel().timescale().hypertable(rows.table())
                        .filter(h -> h.compression() != null).isPresent();
                if (rows instanceof BackfillScope.Before b && compressedByTarget && !followsSource) {
                    steps.add(new PlanSteps.CompressBefore(b));
                }
            }
            context.config().hypertables().stream().filter(r -> r.compressAfter() != null)
                    .filter(r -> context.targetModel().timescale().hypertable(r.table())
                            .filter(h -> h.compression() != null).isPresent())
                    .forEach(r -> steps.add(new PlanSteps.AddCompressionPolicy(r.table(), r.compressAfter())));
        }
        for (Sequence sequence : selection.sequences()) {
            if (sequence.position() != null) {
                steps.add(new PlanSteps.RaiseSequence(sequence.name(), sequence.position()));
            }
        }
        steps.addAll(jobs(context));
        steps.addAll(Steps.analyzeSteps(context));
        notes.add(Steps.NO_OWNERS.replace("by this strategy", "by a backfill (the schema-only run made them)"));
        return new MigrationPlan(NAME, steps, notes);
    }

    /** The statements of the selection's foreign keys that the target's tables do not have. */
    private static List<MigrationPlan.DdlStep> foreignKeys(StrategyContext context) {
        Set<String> present = new HashSet<>();
        context.targetModel().tables().forEach(t -> t.constraints().stream()
                .filter(c -> c.type() == Constraint.Type.FOREIGN_KEY)
                .forEach(c -> present.add("constraint " + SqlIdentifiers.quote(c.name())
                        + " on " + t.name().quoted())));
        List<DdlStatement> all = context.ddlFor(context.selection());
        Set<String> keys = foreignKeyObjects(all);
        // the keys and what belongs to them (their comments), by the object they create
        List<DdlStatement> statements = all.stream()
                .filter(st -> keys.contains(st.object()) && !present.contains(st.object())).toList();
        return MigrationPlan.DdlStep.of(statements);
    }

    /** The objects (as the DDL names them) that foreign key statements create. */
    public static Set<String> foreignKeyObjects(List<DdlStatement> statements) {
        Set<String> objects = new HashSet<>();
        statements.stream().filter(st -> st.kind() == DdlStatement.Kind.FOREIGN_KEY)
                .forEach(st -> objects.add(st.object()));
        return objects;
    }

    /** Aggregates on aggregates after the ones they are built on. */
    private static List<ContinuousAggregate> inOrder(List<ContinuousAggregate> caggs) {
        List<ContinuousAggregate> left = new ArrayList<>(caggs);
        List<ContinuousAggregate> ordered = new ArrayList<>();
        while (!left.isEmpty()) {
            int before = ordered.size();
            for (ContinuousAggregate c : List.copyOf(left)) {
                if (left.stream().noneMatch(o -> o.view().equals(c.hypertable()))) {
                    ordered.add(c);
                    left.remove(c);
                }
            }
            if (ordered.size() == before) {
                ordered.addAll(left);
                break;
            }
        }
        return ordered;
    }

    /**
     * The wave of each table: 0 when it references no other selected table by a foreign key, else one more than the
     * highest wave of those it references (a cycle puts its tables in one wave).
     */
    static Map<QualifiedName, Integer> levels(DatabaseModel selection) {
        Map<QualifiedName, List<QualifiedName>> references = new HashMap<>();
        for (Table t : selection.tables()) {
            references.put(t.name(), t.constraints().stream()
                    .filter(c -> c.type() == Constraint.Type.FOREIGN_KEY && c.referencedTable() != null)
                    .map(Constraint::referencedTable).filter(r -> !r.equals(t.name()))
                    .filter(r -> selection.table(r).isPresent()).distinct().toList());
        }
        Map<QualifiedName, Integer> levels = new HashMap<>();
        references.keySet().forEach(t -> levels.put(t, 0));
        // longest path, bounded by the number of tables (a cycle stops growing there)
        for (int round = 0; round < references.size(); round++) {
            boolean changed = false;
            for (Map.Entry<QualifiedName, List<QualifiedName>> e : references.entrySet()) {
                int level = e.getValue().stream().mapToInt(r -> levels.get(r) + 1).max().orElse(0);
                if (level > levels.get(e.getKey()) && level <= references.size()) {
                    levels.put(e.getKey(), level);
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        return levels;
    }

    /** A step per source job that has a counterpart on the target; a warning for those that have none. */
    private static List<MigrationPlan.Step> jobs(StrategyContext context) {
        List<MigrationPlan.Step> steps = new ArrayList<>();
        List<Job> targetJobs = new ArrayList<>(context.targetModel().timescale().jobs());
        for (Job job : context.selection().timescale().jobs()) {
            String relation = relation(job, context.selection());
            List<Job> candidates = targetJobs.stream().filter(t -> sameProcedure(t.procedure(), job.procedure())
                    && Objects.equals(relation(t, context.targetModel()), relation)).toList();
            Optional<Job> match = candidates.stream()
                    .filter(t -> normalized(t.config()).equals(normalized(job.config()))).findFirst()
                    .or(() -> candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty());
            if (match.isPresent()) {
                targetJobs.remove(match.get());
                steps.add(new PlanSteps.ScheduleJob(job, match.get().id()));
            } else {
                steps.add(new PlanSteps.Warn("Job " + job.id() + " (" + job.procedure() + (relation == null ? ""
                        : " on " + relation) + ") of the source has no counterpart on the target: its state is "
                        + "not set. Create it, or set it with alter_job."));
            }
        }
        return steps;
    }

    /**
     * Whether two jobs run the same procedure: the same name in the same schema, or TimescaleDB's own policies in
     * either of its internal schemas (2.12 moved them from {@code _timescaledb_internal} to
     * {@code _timescaledb_functions}).
     */
    static boolean sameProcedure(QualifiedName a, QualifiedName b) {
        return a.name().equals(b.name()) && (a.schema().equals(b.schema())
                || a.schema().startsWith("_timescaledb_") && b.schema().startsWith("_timescaledb_"));
    }

    /** What a job works on, by a name both sides share: an aggregate's view for its materialization hypertable. */
    private static String relation(Job job, DatabaseModel model) {
        if (job.hypertable() == null) {
            return null;
        }
        return model.timescale().continuousAggregates().stream()
                .filter(c -> c.materializationHypertable().equals(job.hypertable())).map(c -> c.view().toString())
                .findFirst().orElse(job.hypertable().toString());
    }

    /** A job's configuration without the ids of its server's hypertables. */
    static String normalized(String config) {
        return config == null ? "" : config.replaceAll("\"(mat_)?hypertable_id\": *-?\\d+(, *)?", "")
                .replaceAll(", *}", "}");
    }

    @Override
    public void execute(MigrationPlan plan, StrategyContext context) {
        Steps.warn(plan, context);
        Map<QualifiedName, PlanSteps.BackfillRows> rows = new HashMap<>();
        plan.steps(PlanSteps.BackfillRows.class).forEach(r -> rows.put(r.rows().table(), r));
        Map<QualifiedName, Table> tables = Steps.tables(context);
        TreeMap<Integer, List<Runnable>> waves = new TreeMap<>();
        for (MigrationPlan.CopyStep c : plan.copySteps()) {
            PlanSteps.BackfillRows r = rows.get(c.unit().table());
            Table table = tables.get(c.unit().table());
            waves.computeIfAbsent(r.level(), l -> new ArrayList<>()).add(() -> copy(context, table, c, r.rows()));
        }
        context.phase(MigrationPhase.DATA, plan.copySteps().size());
        waves.values().forEach(context::runParallel);
        List<MigrationPlan.DdlStep> keys = plan.ddlSteps();
        if (!keys.isEmpty()) {
            context.phase(MigrationPhase.POST_DATA, keys.size() + plan.steps(PlanSteps.RaiseSequence.class).size()
                    + plan.steps(PlanSteps.ScheduleJob.class).size());
            keys.forEach(d -> context.ddl(d.statement(), d.key()));
        }

        List<MigrationPlan.Step> timescale = plan.steps().stream().filter(s -> s instanceof PlanSteps.BackfillAggregate
                || s instanceof PlanSteps.CompressLikeSource || s instanceof PlanSteps.CompressBefore
                || s instanceof PlanSteps.AddCompressionPolicy).toList();
        if (!timescale.isEmpty()) {
            context.phase(MigrationPhase.TIMESCALEDB, timescale.size());
        }
        for (MigrationPlan.Step step : timescale) {
            switch (step) {
                case PlanSteps.BackfillAggregate a -> TimescaleTail.materialize(context, a.aggregate(), a.before());
                case PlanSteps.CompressLikeSource c -> TimescaleTail.compressLikeSource(context, c);
                case PlanSteps.CompressBefore c -> compressBefore(context, c.rows());
                case PlanSteps.AddCompressionPolicy p -> AdapterSession.retried(context, "policy " + p.hypertable(),
                        () -> {
                            AdapterSession.of(context).timescale().addCompressionPolicy(p.hypertable(), p.after());
                            return null;
                        });
                default -> throw new IllegalStateException("not a TimescaleDB step of a backfill: " + step);
            }
        }
        // sequences and jobs last, in the post-data phase the foreign keys began (or one of their own)
        List<PlanSteps.RaiseSequence> sequences = plan.steps(PlanSteps.RaiseSequence.class);
        List<PlanSteps.ScheduleJob> jobs = plan.steps(PlanSteps.ScheduleJob.class);
        if (keys.isEmpty()) {
            context.phase(MigrationPhase.POST_DATA, sequences.size() + jobs.size());
        }
        for (PlanSteps.RaiseSequence s : sequences) {
            AdapterSession.retried(context, "sequence " + s.sequence(),
                    () -> AdapterSession.of(context).raiseSequence(s.sequence(), s.position()));
        }
        for (PlanSteps.ScheduleJob j : jobs) {
            AdapterSession.retried(context, "job " + j.targetJob(), () -> {
                AdapterSession.of(context).timescale().scheduleJob(j.targetJob(), j.job().scheduled());
                return null;
            });
        }
        Steps.analyze(plan, context);
    }

    /** Compresses, several at once, the uncompressed chunks of a target hypertable wholly before the bound. */
    private static void compressBefore(StrategyContext context, BackfillScope.Before rows) {
        var ops = AdapterSession.of(context).timescale();
        // the application's rows, from the bound on, are the range still open: the chunks clear of it are complete
        CopyUnit.Range open = new CopyUnit.Range(rows.column(), rows.type(), rows.bound(), null, false);
        context.runParallel(ops.completeChunks(rows.table(), List.of(open)).stream()
                .map(chunk -> (Runnable) () -> ops.compress(chunk)).toList());
    }

    private static void copy(StrategyContext context, Table table, MigrationPlan.CopyStep step,
                             BackfillScope.Rows rows) {
        CopyUnit unit = step.unit();
        switch (rows) {
            case BackfillScope.Before b -> ((AdapterSession) context).copy(unit, () -> AdapterSession.of(context)
                    .copy().backfill(table, unit, step.target(), b.range(), null));
            case BackfillScope.MissingKeys k -> ((AdapterSession) context).copy(unit, () -> AdapterSession.of(context)
                    .copy().backfill(table, unit, step.target(), null, k.key()));
            case BackfillScope.Every e -> context.copy(table, unit, step.target());
        }
    }
}
