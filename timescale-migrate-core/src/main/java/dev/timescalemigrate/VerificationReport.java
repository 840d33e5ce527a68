package dev.timescalemigrate;

import dev.timescalemigrate.model.QualifiedName;

import java.time.Duration;
import java.util.List;

/**
 * Source and target compared table by table: row counts and content checksums computed in each database; and the
 * large objects, when the run carried them.
 *
 * @param tables       one entry per table
 * @param duration     how long the comparison took
 * @param largeObjects the large objects compared, or {@code null} when they were not
 */
public record VerificationReport(List<TableVerification> tables, Duration duration,
                                 LargeObjectVerification largeObjects) {

    public VerificationReport {
        tables = List.copyOf(tables);
    }

    /** The tables compared, large objects not. */
    public VerificationReport(List<TableVerification> tables, Duration duration) {
        this(tables, duration, null);
    }

    /** Whether every table matches, and the large objects when compared. */
    public boolean matches() {
        return tables.stream().allMatch(TableVerification::matches)
                && (largeObjects == null || largeObjects.matches());
    }

    /**
     * The large objects compared: on each side, every object's OID, size and a digest of its data.
     *
     * @param sourceObjects how many the source has
     * @param targetObjects how many the target has
     * @param differences   one line per object that differs or exists on one side only
     */
    public record LargeObjectVerification(long sourceObjects, long targetObjects, List<String> differences) {

        public LargeObjectVerification {
            differences = List.copyOf(differences);
        }

        /** Whether both sides have the same objects with the same data. */
        public boolean matches() {
            return differences.isEmpty();
        }

        @Override
        public String toString() {
            return matches() ? "large objects match (" + sourceObjects + ")"
                    : "large objects DIFFER: source " + sourceObjects + ", target " + targetObjects + ": "
                    + String.join("; ", differences);
        }
    }

    /** The tables that do not match. */
    public List<TableVerification> mismatches() {
        return tables.stream().filter(t -> !t.matches()).toList();
    }

    /**
     * One table compared.
     *
     * @param table          the source table
     * @param target         the target table
     * @param sourceRows     rows on the source
     * @param targetRows     rows on the target
     * @param sourceChecksum checksum on the source
     * @param targetChecksum checksum on the target
     */
    public record TableVerification(QualifiedName table, QualifiedName target, long sourceRows, long targetRows,
                                    String sourceChecksum, String targetChecksum) {

        /** Whether counts and checksums are equal. */
        public boolean matches() {
            return sourceRows == targetRows && sourceChecksum.equals(targetChecksum);
        }

        @Override
        public String toString() {
            return table + (matches() ? " matches (" + sourceRows + " rows)"
                    : " DIFFERS: source " + sourceRows + " rows, checksum " + sourceChecksum + "; target "
                    + targetRows + " rows, checksum " + targetChecksum);
        }
    }
}
