package dev.timescalemigrate.internal;

import dev.timescalemigrate.MigrationConfig;
import dev.timescalemigrate.exception.ConfigurationException;
import dev.timescalemigrate.exception.ErrorCode;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Extension;
import dev.timescalemigrate.model.Hypertable;
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
import java.util.Set;

/**
 * Checks, before anything is written, that the migration can run, and works out what it selects. Every problem
 * is collected and reported together in one {@link ConfigurationException}.
 *
 * <p>The checks live in their own classes ({@link Selection}, {@link UnsupportedObjects}, {@link RuleCheck},
 * {@link LicenseCheck}, {@link TargetCheck}); this class runs them in order and collects what they find.
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
        collect(chosen.problems(), chosen.warnings());
        Set<QualifiedName> selected = chosen.names();
        warnings.addAll(UnsupportedObjects.warnings(source));

        List<Table> tables = source.tables().stream().filter(t -> selected.contains(t.name())).toList();
        RuleCheck.Outcome rules = RuleCheck.check(config.hypertables(), source, selected,
                source.timescale().hypertables().stream().filter(h -> selected.contains(h.table())).toList());
        collect(rules.problems(), rules.warnings());
        boolean needsTimescale = !rules.hypertables().isEmpty();
        problems.addAll(TargetCheck.timescale(session, rules.hypertables()));

        Selection.Timescale objects = Selection.timescaleObjects(source, selected,
                includes.isEmpty() && excludes.isEmpty(), config.strategy().carriesTimescaleObjects(),
                config.strategy().name());
        collect(objects.problems(), objects.warnings());
        LicenseCheck.Outcome licensed = LicenseCheck.check(session.targetServer(), config.skipLicensedFeatures(),
                rules.hypertables(), objects.aggregates(), objects.jobs());
        collect(licensed.problems(), licensed.warnings());

        CheckpointStore.RunState state = forVerification ? null : session.checkpoints().peek();
        if (state == CheckpointStore.RunState.NEW && config.backfill().isEmpty()) {
            problems.addAll(TargetCheck.clashes(selected, session.targetModel()));
        }
        List<Extension> extensions = TargetCheck.extensionsNeeded(source, needsTimescale, session);
        if (!forVerification) {
            session.availableTargetExtensions()
                    .ifPresent(available -> problems.addAll(TargetCheck.missingExtensions(extensions, available)));
            problems.addAll(TargetCheck.privileges(session, source, tables));
        }

        if (!problems.isEmpty()) {
            throw new ConfigurationException(ErrorCode.PREFLIGHT_FAILED, problems);
        }
        Selection.Reduced reduced = Selection.reduce(source, selected, tables, extensions,
                new TimescaleModel(licensed.hypertables(), licensed.aggregates(), licensed.jobs()),
                !includes.isEmpty() || !excludes.isEmpty());
        if (!reduced.problems().isEmpty()) {
            throw new ConfigurationException(ErrorCode.PREFLIGHT_FAILED, reduced.problems());
        }
        if (!forVerification && !config.schemaOnly()) {
            List<String> unresolvable = session.objectIdentifierProblems(tables, reduced.model());
            if (!unresolvable.isEmpty()) {
                throw new ConfigurationException(ErrorCode.PREFLIGHT_FAILED, unresolvable);
            }
        }
        warnings.addAll(reduced.warnings());
        DatabaseModel model = config.schemaOnly() ? jobsPaused(reduced.model()) : reduced.model();
        return new Result(model, warnings);
    }

    private void collect(List<String> problems, List<String> warnings) {
        this.problems.addAll(problems);
        this.warnings.addAll(warnings);
    }

    /**
     * The model with every job created paused, for a schema-only run: no job may compress, drop or refresh history
     * the backfill has yet to copy.
     */
    private static DatabaseModel jobsPaused(DatabaseModel model) {
        TimescaleModel ts = model.timescale();
        return model.toBuilder().timescale(new TimescaleModel(ts.hypertables(), ts.continuousAggregates(),
                ts.jobs().stream().map(j -> j.toBuilder().scheduled(false).build()).toList())).build();
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

    /** A job as problems and warnings name it: {@code job 1000 (policy_retention on "s"."t")}. */
    static String describe(Job j) {
        return "job " + j.id() + " (" + j.procedure().name() + (j.hypertable() == null ? "" : " on " + j.hypertable())
                + ")";
    }

    /** A chunk interval as PostgreSQL reads an interval: whole days, else seconds, else microseconds. */
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
}
