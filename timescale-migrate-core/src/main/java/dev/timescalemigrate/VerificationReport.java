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
     * One table compared: the rows of the source table and of the target table that the comparison covers (every
     * row, or for a backfill the rows before its bound), their counts and content checksums.
     */
    public static final class TableVerification {

        private final QualifiedName table;
        private final QualifiedName target;
        private final long sourceRows;
        private final long targetRows;
        private final String sourceChecksum;
        private final String targetChecksum;
        private final String compared;

        private TableVerification(Builder b) {
            this.table = java.util.Objects.requireNonNull(b.table, "table");
            this.target = b.target == null ? b.table : b.target;
            this.sourceRows = b.sourceRows;
            this.targetRows = b.targetRows;
            this.sourceChecksum = java.util.Objects.requireNonNull(b.sourceChecksum, "sourceChecksum");
            this.targetChecksum = java.util.Objects.requireNonNull(b.targetChecksum, "targetChecksum");
            this.compared = b.compared;
        }

        /** A builder for the comparison of {@code table} (the target table has the same name unless set). */
        public static Builder builder(QualifiedName table) {
            return new Builder(table);
        }

        /** The source table. */
        public QualifiedName table() {
            return table;
        }

        /** The target table. */
        public QualifiedName target() {
            return target;
        }

        /** Rows compared on the source. */
        public long sourceRows() {
            return sourceRows;
        }

        /** Rows compared on the target. */
        public long targetRows() {
            return targetRows;
        }

        /** The checksum on the source. */
        public String sourceChecksum() {
            return sourceChecksum;
        }

        /** The checksum on the target. */
        public String targetChecksum() {
            return targetChecksum;
        }

        /** Which rows were compared, e.g. {@code every row} or {@code rows with "ts" < 2025-03-15 00:00:00+00}. */
        public String compared() {
            return compared;
        }

        /** Whether counts and checksums are equal. */
        public boolean matches() {
            return sourceRows == targetRows && sourceChecksum.equals(targetChecksum);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof TableVerification t && table.equals(t.table) && target.equals(t.target)
                    && sourceRows == t.sourceRows && targetRows == t.targetRows
                    && sourceChecksum.equals(t.sourceChecksum) && targetChecksum.equals(t.targetChecksum)
                    && compared.equals(t.compared);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(table, target, sourceRows, targetRows, sourceChecksum, targetChecksum,
                    compared);
        }

        @Override
        public String toString() {
            String scope = EVERY_ROW.equals(compared) ? "" : ", " + compared;
            return table + (matches() ? " matches (" + sourceRows + " rows" + scope + ")"
                    : " DIFFERS" + (scope.isEmpty() ? "" : " (" + compared + ")") + ": source " + sourceRows
                    + " rows, checksum " + sourceChecksum + "; target " + targetRows + " rows, checksum "
                    + targetChecksum);
        }

        /** Builds a {@link TableVerification}. */
        public static final class Builder {
            private final QualifiedName table;
            private QualifiedName target;
            private long sourceRows;
            private long targetRows;
            private String sourceChecksum;
            private String targetChecksum;
            private String compared = EVERY_ROW;

            private Builder(QualifiedName table) {
                this.table = table;
            }

            /** The target table, when its name differs. */
            public Builder target(QualifiedName target) {
                this.target = target;
                return this;
            }

            /** The source side: rows compared and their checksum. */
            public Builder sourceSide(long rows, String checksum) {
                this.sourceRows = rows;
                this.sourceChecksum = checksum;
                return this;
            }

            /** The target side: rows compared and their checksum. */
            public Builder targetSide(long rows, String checksum) {
                this.targetRows = rows;
                this.targetChecksum = checksum;
                return this;
            }

            /** Which rows were compared (default {@link VerificationReport#EVERY_ROW}). */
            public Builder compared(String compared) {
                this.compared = java.util.Objects.requireNonNull(compared, "compared");
                return this;
            }

            /** The comparison. */
            public TableVerification build() {
                return new TableVerification(this);
            }
        }
    }

    /** What {@link TableVerification#compared()} says when every row of the table was compared. */
    public static final String EVERY_ROW = "every row";
}
