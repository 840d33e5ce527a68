package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.spi.CopyUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits a source table into time slices for streaming: ranges of a column whose boundaries are multiples of a
 * width (a chunk interval), so that every slice writes into as few chunks as possible. At most
 * {@value UnitSplitter#MAX_UNITS} slices: a wider span takes several widths per slice.
 */
final class SlicePlanner {

    private static final Logger LOG = LoggerFactory.getLogger(SlicePlanner.class);

    /**
     * The ranges of a slicing and the width of each, in the column's units.
     *
     * @param ranges the ranges, the first without a lower bound, the last without an upper one
     * @param stride the width of every range but the first and the last
     */
    record Slicing(List<CopyUnit.Range> ranges, long stride) {
    }

    private final DatabaseModel sourceModel;

    SlicePlanner(DatabaseModel sourceModel) {
        this.sourceModel = sourceModel;
    }

    /**
     * The slices of a table by a column.
     *
     * @param width the slice width in microseconds (for an integer column, in its units); positive
     * @throws IllegalArgumentException when the table has no integer, date or timestamp column of that name
     */
    List<CopyUnit> slices(Connection c, Table table, String column, long width) throws SQLException {
        QualifiedName name = table.name();
        TableSize size = TableSize.of(c, table, sourceModel);
        SplitColumn sc = SplitColumn.of(c, table).stream().filter(s -> s.name().equals(column)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + " has no integer, date or timestamp column "
                        + column));
        Optional<SplitColumn.Span> span = sc.span(c, Inheritance.relation(table.name(), sourceModel));
        if (span.isEmpty()) {
            return List.of(UnitSplitter.whole(name, size));
        }
        Slicing slicing = slicing(sc, span.get(), width);
        if (slicing.ranges().size() == 1) {
            return List.of(UnitSplitter.whole(name, size));
        }
        LOG.debug("Sliced {} ({} bytes) into {} units of {} by {}", name, size.bytes(), slicing.ranges().size(),
                slicing.stride(), sc.name());
        return UnitSplitter.units(name, slicing.ranges(), size);
    }

    /**
     * Boundaries at the multiples of the width (in days for a date column, at least one) after the least value
     * up to the greatest, every {@code k}-th one when there would be more than {@value UnitSplitter#MAX_UNITS}.
     */
    static Slicing slicing(SplitColumn sc, SplitColumn.Span span, long width) {
        long step = sc.kind() == SplitKind.DATE ? Math.max(1, width / SplitKind.MICROS_PER_DAY) : width;
        // chunk-aligned boundaries: multiples of the step after the least value up to the greatest
        long first = Math.floorDiv(span.lo(), step) * step + step;
        long count = span.hi() < first ? 0 : (span.hi() - first) / step + 1;
        long stride = step * Math.max(1, UnitSplitter.ceilDiv(count, UnitSplitter.MAX_UNITS - 1));
        List<CopyUnit.Range> ranges = new ArrayList<>();
        String previous = null;
        for (long b = first; b <= span.hi() && b >= first; b += stride) {
            String upper = sc.kind().literal(b);
            ranges.add(new CopyUnit.Range(sc.name(), sc.baseType(), previous, upper,
                    previous == null && !sc.notNull()));
            previous = upper;
        }
        ranges.add(new CopyUnit.Range(sc.name(), sc.baseType(), previous, null, previous == null && !sc.notNull()));
        return new Slicing(List.copyOf(ranges), stride);
    }
}
