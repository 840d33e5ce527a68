package dev.timescalemigrate;

import dev.timescalemigrate.model.QualifiedName;

import java.time.Duration;
import java.util.List;

/**
 * Source and target compared table by table: row counts and content checksums computed in each database.
 *
 * @param tables   one entry per table
 * @param duration how long the comparison took
 */
public record VerificationReport(List<TableVerification> tables, Duration duration) {

    public VerificationReport {
        tables = List.copyOf(tables);
    }

    /** Whether every table matches. */
    public boolean matches() {
        return tables.stream().allMatch(TableVerification::matches);
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
