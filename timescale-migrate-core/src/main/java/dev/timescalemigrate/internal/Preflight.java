package dev.timescalemigrate.internal;

import dev.timescalemigrate.HypertableRule;
import dev.timescalemigrate.MigrationConfig;
import dev.timescalemigrate.exception.ConfigurationException;
import dev.timescalemigrate.exception.ErrorCode;
import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.Constraint;
import dev.timescalemigrate.model.ContinuousAggregate;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Dimension;
import dev.timescalemigrate.model.Extension;
import dev.timescalemigrate.model.Hypertable;
import dev.timescalemigrate.model.Index;
import dev.timescalemigrate.model.Job;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.model.TimescaleModel;
import dev.timescalemigrate.adapter.CheckpointStore;
import dev.timescalemigrate.adapter.TransferSession;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks, before anything is written, that the migration can run, and works out what it selects. Every problem
 * is collected and reported together in one {@link ConfigurationException}.
 */
public final class Preflight {

    /**
     * The outcome.
     *
     * @param selection the source model reduced to what is migrated, hypertable rules applied
     * @param warnings  things to tell the user
     */
    public record Result(DatabaseModel selection, List<String> warnings) {
    }

    private final MigrationConfig config;
    private final TransferSession session;
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    public Preflight(MigrationConfig config, TransferSession session) {
        this.config = config;
        this.session = session;
    }

    /**
     * Runs every check.
     *
     * @throws ConfigurationException listing every problem
     */
    public Result check() {
        return check(false);
    }

    /**
     * Runs the checks; for verification only those that select tables.
     *
     * @param forVerification true to check only what a comparison of source and target needs
     * @throws ConfigurationException listing every problem
     */
    public Result check(boolean forVerification) {
        DatabaseModel source = session.sourceModel();
        List<TablePattern> includes = config.includes().stream().map(TablePattern::parse).toList();
        List<TablePattern> excludes = config.excludes().stream().map(TablePattern::parse).toList();

        Selection.Tables chosen = Selection.tables(source, includes, excludes);
        problems.addAll(chosen.problems());
        warnings.addAll(chosen.warnings());
        Set<QualifiedName> selected = chosen.names();

        for (String what : source.unsupported()) {
            warnings.add(what.startsWith("tablespace ")
                    ? "Not migrated: the " + what + " (tablespaces belong to the server, not to the database): it is "
                    + "created in the target's default tablespace."
                    : "Not migrated (not supported): " + what + ".");
        }

        List<Table> tables = source.tables().stream().filter(t -> selected.contains(t.name())).toList();
        List<Hypertable> hypertables = new ArrayList<>();
        for (Hypertable h : source.timescale().hypertables()) {
            if (selected.contains(h.table())) {
                hypertables.add(h);
            }
        }
        checkRules(source, selected, hypertables);
        boolean needsTimescale = !hypertables.isEmpty();
        if (needsTimescale && !session.targetServer().hasTimescale()) {
            problems.add(timescaleMissing(session, "The hypertables "
                    + hypertables.stream().map(h -> h.table().toString()).collect(Collectors.joining(", "))));
        }
        List<ContinuousAggregate> caggs = new ArrayList<>();
        List<Job> jobs = new ArrayList<>();
        Selection.Timescale objects = Selection.timescaleObjects(source, selected,
                includes.isEmpty() && excludes.isEmpty(), config.strategy().carriesTimescaleObjects(),
                config.strategy().name());
        caggs.addAll(objects.aggregates());
        jobs.addAll(objects.jobs());
        problems.addAll(objects.problems());
        warnings.addAll(objects.warnings());
        hypertables = licensed(hypertables, caggs, jobs);

        CheckpointStore.RunState state = forVerification ? null : session.checkpoints().peek();
        if (state == CheckpointStore.RunState.NEW && config.backfill().isEmpty()) {
            Set<QualifiedName> existing = session.targetModel().tables().stream().map(Table::name)
                    .collect(Collectors.toSet());
            List<String> clashes = selected.stream().filter(existing::contains).map(QualifiedName::toString).toList();
            if (!clashes.isEmpty()) {
                problems.add("The target already has " + clashes.size() + " of the tables to migrate ("
                        + String.join(", ", clashes.subList(0, Math.min(10, clashes.size())))
                        + (clashes.size() > 10 ? ", ..." : "") + "), and no earlier run of this migration "
                        + "created them. Migrate into an empty database, drop those tables on the target, or "
                        + "exclude them.");
            }
        }

        List<Extension> extensions = new ArrayList<>(source.extensions());
        if (needsTimescale && source.extension("timescaledb").isEmpty()) {
            extensions.add(new Extension("timescaledb", "public", session.targetServer().timescaleVersion()));
        }
        Optional<Set<String>> available = forVerification ? Optional.empty() : session.availableTargetExtensions();
        if (available.isPresent()) {
            List<String> missing = extensions.stream().map(Extension::name)
                    .filter(e -> !available.get().contains(e)).toList();
            if (!missing.isEmpty()) {
                problems.add("The target server lacks extension(s) the source uses: " + String.join(", ", missing)
                        + ". Install them on the target server (packages, shared_preload_libraries) and try again.");
            }
        }
        if (!forVerification) {
            problems.addAll(session.privilegeProblems(tables));
            if (!source.routines().isEmpty() || !source.types().isEmpty()) {
                problems.addAll(session.cFunctionProblems());
            }
        }

        if (!problems.isEmpty()) {
            throw new ConfigurationException(ErrorCode.PREFLIGHT_FAILED, problems);
        }
        Selection.Reduced reduced = Selection.reduce(source, selected, tables, extensions,
                new TimescaleModel(hypertables, caggs, jobs), !includes.isEmpty() || !excludes.isEmpty());
        if (!reduced.problems().isEmpty()) {
            throw new ConfigurationException(ErrorCode.PREFLIGHT_FAILED, reduced.problems());
        }
        warnings.addAll(reduced.warnings());
        DatabaseModel model = reduced.model();
        if (config.schemaOnly()) {
            // no job may compress, drop or refresh history the backfill has yet to copy
            TimescaleModel ts = model.timescale();
            model = model.toBuilder().timescale(new TimescaleModel(ts.hypertables(), ts.continuousAggregates(),
                    ts.jobs().stream().map(j -> j.toBuilder().scheduled(false).build()).toList())).build();
        }
        return new Result(model, warnings);
    }

