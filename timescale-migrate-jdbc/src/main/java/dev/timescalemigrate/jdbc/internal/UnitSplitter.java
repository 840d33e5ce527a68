package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.spi.CopyUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Splits a source table into copy units of about a given size.
 *
 * <p>A table no larger than the unit size is one whole-table unit ({@code #0000}). A larger one is split into
 * {@code max(ceil(bytes / unitBytes), minUnits)} (at most {@value #MAX_UNITS}) half-open ranges
 * ({@code #0001}, ...) of equal width between the least and greatest value, of, in this order of preference: the
 * preferred column; the first column of the primary key or of another valid, non-partial btree index, when its
 * type (domains resolved) is an integer, {@code date}, {@code timestamp} or {@code timestamptz}; the physical row
 * position ({@code ctid} page ranges; ordinary tables only, not hypertables). The first range has no lower
 * bound and takes the NULLs of a nullable column, the last has no upper bound, so rows outside the bounds read
 * (including infinite timestamps) are covered too. Bounds are printed in the types' ISO input formats, in UTC
 * (see {@link SplitKind#literal}).
 */
final class UnitSplitter {

    private static final Logger LOG = LoggerFactory.getLogger(UnitSplitter.class);

    /** The most units a table is split into. */
    static final int MAX_UNITS = 100_000;

    private final DatabaseModel sourceModel;

    UnitSplitter(DatabaseModel sourceModel) {
        this.sourceModel = sourceModel;
    }

    /**
     * The units of a table.
     *
     * @param unitBytes the size of a unit, positive
     * @param minUnits  the fewest units a table larger than one unit is split into, at least 1
     */
    List<CopyUnit> split(Connection c, Table table, String preferredColumn, long unitBytes, int minUnits)
            throws SQLException {
        QualifiedName name = table.name();
        boolean hypertable = sourceModel.timescale().hypertable(name).isPresent();
        TableSize size = TableSize.of(c, table, sourceModel);
        if (size.bytes() <= unitBytes) {
            return List.of(whole(name, size));
        }
        int n = unitCount(size.bytes(), unitBytes, minUnits);
        for (SplitColumn column : candidates(SplitColumn.of(c, table), name, preferredColumn)) {
            Optional<SplitColumn.Span> span = column.span(c, Inheritance.relation(table.name(), sourceModel));
            List<CopyUnit.Range> ranges = span.isEmpty() ? List.of() : columnRanges(column, span.get(), n);
            if (ranges.size() > 1) {
                LOG.debug("Split {} ({} bytes, about {} rows) into {} units by column {}", name, size.bytes(),
                        size.rows(), ranges.size(), column.name());
                return units(name, ranges, size);
            }
        }
        if (!hypertable && table.holdsRows() && size.pages() > 1) {
            List<CopyUnit.Range> ranges = ctidRanges(size.pages(), n);
            if (ranges.size() > 1) {
                LOG.debug("Split {} ({} bytes, {} pages) into {} units by physical position (ctid)", name,
                        size.bytes(), size.pages(), ranges.size());
                return units(name, ranges, size);
            }
        }
        LOG.debug("{} ({} bytes) has no column to split by: one unit", name, size.bytes());
        return List.of(whole(name, size));
    }

    /** How many units {@code bytes} are split into: {@code max(ceil(bytes / unitBytes), minUnits)}, capped. */
    static int unitCount(long bytes, long unitBytes, int minUnits) {
        long wanted = Math.max(ceilDiv(bytes, unitBytes), minUnits);
        return (int) Math.min(wanted, MAX_UNITS);
    }

    /**
     * The columns to try, best first: the preferred one (when it can split), then those that lead an index, by
     * their index rank.
     */
    static List<SplitColumn> candidates(List<SplitColumn> columns, QualifiedName table, String preferredColumn) {
        List<SplitColumn> candidates = new ArrayList<>();
        if (preferredColumn != null) {
            Optional<SplitColumn> preferred = columns.stream().filter(sc -> sc.name().equals(preferredColumn))
                    .findFirst();
            if (preferred.isPresent()) {
                candidates.add(preferred.get());
            } else {
                LOG.warn("Cannot split {} by column {}: it is not an integer, date or timestamp column of the table; "
                        + "choosing another way to split it", table, preferredColumn);
            }
        }
        columns.stream().filter(sc -> sc.indexRank() >= 0 && !sc.name().equals(preferredColumn))
                .sorted(Comparator.comparingInt(SplitColumn::indexRank)).forEach(candidates::add);
        return candidates;
    }

    /** Equal ranges of a column between its least and greatest values; one range when they are equal. */
    static List<CopyUnit.Range> columnRanges(SplitColumn column, SplitColumn.Span span, int n) {
        List<Long> bounds = boundaries(span.lo(), span.hi(), n);
        List<CopyUnit.Range> ranges = new ArrayList<>(bounds.size() + 1);
        String previous = null;
        for (int i = 0; i <= bounds.size(); i++) {
            String upper = i < bounds.size() ? column.kind().literal(bounds.get(i)) : null;
            ranges.add(new CopyUnit.Range(column.name(), column.baseType(), previous, upper,
                    i == 0 && !column.notNull()));
            previous = upper;
        }
        return ranges;
    }

    /** Page ranges of {@code ctid}: the first without a lower bound, the last without an upper one. */
    static List<CopyUnit.Range> ctidRanges(long pages, int n) {
        List<Long> bounds = boundaries(0, pages - 1, n);
        List<CopyUnit.Range> ranges = new ArrayList<>(bounds.size() + 1);
        String previous = null;
        for (int i = 0; i <= bounds.size(); i++) {
            String upper = i < bounds.size() ? "(" + bounds.get(i) + ",0)" : null;
            ranges.add(new CopyUnit.Range("ctid", "tid", previous, upper, false));
            previous = upper;
        }
        return ranges;
    }

    /**
     * The inner boundaries that divide {@code [lo, hi]} into {@code n} ranges of (nearly) equal width, strictly
     * increasing and each greater than {@code lo}; fewer than {@code n - 1} when the span is narrower than n.
     */
    static List<Long> boundaries(long lo, long hi, int n) {
        List<Long> bounds = new ArrayList<>();
        if (hi <= lo || n < 2) {
            return bounds;
        }
        BigInteger low = BigInteger.valueOf(lo);
        BigInteger span = BigInteger.valueOf(hi).subtract(low).add(BigInteger.ONE);
        BigInteger parts = BigInteger.valueOf(n);
        long previous = lo;
        for (int i = 1; i < n; i++) {
            long b = low.add(span.multiply(BigInteger.valueOf(i)).divide(parts)).longValueExact();
            if (b > previous) {
                bounds.add(b);
                previous = b;
            }
        }
        return bounds;
    }

    /** The key of a table's unit: {@code "schema"."table"#0003}; {@code #0000} is the whole table. */
    static String key(QualifiedName table, int ordinal) {
        return table.quoted() + "#" + String.format(Locale.ROOT, "%04d", ordinal);
    }

    /** The one unit of a whole table. */
    static CopyUnit whole(QualifiedName table, TableSize size) {
        return new CopyUnit(table, key(table, 0), null, size.rows(), size.bytes());
    }

    /** Units {@code #0001}, ... of the ranges, the table's estimates shared evenly between them. */
    static List<CopyUnit> units(QualifiedName table, List<CopyUnit.Range> ranges, TableSize size) {
        List<CopyUnit> units = new ArrayList<>(ranges.size());
        int n = ranges.size();
        for (int i = 0; i < n; i++) {
            units.add(new CopyUnit(table, key(table, i + 1), ranges.get(i), size.rows() / n, size.bytes() / n));
        }
        return List.copyOf(units);
    }

    /** {@code ceil(a / b)} for a positive {@code b}. */
    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
