package dev.timescalemigrate.adapter;

import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;

/**
 * Computes a table's row count and content checksum inside a database, so that the data itself does not
 * travel to compare source and target. The checksum does not depend on row order. Thread-safe.
 */
public interface Verifier {

    /**
     * @param count    the number of rows
     * @param checksum a digest of every row's content
     */
    record Checksum(long count, String checksum) {
    }

    /** The checksum of {@code table}'s rows on the source. */
    default Checksum source(Table table) {
        return source(table, null);
    }

    /** The checksum of the rows of {@code table} (columns as in the source model) in {@code targetTable} on the target. */
    default Checksum target(Table table, QualifiedName targetTable) {
        return target(table, targetTable, null);
    }

    /** The checksum of {@code table}'s rows in {@code rows} on the source ({@code null}: every row). */
    Checksum source(Table table, dev.timescalemigrate.spi.CopyUnit.Range rows);

    /** The checksum of the rows in {@code rows} of {@code targetTable} on the target ({@code null}: every row). */
    Checksum target(Table table, QualifiedName targetTable, dev.timescalemigrate.spi.CopyUnit.Range rows);

    /**
     * Up to {@code count} ranges that together take every row of {@code relation} (the source's table, or on the
     * target {@code targetTable}) exactly once, by physical position, so that its rows can be read in parallel, each
     * part reading only its own pages; a single {@code null} (every row) for a table too small to be worth it or one
     * whose rows are not in its own heap (partitioned tables, hypertables, inheritance parents). Checksums of parts
     * add up to the whole table's, so each side may be split its own way.
     */
    java.util.List<dev.timescalemigrate.spi.CopyUnit.Range> parts(Table table, QualifiedName relation,
                                                                  boolean onTarget, int count);

    /**
     * The digests of the rows that the copies of {@code table}'s units streamed, by unit key, as stored with each
     * unit's checkpoint: the source side of a verification that does not read the source again. Only digests of the
     * columns and format this verifier reads now; units copied without one (ranged or merging copies, or by an
     * earlier version) are absent.
     */
    java.util.Map<String, Checksum> copiedDigests(Table table);
}
