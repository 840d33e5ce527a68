package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.adapter.TableStatistics;
import dev.timescalemigrate.adapter.TableStatistics.ColumnStatistics;

import org.jooq.Record;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads what the source's statistics say about a table, writing nothing: its size estimate ({@link TableSize}),
 * {@code pg_stats} per column (of the whole inheritance tree for a hypertable), and the bounds of its time
 * columns that are NOT NULL or lead an index.
 */
final class StatisticsReader {

    private final DatabaseModel sourceModel;

    StatisticsReader(DatabaseModel sourceModel) {
        this.sourceModel = sourceModel;
    }

    /**
     * The statistics of a table; bounds in microseconds since 1970 for dates and timestamps, as they are for
     * integers.
     */
    TableStatistics read(Connection c, Table table) throws SQLException {
        TableSize size = TableSize.of(c, table, sourceModel);
        Map<String, SplitColumn> split = SplitColumn.of(c, table).stream()
                .collect(Collectors.toMap(SplitColumn::name, s -> s));
        Map<String, double[]> stats = new HashMap<>();
        boolean inherited = sourceModel.timescale().hypertable(table.name()).isPresent();
        for (Record r : Sql.fetch(c, """
                SELECT attname::text, n_distinct::float8, null_frac::float8 FROM pg_catalog.pg_stats
                WHERE schemaname = ? AND tablename = ? AND inherited = ?""",
                table.name().schema(), table.name().name(), inherited)) {
            stats.put(r.get(0, String.class), new double[] {Sql.doubleOf(r, 1), Sql.doubleOf(r, 2)});
        }
        List<ColumnStatistics> columns = new ArrayList<>();
        for (Column column : table.columns()) {
            SplitColumn sc = split.get(column.name());
            Long min = null;
            Long max = null;
            if (sc != null && (sc.notNull() || sc.indexRank() >= 0)) {
                Optional<SplitColumn.Span> span = sc.span(c, Inheritance.relation(table.name(), sourceModel));
                if (span.isPresent()) {
                    long factor = sc.kind() == SplitKind.DATE ? SplitKind.MICROS_PER_DAY : 1;
                    min = span.get().lo() * factor;
                    max = span.get().hi() * factor;
                }
            }
            double[] st = stats.get(column.name());
            columns.add(ColumnStatistics.builder(column.name(), sc != null ? sc.baseType() : column.type())
                    .notNull(column.notNull()).indexRank(sc != null ? sc.indexRank() : indexRank(table, column.name()))
                    .nDistinct(st == null ? null : st[0]).nullFraction(st == null ? null : st[1]).min(min).max(max)
                    .build());
        }
        return new TableStatistics(size.rows(), size.bytes(), !stats.isEmpty(), columns);
    }

    /** 2 when the column leads an index of the model, else -1 (for columns that cannot split). */
    static int indexRank(Table table, String column) {
        return table.indexes().stream().anyMatch(i -> !i.keys().isEmpty()
                && (i.keys().get(0).equals(column) || i.keys().get(0).equals(Sql.id(column)))) ? 2 : -1;
    }
}
