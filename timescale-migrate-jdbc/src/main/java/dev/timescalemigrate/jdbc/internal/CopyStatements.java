package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.CompressionSettings;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.spi.CopyUnit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The two COPY statements of a unit: out of the source (its range's rows) and into the target. */
final class CopyStatements {

    /** What a range's column type may look like: a type name, no statement separators or comments. */
    static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z0-9_ .\"(),\\[\\]]+");

    private CopyStatements() {
    }

    /** The columns copied: every column but generated ones, quoted, in order. */
    static String columns(Table table) {
        return table.columns().stream().filter(col -> !col.isGenerated()).map(Column::name)
                .map(Sql::id).collect(Collectors.joining(", "));
    }

    /** {@code COPY (SELECT columns FROM table [WHERE range]) TO STDOUT (FORMAT format)}. */
    static String copyOut(Table table, CopyUnit.Range range, CopyFormats.Format format) {
        return copyOut(table, range, format, table.name().quoted());
    }

    /**
     * {@code COPY (SELECT columns FROM relation [WHERE range]) TO STDOUT (FORMAT format)}, where {@code relation} is
     * the table's quoted name, after {@code ONLY} for an inheritance parent ({@link Inheritance}).
     */
    static String copyOut(Table table, CopyUnit.Range range, CopyFormats.Format format, String relation) {
        return copyOut(table, range, null, format, relation);
    }

    /** {@link #copyOut(Table, CopyUnit.Range, CopyFormats.Format, String)} of the rows in both ranges. */
    static String copyOut(Table table, CopyUnit.Range range, CopyUnit.Range also, CopyFormats.Format format,
                          String relation) {
        return copyOut(table, range, also, format, relation, List.of());
    }

    /**
     * {@link #copyOut(Table, CopyUnit.Range, CopyUnit.Range, CopyFormats.Format, String)} with the rows sorted by
     * {@code order} ({@code ORDER BY column ASC|DESC NULLS FIRST|LAST}, each as given); no ORDER BY when empty.
     */
    static String copyOut(Table table, CopyUnit.Range range, CopyUnit.Range also, CopyFormats.Format format,
                          String relation, List<CompressionSettings.OrderBy> order) {
        String first = predicate(range);
        String second = predicate(also);
        String where = first == null ? second : second == null ? first : "(" + first + ") AND (" + second + ")";
        String orderBy = order.stream().map(o -> Sql.id(o.column()) + (o.descending() ? " DESC" : " ASC")
                + (o.nullsFirst() ? " NULLS FIRST" : " NULLS LAST")).collect(Collectors.joining(", "));
        return "COPY (SELECT " + columns(table) + " FROM " + relation
                + (where == null ? "" : " WHERE " + where) + (orderBy.isEmpty() ? "" : " ORDER BY " + orderBy)
                + ") TO STDOUT (FORMAT " + format.sql() + ")";
    }

    /**
     * {@code COPY target (columns) FROM STDIN (FORMAT format)}; without a column list for a table without columns
     * to copy (it still has rows: PostgreSQL allows tables of no columns).
     */
    static String copyIn(Table table, QualifiedName targetTable, CopyFormats.Format format) {
        String columns = columns(table);
        return "COPY " + targetTable.quoted() + (columns.isEmpty() ? "" : " (" + columns + ")") + " FROM STDIN (FORMAT "
                + format.sql() + ")";
    }

    /**
     * {@code CREATE TEMPORARY TABLE stage ON COMMIT DROP AS SELECT columns FROM target WITH NO DATA}: an empty table
     * of the copied columns with the target's types, gone when the transaction ends.
     */
    static String createStage(Table table, QualifiedName targetTable, QualifiedName stage) {
        String columns = columns(table);
        return "CREATE TEMPORARY TABLE " + Sql.id(stage.name()) + " ON COMMIT DROP AS SELECT "
                + (columns.isEmpty() ? "" : columns) + " FROM " + targetTable.quoted() + " WITH NO DATA";
    }

    /**
     * {@code INSERT INTO target (columns) OVERRIDING SYSTEM VALUE SELECT columns FROM stage ON CONFLICT (key) DO
     * NOTHING}: the staged rows whose key the target lacks (identity columns keep the source's values).
     */
    static String insertMissing(Table table, QualifiedName targetTable, QualifiedName stage, List<String> key) {
        String columns = columns(table);
        return "INSERT INTO " + targetTable.quoted() + " (" + columns + ") OVERRIDING SYSTEM VALUE SELECT " + columns
                + " FROM " + stage.quoted() + " ON CONFLICT (" + key.stream().map(Sql::id)
                .collect(Collectors.joining(", ")) + ") DO NOTHING";
    }

    /**
     * The WHERE condition of a range, or {@code null} for every row: {@code col >= lower::type AND col < upper::type},
     * {@code OR col IS NULL} when the range takes the NULLs.
     *
     * @throws IllegalArgumentException when the range's type does not look like a type name
     */
    static String predicate(CopyUnit.Range range) {
        if (range == null) {
            return null;
        }
        boolean ctid = "ctid".equals(range.column());
        String col = ctid ? "ctid" : Sql.id(range.column());
        String type = range.columnType();
        if (type == null || !TYPE_NAME.matcher(type).matches()) {
            throw new IllegalArgumentException("not a type name: " + type);
        }
        List<String> bounds = new ArrayList<>(2);
        if (range.lower() != null) {
            bounds.add(col + " >= " + Sql.literal(range.lower()) + "::" + type);
        }
        if (range.upper() != null) {
            bounds.add(col + " < " + Sql.literal(range.upper()) + "::" + type);
        }
        if (bounds.isEmpty()) {
            return range.includeNulls() ? null : col + " IS NOT NULL";
        }
        String condition = String.join(" AND ", bounds);
        return range.includeNulls() ? "(" + condition + ") OR " + col + " IS NULL" : condition;
    }
}
