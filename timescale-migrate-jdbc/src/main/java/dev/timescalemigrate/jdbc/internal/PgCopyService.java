package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.exception.DataTransferException;
import dev.timescalemigrate.model.CompressionSettings;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.spi.CopyResult;
import dev.timescalemigrate.adapter.CopyService;
import dev.timescalemigrate.spi.CopyUnit;
import dev.timescalemigrate.adapter.TableStatistics;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The {@link CopyService} between two PostgreSQL databases: splits tables into units on the source
 * ({@link UnitSplitter}, or {@link SlicePlanner} for time slices, both from a {@link TableSize} estimate) and
 * copies each unit with {@code COPY ... TO STDOUT} on the source piped into {@code COPY ... FROM STDIN} on the
 * target ({@link CopyPump}), in the format {@link CopyFormats} chooses for the table. Also reads a table's
 * statistics ({@link StatisticsReader}).
 */
final class PgCopyService implements CopyService {

    private final ConnectionPool source;
    private final PgCheckpointStore checkpoints;
    private final UnitSplitter splitter;
    private final SlicePlanner slicer;
    private final CopyFormats formats;
    private final CopyPump pump;
    private final StatisticsReader statistics;

    /**
     * @param snapshot the exported snapshot every unit reads, or {@code null} for a transaction per unit
     * @param formats  each table's COPY format (shared with the verifier, which reads in the same one)
     */
    PgCopyService(ConnectionPool source, ConnectionPool target, PgCheckpointStore checkpoints,
                  DatabaseModel sourceModel, SnapshotCoordinator snapshot, CopyFormats formats) {
        this.source = source;
        this.checkpoints = checkpoints;
        this.splitter = new UnitSplitter(sourceModel);
        this.slicer = new SlicePlanner(sourceModel);
        this.formats = formats;
        this.pump = new CopyPump(source, target, checkpoints, snapshot, Inheritance.parents(sourceModel));
        this.statistics = new StatisticsReader(sourceModel);
    }

    @Override
    public List<CopyUnit> split(Table table, String preferredColumn, long unitBytes, int minUnits) {
        if (unitBytes < 1) {
            throw new IllegalArgumentException("unitBytes must be positive");
        }
        try {
            return source.withConnection(c -> splitter.split(c, table, preferredColumn, unitBytes,
                    Math.max(1, minUnits)));
        } catch (SQLException e) {
            throw failed("Splitting " + table.name() + " into copy units", table, e);
        }
    }

    @Override
    public List<CopyUnit> slices(Table table, String column, long width) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be positive");
        }
        try {
            return source.withConnection(c -> slicer.slices(c, table, column, width));
        } catch (SQLException e) {
            throw failed("Splitting " + table.name() + " into time slices", table, e);
        }
    }

    @Override
    public CopyResult copy(Table table, CopyUnit unit, QualifiedName targetTable) {
        checkpoints.requireBegun();
        return pump.copy(table, unit, targetTable, formats.of(table));
    }

    @Override
    public CopyResult copy(Table table, CopyUnit unit, QualifiedName targetTable, Map<String, String> targetSettings,
                           List<CompressionSettings.OrderBy> sourceOrder) {
        checkpoints.requireBegun();
        return pump.copy(table, unit, targetTable, formats.of(table), null, null, targetSettings, sourceOrder);
    }

    @Override
    public CopyResult backfill(Table table, CopyUnit unit, QualifiedName targetTable, CopyUnit.Range before,
                               List<String> key) {
        checkpoints.requireBegun();
        if (key != null && key.isEmpty()) {
            throw new IllegalArgumentException("a merging copy needs a key");
        }
        return pump.copy(table, unit, targetTable, formats.of(table), before, key);
    }

    /**
     * The statistics of a table: its size estimate, {@code pg_stats} per column, and the bounds (in microseconds
     * since 1970 for dates and timestamps) of its time columns that are NOT NULL or lead an index.
     */
    TableStatistics statistics(Table table) {
        try {
            return source.withConnection(c -> statistics.read(c, table));
        } catch (SQLException e) {
            throw failed("Reading the statistics of " + table.name(), table, e);
        }
    }

    /** A failed read of the source about a table: what failed, the server's message and SQLSTATE. */
    static DataTransferException failed(String what, Table table, SQLException e) {
        return new DataTransferException(what + " failed: " + PgErrors.describe(e), table.name().quoted(), null,
                e.getSQLState(), e);
    }
}
