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
 * @param extensions the installed extensions other than {@code plpgsql}
 * @param schemas    user schemas (neither system nor extension-owned ones)
 * @param types      user-defined enum, domain, composite and range types
 * @param routines   functions and procedures
 * @param sequences  free-standing and column-owned sequences (identity sequences belong to their column)
 * @param tables     ordinary and partitioned tables, partitions after their parent, referenced tables first
 * @param views      views and materialized views, each after everything it selects from
 * @param timescale  TimescaleDB objects; {@link TimescaleModel#NONE} on plain PostgreSQL
 * @param unsupported objects found that the library cannot recreate (aggregates, foreign tables, table
 *                    inheritance, rules, row-level security policies), each described for people; a migration
 *                    that includes any of them stops in its preflight
 */
public record DatabaseModel(
        List<Extension> extensions,
        List<Schema> schemas,
        List<UserType> types,
        List<Routine> routines,
        List<Sequence> sequences,
        List<Table> tables,
        List<View> views,
        TimescaleModel timescale,
        List<String> unsupported) {

    public DatabaseModel {
        extensions = List.copyOf(extensions);
        schemas = List.copyOf(schemas);
        types = List.copyOf(types);
        routines = List.copyOf(routines);
        sequences = List.copyOf(sequences);
        tables = List.copyOf(tables);
        views = List.copyOf(views);
        timescale = Objects.requireNonNull(timescale, "timescale");
        unsupported = List.copyOf(unsupported);
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
}
