package dev.timescalemigrate.internal;

import dev.timescalemigrate.model.CatalogObject;
import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.Constraint;
import dev.timescalemigrate.model.ContinuousAggregate;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Extension;
import dev.timescalemigrate.model.Job;
import dev.timescalemigrate.model.ObjectRef;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Routine;
import dev.timescalemigrate.model.Schema;
import dev.timescalemigrate.model.Sequence;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.model.TimescaleModel;
import dev.timescalemigrate.model.UserType;
import dev.timescalemigrate.model.View;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a migration selects of the source, as pure functions of the source model and the patterns: which tables,
 * and the model reduced to them. The preflight adds the checks that need the databases.
 */
final class Selection {

    /**
     * The selected tables.
     *
     * @param names    their names, in the source's order
     * @param problems patterns or partitions that make the selection impossible
     * @param warnings exclude patterns that match nothing
     */
    record Tables(Set<QualifiedName> names, List<String> problems, List<String> warnings) {
    }

    /**
     * The reduced model.
     *
     * @param model    the model of what is migrated
     * @param warnings foreign keys and views left out, and why
     */
    /**
     * @param model    the source model reduced to what is migrated
     * @param warnings what is left out, for the user
     * @param problems what cannot be migrated as selected (a selected table that needs a table left out)
     */
    record Reduced(DatabaseModel model, List<String> warnings, List<String> problems) {
    }

    /**
     * The TimescaleDB objects that go with the selected tables.
     *
     * @param aggregates the continuous aggregates, each after those it is built on
     * @param jobs       the jobs and policies
     * @param problems   aggregates that cannot be carried
     * @param warnings   what is left out, and why
     */
    record Timescale(List<ContinuousAggregate> aggregates, List<Job> jobs, List<String> problems,
                     List<String> warnings) {
    }

    private Selection() {
    }

