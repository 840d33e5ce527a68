package dev.timescalemigrate.adapter;

import dev.timescalemigrate.spi.CopyResult;
import dev.timescalemigrate.spi.CopyUnit;
import dev.timescalemigrate.exception.DataTransferException;
import dev.timescalemigrate.model.Table;

import java.util.List;

/** Streams table data from the source to the target with COPY, one unit at a time. Thread-safe. */
public interface CopyService {

    /**
     * Splits a table into units of about {@code unitBytes} each (at least {@code minUnits} when the table is
     * larger than one unit), by ranges of {@code preferredColumn} when given, else of a suitable indexed
     * integer or time column, else of physical row position. Reads statistics and bounds from the source;
     * writes nothing.
     *
     * @param table           the source table (one that holds rows)
     * @param preferredColumn the column to split by (e.g. a hypertable's time column), or {@code null}
     * @param unitBytes       the wanted unit size
     * @param minUnits        the least number of units for a table larger than one unit (e.g. the parallelism)
     */
    List<CopyUnit> split(Table table, String preferredColumn, long unitBytes, int minUnits);

    /**
     * Copies one unit: {@code COPY ... TO STDOUT} on the source piped into {@code COPY ... FROM STDIN} on the
     * target, binary where every column type allows it. The target transaction that receives the rows also
     * marks the unit done in the checkpoint store, so a unit is either wholly copied and recorded or not at
     * all. A unit already marked done is skipped.
     *
     * @param table the table in the source model (generated columns are not copied)
     * @param unit  the unit
     * @param targetTable the table to write into (usually the same name)
     * @throws DataTransferException carrying the SQLSTATE, for the caller to retry or give up
     */
    CopyResult copy(Table table, CopyUnit unit, dev.timescalemigrate.model.QualifiedName targetTable);

    /**
     * {@link #copy(Table, CopyUnit, dev.timescalemigrate.model.QualifiedName)} with settings of the target session
     * for the unit's transaction only ({@code set_config(name, value, true)}), such as TimescaleDB's direct
     * compression on COPY, and the source's rows read sorted by {@code sourceOrder} ({@code ORDER BY}, each
     * column's direction and place of NULLs as given; unsorted when empty).
     */
    CopyResult copy(Table table, CopyUnit unit, dev.timescalemigrate.model.QualifiedName targetTable,
                    java.util.Map<String, String> targetSettings,
                    List<dev.timescalemigrate.model.CompressionSettings.OrderBy> sourceOrder);

    /**
     * Copies one unit into a target table that already holds rows (a backfill), like {@link #copy}: only the unit's
     * rows within {@code before} when given, and with {@code key} only the rows whose key the target table lacks
     * (the rows are then streamed into a temporary table and inserted from there, those whose key is present left
     * out), in one target transaction with the unit's checkpoint. The result counts the rows added.
     *
     * @param before the rows to copy at most (a time column below a bound), or {@code null} for the unit's rows
     * @param key    the columns of a primary key or unique constraint that the target table has, or {@code null}
     *               to copy the rows as they are
     */
    CopyResult backfill(Table table, CopyUnit unit, dev.timescalemigrate.model.QualifiedName targetTable,
                        CopyUnit.Range before, List<String> key);

    /**
     * Splits a table into time slices of its time column aligned like TimescaleDB's chunks: the boundaries are
     * the multiples of {@code width} (counted from 1970-01-01 UTC for dates and timestamps) between the column's
     * least and greatest values, so each slice falls in exactly one chunk of that interval. The first slice has
     * no lower bound, the last no upper bound. Reads bounds and statistics from the source; writes nothing.
     *
     * @param table  the source table (one that holds rows)
     * @param column an integer, date or timestamp column of the table
     * @param width  the slice width: microseconds for dates and timestamps (whole days for a date), the column's
     *               units for integers
     */
    List<CopyUnit> slices(Table table, String column, long width);
}
