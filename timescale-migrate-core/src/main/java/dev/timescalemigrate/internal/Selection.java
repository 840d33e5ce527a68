package dev.timescalemigrate.internal;

import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.Constraint;
import dev.timescalemigrate.model.ContinuousAggregate;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Extension;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Schema;
import dev.timescalemigrate.model.Sequence;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.model.TimescaleModel;
import dev.timescalemigrate.model.View;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
    record Reduced(DatabaseModel model, List<String> warnings) {
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
        Set<String> schemas = new LinkedHashSet<>();
        kept.forEach(t -> schemas.add(t.name().schema()));
        sequences.forEach(s -> schemas.add(s.name().schema()));
        views.forEach(v -> schemas.add(v.name().schema()));
        caggs.forEach(c -> schemas.add(c.view().schema()));
        source.types().forEach(t -> schemas.add(t.name().schema()));
        source.routines().forEach(r -> schemas.add(r.name().schema()));
        List<Schema> schemaList = source.schemas().stream().filter(s -> !filtered || schemas.contains(s.name()))
                .toList();
        DatabaseModel model = DatabaseModel.builder().extensions(extensions).schemas(schemaList).types(source.types())
                .routines(source.routines()).sequences(sequences).tables(kept).views(views)
                .timescale(timescale).build();
        return new Reduced(model, warnings);
    }

    static boolean usesSequence(Table t, Sequence s) {
        String plain = s.name().schema() + "." + s.name().name();
        String quoted = s.name().quoted();
        return t.columns().stream().map(Column::defaultValue)
                .anyMatch(d -> d != null && d.contains("nextval(") && (d.contains("'" + plain + "'")
                        || d.contains(quoted)));
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