    /**
     * The tables the include and exclude patterns select, partitions following their parent.
     *
     * @param includes the include patterns (none: every table)
     * @param excludes the exclude patterns
     */
    static Tables tables(DatabaseModel source, List<TablePattern> includes, List<TablePattern> excludes) {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (TablePattern p : includes) {
            if (source.tables().stream().noneMatch(t -> p.matches(t.name()))) {
                problems.add("The include pattern '" + p + "' matches no table in the source database. "
                        + describeTables(source) + " Fix the pattern or remove it.");
            }
        }
        for (TablePattern p : excludes) {
            if (source.tables().stream().noneMatch(t -> p.matches(t.name()))) {
                warnings.add("The exclude pattern '" + p + "' matches no table in the source database.");
            }
        }

        Set<QualifiedName> selected = new LinkedHashSet<>();
        for (Table t : source.tables()) {
            boolean included = includes.isEmpty() || includes.stream().anyMatch(p -> p.matches(t.name()));
            boolean excluded = excludes.stream().anyMatch(p -> p.matches(t.name()));
            if (included && !excluded) {
                selected.add(t.name());
            }
        }
        // partitions follow their parent
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Table t : source.tables()) {
                if (t.partitionOf() != null && selected.contains(t.partitionOf().parent())
                        && !selected.contains(t.name())
                        && excludes.stream().noneMatch(p -> p.matches(t.name()))) {
                    selected.add(t.name());
                    changed = true;
                }
            }
        }
        for (Table t : source.tables()) {
            if (selected.contains(t.name()) && t.partitionOf() != null
                    && !selected.contains(t.partitionOf().parent())) {
                problems.add("Partition " + t.name() + " is selected but its parent " + t.partitionOf().parent()
                        + " is not: include the parent (its partitions follow it).");
            }
            if (t.partitionOf() != null && selected.contains(t.partitionOf().parent())
                    && !selected.contains(t.name())) {
                problems.add("Partition " + t.name() + " of " + t.partitionOf().parent() + " is excluded, but a "
                        + "partitioned table is migrated with all its partitions: exclude the parent too, or "
                        + "include the partition.");
            }
            List<QualifiedName> missingParents = t.inherits().stream().filter(p -> !selected.contains(p)).toList();
            if (selected.contains(t.name()) && !missingParents.isEmpty()) {
                String parents = missingParents.stream().map(QualifiedName::toString)
                        .collect(java.util.stream.Collectors.joining(", "));
                problems.add("Table " + t.name() + " is selected but inherits from " + parents + " (INHERITS), which "
                        + (missingParents.size() == 1 ? "is" : "are") + " not: the child cannot be created without "
                        + (missingParents.size() == 1 ? "its parent" : "its parents") + ". Include " + parents
                        + " too, or exclude " + t.name() + ".");
            }
        }
        if (selected.isEmpty() && problems.isEmpty()) {
            problems.add("No table selected: the source has no tables, or the include/exclude patterns leave "
                    + "none. " + describeTables(source));
        }

        return new Tables(selected, problems, warnings);
    }

    /**
     * The source model reduced to what is migrated: the selected tables (foreign keys to tables left out dropped,
     * with a warning), the sequences they own or use, the views whose relations are all there, the schemas of what
     * is left, and the TimescaleDB objects chosen.
     *
     * @param selected   the names of the selected tables (see {@link #tables})
     * @param tables     the selected tables, as the source has them
     * @param extensions the extensions the target needs
     * @param timescale  the hypertables (rules applied), continuous aggregates and jobs that are migrated
     * @param filtered   whether include or exclude patterns were given (without, every sequence, view and schema
     *                   goes along)
     */
    static Reduced reduce(DatabaseModel source, Set<QualifiedName> selected, List<Table> tables,
                          List<Extension> extensions, TimescaleModel timescale, boolean filtered) {
        List<String> warnings = new ArrayList<>();
        List<ContinuousAggregate> caggs = timescale.continuousAggregates();
        List<Table> kept = new ArrayList<>();
        for (Table t : tables) {
            List<Constraint> constraints = new ArrayList<>();
            for (Constraint c : t.constraints()) {
                if (c.type() == Constraint.Type.FOREIGN_KEY && !selected.contains(c.referencedTable())) {
                    warnings.add("Foreign key " + c.name() + " of " + t.name() + " is not created: it references "
                            + c.referencedTable() + ", which is not migrated.");
                } else {
                    constraints.add(c);
                }
            }
            kept.add(t.toBuilder().constraints(constraints).build());
        }
        List<Sequence> sequences = source.sequences().stream()
                .filter(s -> !filtered
                        || (s.ownedBy() != null && selected.contains(s.ownedBy().table()))
                        || tables.stream().anyMatch(t -> usesSequence(t, s)))
                .toList();
        List<View> views = new ArrayList<>();
        Set<QualifiedName> available = new LinkedHashSet<>(selected);
        caggs.forEach(c -> available.add(c.view()));
        // continuous aggregates not migrated (filtered out, not carried, or not licensed) and the views over them
        Set<QualifiedName> missing = new HashSet<>();
        source.timescale().continuousAggregates().stream().map(ContinuousAggregate::view)
                .filter(v -> !available.contains(v)).forEach(missing::add);
        List<String> leftOut = new ArrayList<>();
        for (View v : source.views()) { // in dependency order: a view's views come before it
            if (v.dependsOn().stream().anyMatch(missing::contains)) {
                missing.add(v.name());
                leftOut.add(v.name().toString());
            } else if (!filtered || available.containsAll(v.dependsOn())) {
                views.add(v);
                available.add(v.name());
            } else {
                leftOut.add(v.name().toString());
            }
        }
        if (!leftOut.isEmpty()) {
            warnings.add("Views left out because they read tables the include/exclude patterns leave out, or "
                    + "continuous aggregates that are not migrated: "
                    + String.join(", ", leftOut) + ".");
        }
        // what depends, in the source's dependency records, on a table or view left out cannot be created either:
        // a routine taking its row type, a type with such an attribute, an aggregate over such a routine, ...
        List<String> problems = new ArrayList<>();
        List<UserType> types = source.types();
        List<Routine> routines = source.routines();
        List<CatalogObject> candidates = source.objects();
        if (filtered) {
            Set<ObjectRef> gone = new HashSet<>();
            source.tables().stream().filter(t -> !selected.contains(t.name()))
                    .forEach(t -> gone.add(ObjectRef.table(t.name())));
            Set<QualifiedName> keptViews = views.stream().map(View::name).collect(Collectors.toSet());
            source.views().stream().filter(v -> !keptViews.contains(v.name()))
                    .forEach(v -> gone.add(ObjectRef.view(v.name())));
            List<String> dependents = new ArrayList<>();
            boolean changed = true;
            while (changed) { // until nothing more depends on what is gone
                changed = false;
                for (UserType t : types) {
                    if (!gone.contains(ObjectRef.type(t.name())) && needsAny(source, typeRefs(t), gone)) {
                        gone.add(ObjectRef.type(t.name()));
                        dependents.add("type " + t.name());
                        changed = true;
                    }
                }
                for (Routine r : routines) {
                    ObjectRef ref = ObjectRef.routine(r.signature());
                    if (!gone.contains(ref) && needsAny(source, Set.of(ref), gone)) {
                        gone.add(ref);
                        dependents.add((r.kind() == Routine.Kind.PROCEDURE ? "procedure " : "function ")
                                + r.signature());
                        changed = true;
                    }
                }
                for (View v : List.copyOf(views)) {
                    if (needsAny(source, Set.of(ObjectRef.view(v.name())), gone)) {
                        views.remove(v);
                        available.remove(v.name());
                        gone.add(ObjectRef.view(v.name()));
                        dependents.add("view " + v.name());
                        changed = true;
                    }
                }
                for (CatalogObject o : candidates) {
                    if (!gone.contains(o.ref()) && (o.table() == null || available.contains(o.table()))
                            && needsAny(source, Set.of(o.ref()), gone)) {
                        gone.add(o.ref());
                        dependents.add(o.toString());
                        changed = true;
                    }
                }
            }
            types = types.stream().filter(t -> !gone.contains(ObjectRef.type(t.name()))).toList();
            routines = routines.stream().filter(r -> !gone.contains(ObjectRef.routine(r.signature()))).toList();
            candidates = candidates.stream().filter(o -> !gone.contains(o.ref())).toList();
            if (!dependents.isEmpty()) {
                warnings.add("Left out because they depend on tables or views the include/exclude patterns leave "
                        + "out: " + String.join(", ", dependents) + ".");
            }
            for (Table t : kept) {
                Set<ObjectRef> refs = new LinkedHashSet<>(List.of(ObjectRef.table(t.name())));
                t.columns().forEach(c -> refs.add(ObjectRef.columnDefault(t.name(), c.name())));
                t.constraints().forEach(c -> refs.add(ObjectRef.tableConstraint(t.name(), c.name())));
                List<String> needed = refs.stream().flatMap(r -> source.dependenciesOf(r).stream())
                        .filter(gone::contains).map(ObjectRef::toString).distinct().toList();
                if (!needed.isEmpty()) {
                    problems.add("Table " + t.name() + " needs " + String.join(", ", needed) + ", which the "
                            + "include/exclude patterns leave out (a column of its type, a default or CHECK "
                            + "calling it): include what it needs, or exclude the table too.");
                }
            }
        }
        Set<String> schemas = new LinkedHashSet<>();
        kept.forEach(t -> schemas.add(t.name().schema()));
        sequences.forEach(s -> schemas.add(s.name().schema()));
        views.forEach(v -> schemas.add(v.name().schema()));
        caggs.forEach(c -> schemas.add(c.view().schema()));
        types.forEach(t -> schemas.add(t.name().schema()));
        routines.forEach(r -> schemas.add(r.name().schema()));
        // objects of tables and views left out go with them; the others are the database's, always carried
        List<CatalogObject> objects = candidates.stream()
                .filter(o -> o.table() == null || available.contains(o.table())).toList();
        // and the sequences they use (a foreign table's column default), which no selected table may use
        Set<Sequence> usedSequences = new LinkedHashSet<>(sequences);
        for (Sequence s : source.sequences()) {
            if (!usedSequences.contains(s) && objects.stream().anyMatch(o -> source.dependenciesOf(o.ref())
                    .contains(ObjectRef.sequence(s.name())))) {
                usedSequences.add(s);
                schemas.add(s.name().schema());
            }
        }
        sequences = source.sequences().stream().filter(usedSequences::contains).toList();
        objects.stream().filter(o -> o.schema() != null).forEach(o -> schemas.add(o.schema()));
        List<Schema> schemaList = source.schemas().stream().filter(s -> !filtered || schemas.contains(s.name()))
                .toList();
        DatabaseModel model = DatabaseModel.builder().extensions(extensions).schemas(schemaList).types(types)
                .routines(routines).sequences(sequences).tables(kept).views(views).objects(objects)
                .dependencies(source.dependencies()).timescale(timescale).build();
        return new Reduced(model, warnings, problems);
    }

    /** A type's reference with those of its domain constraints. */
    private static Set<ObjectRef> typeRefs(UserType t) {
        Set<ObjectRef> refs = new LinkedHashSet<>(List.of(ObjectRef.type(t.name())));
        if (t instanceof UserType.DomainType d) {
            d.checks().forEach(c -> refs.add(ObjectRef.domainConstraint(d.name(), c.name())));
        }
        return refs;
    }

    private static boolean needsAny(DatabaseModel source, Set<ObjectRef> refs, Set<ObjectRef> gone) {
        return refs.stream().anyMatch(r -> source.dependenciesOf(r).stream().anyMatch(gone::contains));
    }

    static boolean usesSequence(Table t, Sequence s) {
        String plain = s.name().schema() + "." + s.name().name();
        String quoted = s.name().quoted();
        return t.columns().stream().map(Column::defaultValue)
                .anyMatch(d -> d != null && d.contains("nextval(") && (d.contains("'" + plain + "'")
                        || d.contains(quoted)));
    }


    /**
     * The continuous aggregates and jobs that go with the selected tables, when the strategy recreates them:
     * an aggregate whose hypertable (or underlying aggregate) is selected, a job of a selected hypertable or
     * aggregate, and, when nothing is filtered, the user-defined jobs that work on no hypertable. Otherwise they
     * are named in a warning.
     *
     * @param unfiltered whether no include or exclude pattern was given
     * @param carried    whether the strategy recreates aggregates and jobs
     * @param strategy   its name, for the warnings
     */
    static Timescale timescaleObjects(DatabaseModel source, Set<QualifiedName> selected, boolean unfiltered,
                                      boolean carried, String strategy) {
        List<ContinuousAggregate> caggs = new ArrayList<>();
        List<Job> jobs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        TimescaleModel ts = source.timescale();
        if (!carried) {
            if (!ts.continuousAggregates().isEmpty()) {
                warnings.add("Continuous aggregates are not migrated by the " + strategy
                        + " strategy (" + ts.continuousAggregates().stream().map(c -> c.view().toString())
                        .collect(Collectors.joining(", ")) + "); use the whole-database strategy to keep them with "
                        + "their data.");
            }
            if (!ts.jobs().isEmpty()) {
                warnings.add("TimescaleDB jobs and policies are not migrated by the " + strategy
                        + " strategy (" + ts.jobs().stream().map(Preflight::describe).collect(Collectors.joining(", "))
                        + "); use the whole-database strategy to recreate them.");
            }
            return new Timescale(caggs, jobs, problems, warnings);
        }
        Set<QualifiedName> available = new HashSet<>(selected);
        Map<QualifiedName, QualifiedName> matToView = new HashMap<>();
        for (ContinuousAggregate c : ts.continuousAggregates()) { // each after those it is built on
            if (available.contains(c.hypertable())) {
                caggs.add(c);
                available.add(c.view());
                matToView.put(c.materializationHypertable(), c.view());
                if (!c.finalized()) {
                    problems.add("Continuous aggregate " + c.view() + " stores partial values (the format of "
                            + "TimescaleDB before 2.7), which cannot be carried to another server. Convert it on the "
                            + "source first: CALL cagg_migrate('" + c.view() + "'), then migrate.");
                }
            } else if (!unfiltered) {
                warnings.add("Continuous aggregate " + c.view() + " is not migrated: it reads " + c.hypertable()
                        + ", which the include/exclude patterns leave out.");
            }
        }
        for (Job j : ts.jobs()) {
            if (j.hypertable() == null ? unfiltered
                    : available.contains(j.hypertable()) || matToView.containsKey(j.hypertable())) {
                jobs.add(j);
            } else {
                warnings.add("Not migrated: " + Preflight.describe(j) + ", which works on a table the include/exclude "
                        + "patterns leave out.");
            }
        }
        return new Timescale(caggs, jobs, problems, warnings);
    }

    static String describeTables(DatabaseModel source) {
        List<String> names = source.tables().stream().map(t -> t.name().toString()).toList();
        if (names.isEmpty()) {
            return "The source has no tables.";
        }
        return "Tables there include: " + String.join(", ", names.subList(0, Math.min(12, names.size())))
                + (names.size() > 12 ? ", ..." : "") + ".";
    }
}
