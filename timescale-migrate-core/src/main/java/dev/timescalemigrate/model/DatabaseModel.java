package dev.timescalemigrate.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Everything a migration reads from one database, each list in dependency order: an object only depends
 * on objects before it in its own list or in a list that DDL creates earlier (extensions, schemas, types,
 * routines, sequences, tables, views).
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
    private final TimescaleModel timescale;
    private final List<String> unsupported;

    private DatabaseModel(Builder builder) {
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
                .tables(tables).views(views).timescale(timescale).unsupported(unsupported);
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
        return Stream.of(schemas, types, routines, sequences, tables, views).mapToInt(List::size).sum()
                + tables.stream().mapToInt(t -> t.constraints().size() + t.indexes().size() + t.triggers().size()).sum();
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof DatabaseModel that
                && Objects.equals(extensions, that.extensions) && Objects.equals(schemas, that.schemas)
                && Objects.equals(types, that.types) && Objects.equals(routines, that.routines)
                && Objects.equals(sequences, that.sequences) && Objects.equals(tables, that.tables)
                && Objects.equals(views, that.views) && Objects.equals(timescale, that.timescale)
                && Objects.equals(unsupported, that.unsupported);
    }

    @Override
    public int hashCode() {
        return Objects.hash(extensions, schemas, types, routines, sequences, tables, views, timescale, unsupported);
    }

    @Override
    public String toString() {
        return "DatabaseModel[extensions=" + extensions + ", schemas=" + schemas + ", types=" + types
                + ", routines=" + routines + ", sequences=" + sequences + ", tables=" + tables + ", views=" + views
                + ", timescale=" + timescale + ", unsupported=" + unsupported + "]";
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