    /**
     * The problem when the target database lacks the timescaledb extension and cannot be given it.
     *
     * @param what what needs TimescaleDB, e.g. {@code The hypertables a, b}
     */
    public static String timescaleMissing(TransferSession session, String what) {
        return what + " need TimescaleDB, but " + session.targetTimescaleProblem().orElse("the target database "
                + "has no timescaledb extension. Run CREATE EXTENSION timescaledb; in it (the server must load "
                + "timescaledb through shared_preload_libraries).");
    }

    private void checkRules(DatabaseModel source, Set<QualifiedName> selected, List<Hypertable> hypertables) {
        for (HypertableRule rule : config.hypertables()) {
            Optional<Table> table = source.table(rule.table());
            if (table.isEmpty()) {
                problems.add("The hypertable rule names " + rule.table() + ", which does not exist in the source "
                        + "database. " + Selection.describeTables(source));
                continue;
            }
            if (!selected.contains(rule.table())) {
                problems.add("The hypertable rule names " + rule.table() + ", which the include/exclude patterns "
                        + "leave out: include the table or drop the rule.");
                continue;
            }
            if (source.timescale().hypertable(rule.table()).isPresent()) {
                warnings.add(rule.table() + " is already a hypertable in the source; the rule replaces its "
                        + "dimensions.");
                hypertables.removeIf(h -> h.table().equals(rule.table()));
            }
            if (table.get().kind() == Table.Kind.PARTITIONED || table.get().partitionOf() != null) {
                problems.add("The hypertable rule names " + rule.table() + ", which is "
                        + (table.get().partitionOf() != null ? "a partition of " + table.get().partitionOf().parent()
                        : "a partitioned table") + "; a hypertable cannot be partitioned declaratively. Drop the "
                        + "rule, or migrate the data into a plain table first.");
                continue;
            }
            List<QualifiedName> children = source.tables().stream()
                    .filter(t -> t.inherits().contains(rule.table())).map(Table::name).toList();
            if (!table.get().inherits().isEmpty() || !children.isEmpty()) {
                problems.add("The hypertable rule names " + rule.table() + ", which "
                        + (table.get().inherits().isEmpty() ? "" : "inherits from " + names(table.get().inherits())
                        + (children.isEmpty() ? "" : " and "))
                        + (children.isEmpty() ? "" : "is inherited by " + names(children))
                        + " (INHERITS); a hypertable can be neither an inheritance child nor an inheritance parent. "
                        + "Drop the rule, or migrate the data into a table without inheritance first.");
                continue;
            }
            if (rule.timeColumn() == null) {
                continue; // the streaming strategy infers the time column
            }
            Optional<Column> column = table.get().column(rule.timeColumn());
            if (column.isEmpty()) {
                problems.add("The hypertable rule for " + rule.table() + " names time column \"" + rule.timeColumn()
                        + "\", which the table does not have. Its columns: "
                        + table.get().columns().stream().map(c -> c.name() + " " + c.type())
                        .collect(Collectors.joining(", ")) + ".");
                continue;
            }
            String type = column.get().type();
            if (!TimeColumns.PARTITION_TYPES.contains(type)) {
                problems.add("The hypertable rule for " + rule.table() + " names time column \"" + rule.timeColumn()
                        + "\" of type " + type + ", which cannot partition a hypertable. Choose a column of type "
                        + "timestamptz, timestamp, date, smallint, integer or bigint.");
                continue;
            }
            boolean integer = TimeColumns.INTEGER_TYPES.contains(type);
            if (integer && rule.integerChunkInterval() == null) {
                problems.add("The hypertable rule for " + rule.table() + " partitions by the integer column \""
                        + rule.timeColumn() + "\": give its chunk interval in the column's units with "
                        + ".integerChunkInterval(...).");
                continue;
            }
            if (!integer && rule.integerChunkInterval() != null) {
                problems.add("The hypertable rule for " + rule.table() + " gives an integer chunk interval for the "
                        + type + " column \"" + rule.timeColumn() + "\": use .chunkInterval(Duration) instead.");
                continue;
            }
            for (Constraint c : TimeColumns.uniqueConstraintsWithout(table.get(), rule.timeColumn())) {
                problems.add("Constraint " + c.name() + " on " + rule.table() + " (" + c.definition()
                        + ") does not include the time column \"" + rule.timeColumn() + "\"; a hypertable's "
                        + "unique constraints must include it. Add the column to the key on the source, or "
                        + "drop the hypertable rule.");
            }
            for (Index i : TimeColumns.uniqueIndexesWithout(table.get(), rule.timeColumn())) {
                problems.add("Unique index " + i.name() + " on " + rule.table() + " does not include the time "
                        + "column \"" + rule.timeColumn() + "\"; a hypertable's unique indexes must include it.");
            }
            hypertables.add(new Hypertable(rule.table(), List.of(Dimension.builder(rule.timeColumn(), type,
                    Dimension.Kind.TIME).timeInterval(integer ? null : interval(rule.chunkInterval()))
                    .integerInterval(integer ? rule.integerChunkInterval() : null).build()), null));
        }
    }

