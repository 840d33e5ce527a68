package dev.timescalemigrate.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Everything a migration reads from one database, each list in dependency order within itself. Across lists,
 * {@link #dependencies()} says what depends on what, as the source's dependency records ({@code pg_depend})
 * have it: DDL is ordered by that graph, and by kind (extensions, schemas, types, routines, sequences, tables,
 * views) only where the graph says nothing.
 *
 * <p>Built with {@link #builder()}; {@link #toBuilder()} copies one to change it. Immutable; equal to another model
 * with equal fields.
 */
public final class DatabaseModel {

    private final List<Extension> extensions;
    private final List<Schema> schemas;
    private final List<UserType> types;
    private final List<Routine> routines;
    private final List<Sequence> sequences;
    private final List<Table> tables;
    private final List<View> views;
    private final List<CatalogObject> objects;
    private final Map<ObjectRef, Set<ObjectRef>> dependencies;
    private final TimescaleModel timescale;
    private final List<String> unsupported;

    private DatabaseModel(Builder builder) {
        this.objects = builder.objects;
        this.dependencies = builder.dependencies;
        this.extensions = builder.extensions;
        this.schemas = builder.schemas;
        this.types = builder.types;
        this.routines = builder.routines;
        this.sequences = builder.sequences;
        this.tables = builder.tables;
        this.views = builder.views;
        this.timescale = builder.timescale;
        this.unsupported = builder.unsupported;
    }

    /** A builder for an empty model: no objects, {@link TimescaleModel#NONE}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this model's fields, to change some of them. */
    public Builder toBuilder() {
        return builder().extensions(extensions).schemas(schemas).types(types).routines(routines).sequences(sequences)
                .tables(tables).views(views).objects(objects).dependencies(dependencies).timescale(timescale)
                .unsupported(unsupported);
    }

    /** The installed extensions other than {@code plpgsql}. */
    public List<Extension> extensions() {
        return extensions;
    }

    /** User schemas (neither system nor extension-owned ones). */
    public List<Schema> schemas() {
        return schemas;
    }

    /** User-defined enum, domain, composite and range types. */
    public List<UserType> types() {
        return types;
    }

    /** Functions and procedures. */
    public List<Routine> routines() {
        return routines;
    }

    /** Free-standing and column-owned sequences (identity sequences belong to their column). */
    public List<Sequence> sequences() {
        return sequences;
    }

    /** Ordinary and partitioned tables, partitions after their parent, referenced tables first. */
    public List<Table> tables() {
        return tables;
    }

    /** Views and materialized views, each after everything it selects from. */
    public List<View> views() {
        return views;
    }

    /** The other objects, carried as the DDL that recreates them (aggregates, operators, rules, policies, ...). */
    public List<CatalogObject> objects() {
        return objects;
    }

    /**
     * What each object (or separately creatable part, such as a column default) depends on among the model's
     * objects; objects outside the model (system and extension objects) are left out.
     */
    public Map<ObjectRef, Set<ObjectRef>> dependencies() {
        return dependencies;
    }

    /**
     * The references of every object of the model and of their separately creatable parts (column defaults,
     * table and domain constraints): what {@link #dependencies()} may name.
     */
    public Set<ObjectRef> objectRefs() {
        Set<ObjectRef> refs = new java.util.LinkedHashSet<>();
        extensions.forEach(e -> refs.add(ObjectRef.extension(e.name())));
        schemas.forEach(s -> refs.add(ObjectRef.schema(s.name())));
        for (UserType t : types) {
            refs.add(ObjectRef.type(t.name()));
            if (t instanceof UserType.DomainType d) {
                d.checks().forEach(c -> refs.add(ObjectRef.domainConstraint(d.name(), c.name())));
            }
        }
        routines.forEach(r -> refs.add(ObjectRef.routine(r.signature())));
        sequences.forEach(s -> refs.add(ObjectRef.sequence(s.name())));
        for (Table t : tables) {
            refs.add(ObjectRef.table(t.name()));
            t.columns().stream().filter(c -> c.defaultValue() != null || c.generated() != null)
                    .forEach(c -> refs.add(ObjectRef.columnDefault(t.name(), c.name())));
            t.constraints().forEach(c -> refs.add(ObjectRef.tableConstraint(t.name(), c.name())));
        }
        views.forEach(v -> refs.add(ObjectRef.view(v.name())));
        objects.forEach(o -> refs.add(o.ref()));
        return refs;
    }

    /** What {@code ref} depends on, or nothing. */
    public Set<ObjectRef> dependenciesOf(ObjectRef ref) {
        return dependencies.getOrDefault(ref, Set.of());
    }

    /** TimescaleDB objects; {@link TimescaleModel#NONE} on plain PostgreSQL. */
    public TimescaleModel timescale() {
        return timescale;
    }

    /**
     * Objects found that the library cannot recreate (aggregates, foreign tables, table inheritance, rules, row-level
     * security policies), each described for people; a migration that includes any of them stops in its preflight.
     */
    public List<String> unsupported() {
        return unsupported;
    }

    /** The table of that name, if the model has it. */
    public Optional<Table> table(QualifiedName name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The extension of that name, if installed. */
    public Optional<Extension> extension(String name) {
        return extensions.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** Total number of objects in the model (tables, views, types, routines, sequences, indexes, constraints, triggers). */
    public int objectCount() {
        return Stream.of(schemas, types, routines, sequences, tables, views, objects).mapToInt(List::size).sum()
                + tables.stream().mapToInt(t -> t.constraints().size() + t.indexes().size() + t.triggers().size()).sum();
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof DatabaseModel that
                && Objects.equals(extensions, that.extensions) && Objects.equals(schemas, that.schemas)
                && Objects.equals(types, that.types) && Objects.equals(routines, that.routines)
                && Objects.equals(sequences, that.sequences) && Objects.equals(tables, that.tables)
                && Objects.equals(views, that.views) && Objects.equals(objects, that.objects)
                && Objects.equals(dependencies, that.dependencies) && Objects.equals(timescale, that.timescale)
                && Objects.equals(unsupported, that.unsupported);
    }

    @Override
    public int hashCode() {
        return Objects.hash(extensions, schemas, types, routines, sequences, tables, views, objects, dependencies,
                timescale, unsupported);
    }

    @Override
    public String toString() {
        return "DatabaseModel[extensions=" + extensions + ", schemas=" + schemas + ", types=" + types
                 + ", routines=" + routines + ", sequences=" + sequences + ", tables=" + tables + ", views=" + views
                + ", objects=" + objects + ", dependencies=" + dependencies.size() + ", timescale=" + timescale
                + ", unsupported=" + unsupported + "]";
    }

    /** Builds a {@link DatabaseModel}. Not thread-safe. */
    public static final class Builder {
        private List<Extension> extensions = List.of();
        private List<Schema> schemas = List.of();
        private List<UserType> types = List.of();
        private List<Routine> routines = List.of();
        private List<Sequence> sequences = List.of();
        private List<Table> tables = List.of();
        private List<View> views = List.of();
        private List<CatalogObject> objects = List.of();
        private Map<ObjectRef, Set<ObjectRef>> dependencies = Map.of();
        private TimescaleModel timescale = TimescaleModel.NONE;
        private List<String> unsupported = List.of();

        private Builder() {
        }

        /** The installed extensions other than {@code plpgsql}. Default: empty. */
        public Builder extensions(List<Extension> extensions) {
            this.extensions = List.copyOf(extensions);
            return this;
        }

        /** User schemas (neither system nor extension-owned ones). Default: empty. */
        public Builder schemas(List<Schema> schemas) {
            this.schemas = List.copyOf(schemas);
            return this;
        }

        /** User-defined enum, domain, composite and range types. Default: empty. */
        public Builder types(List<UserType> types) {
            this.types = List.copyOf(types);
            return this;
        }

        /** Functions and procedures. Default: empty. */
        public Builder routines(List<Routine> routines) {
            this.routines = List.copyOf(routines);
            return this;
        }

        /** Free-standing and column-owned sequences (identity sequences belong to their column). Default: empty. */
        public Builder sequences(List<Sequence> sequences) {
            this.sequences = List.copyOf(sequences);
            return this;
        }

        /** Ordinary and partitioned tables, partitions after their parent, referenced tables first. Default: empty. */
        public Builder tables(List<Table> tables) {
            this.tables = List.copyOf(tables);
            return this;
        }

        /** Views and materialized views, each after everything it selects from. Default: empty. */
        public Builder views(List<View> views) {
            this.views = List.copyOf(views);
            return this;
        }

        /** The objects carried as DDL. Default: empty. */
        public Builder objects(List<CatalogObject> objects) {
            this.objects = List.copyOf(objects);
            return this;
        }

        /** What each object depends on. Default: nothing. */
        public Builder dependencies(Map<ObjectRef, Set<ObjectRef>> dependencies) {
            Map<ObjectRef, Set<ObjectRef>> copy = new LinkedHashMap<>();
            dependencies.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
            this.dependencies = java.util.Collections.unmodifiableMap(copy);
            return this;
        }

        /**
         * TimescaleDB objects; {@link TimescaleModel#NONE} on plain PostgreSQL. Default: {@link TimescaleModel#NONE}.
         */
        public Builder timescale(TimescaleModel timescale) {
            this.timescale = Objects.requireNonNull(timescale, "timescale");
            return this;
        }

        /**
         * Objects found that the library cannot recreate (aggregates, foreign tables, table inheritance, rules,
         * row-level security policies), each described for people; a migration that includes any of them stops in its
         * preflight. Default: empty.
         */
        public Builder unsupported(List<String> unsupported) {
            this.unsupported = List.copyOf(unsupported);
            return this;
        }

        /** The model. */
        public DatabaseModel build() {
            return new DatabaseModel(this);
        }
    }
}
