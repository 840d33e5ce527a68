package dev.timescalemigrate;

import dev.timescalemigrate.internal.strategy.PerTableStrategy;
import dev.timescalemigrate.spi.MigrationStrategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The built-in strategies, and lookup of any registered strategy by name. */
public final class Strategies {

    private Strategies() {
    }

    /**
     * Table by table, schema then data: pre-data DDL, then each table's data in parallel units over COPY, then
     * keys, indexes, constraints and triggers, sequence positions and ANALYZE. Resumable from the point of
     * failure; no transaction is held open longer than one unit.
     */
    public static MigrationStrategy perTable() {
        return new PerTableStrategy();
    }

    /**
     * The whole database from one exported snapshot of the source: everything {@link #perTable()} moves, then
     * continuous aggregates with their materialized rows, the compressed state of chunks, jobs and policies, owners
     * and privileges. Resumable; a point-in-time copy unless the snapshot was lost or the run resumed.
     */
    public static MigrationStrategy wholeDatabase() {
        return new dev.timescalemigrate.internal.strategy.WholeDatabaseStrategy();
    }

    /**
     * Streaming with compression: every time-series table becomes a hypertable as it is copied (time column, chunk
     * interval and segmentby inferred unless a hypertable rule states them), its data copied in time slices, and
     * each chunk compressed as soon as it is complete, so the target never holds the table uncompressed.
     * Resumable per slice.
     */
    public static MigrationStrategy streaming() {
        return new dev.timescalemigrate.internal.strategy.StreamingStrategy();
    }

    /**
     * Every strategy registered as a {@link MigrationStrategy} service: by a {@code provides} in a module's
     * descriptor on the module path, or in {@code META-INF/services/dev.timescalemigrate.spi.MigrationStrategy}
     * on the class path.
     */
    public static List<MigrationStrategy> available() {
        List<MigrationStrategy> result = new ArrayList<>();
        ServiceLoader.load(MigrationStrategy.class, Strategies.class.getClassLoader()).forEach(result::add);
        return result;
    }

    /** The registered strategy with that name. */
    public static Optional<MigrationStrategy> byName(String name) {
        return available().stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