    static String describe(Job j) {
        return "job " + j.id() + " (" + j.procedure().name() + (j.hypertable() == null ? "" : " on " + j.hypertable())
                + ")";
    }

    /**
     * Compression, continuous aggregates and jobs need a Timescale-licensed target: on the Apache edition the
     * migration stops listing them, unless the user chose to leave them out, each then named in a warning.
     */
    private List<Hypertable> licensed(List<Hypertable> hypertables, List<ContinuousAggregate> caggs, List<Job> jobs) {
        if (!session.targetServer().isApacheEdition()) {
            return hypertables;
        }
        List<String> affected = new ArrayList<>();
        hypertables.stream().filter(h -> h.compression() != null)
                .forEach(h -> affected.add("compression settings of hypertable " + h.table()));
        caggs.forEach(c -> affected.add("continuous aggregate " + c.view() + " (with its materialized data)"));
        jobs.forEach(j -> affected.add(describe(j)));
        if (affected.isEmpty()) {
            return hypertables;
        }
        if (!config.skipLicensedFeatures()) {
            problems.add("The target runs TimescaleDB's Apache edition (timescaledb.license = apache, version "
                    + session.targetServer().timescaleVersion() + "), which cannot have " + affected.size()
                    + " of the source's objects: " + String.join("; ", affected) + ". Migrate into a server with "
                    + "the Timescale License (Timescale Cloud, or TimescaleDB's community packages with "
                    + "timescaledb.license = 'timescale'), or migrate the data without them (skipLicensedFeatures"
                    + "(true), or --skip-licensed-features on the command line): each object left out is then "
                    + "named in the report.");
            return hypertables;
        }
        affected.forEach(a -> warnings.add("Not migrated: " + a + " (the target runs TimescaleDB's Apache edition)."));
        caggs.clear();
        jobs.clear();
        return hypertables.stream().map(h -> h.compression() == null ? h
                : new Hypertable(h.table(), h.dimensions(), null)).toList();
    }

    static String interval(Duration d) {
        long seconds = d.getSeconds();
        if (d.getNano() == 0 && seconds % 86_400 == 0) {
            return (seconds / 86_400) + (seconds == 86_400 ? " day" : " days");
        }
        if (d.getNano() == 0) {
            return seconds + " seconds";
        }
        return String.format(Locale.ROOT, "%d microseconds", d.toNanos() / 1000);
    }


    private static String names(List<QualifiedName> tables) {
        return tables.stream().map(QualifiedName::toString).collect(Collectors.joining(", "));
    }
}
