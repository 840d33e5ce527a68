package dev.timescalemigrate.examples.cli;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.model.QualifiedName;

import picocli.CommandLine;

import java.util.List;
import java.util.Objects;

/**
 * A {@code --backfill-time-column TABLE:COLUMN} value: a backfill treats the plain (not hypertable) table
 * {@code TABLE} as time-partitioned by {@code COLUMN} and copies only its rows before the cutoff. {@code TABLE} and
 * {@code COLUMN} follow the rules of {@link HypertableOption}: unquoted parts fold to lower case, double-quote a name
 * with capitals, dots or {@code :}.
 *
 * @param tableText the table as given (trimmed)
 * @param table     the table, parsed
 * @param column    the time column, unquoted
 */
record BackfillTimeColumn(String tableText, QualifiedName table, String column) {

    static final String FORMAT = "TABLE:COLUMN";
    private static final String EXAMPLE = "e.g. app.audit_log:logged_at";

    BackfillTimeColumn {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(column, "column");
    }

    /**
     * Parses a {@code --backfill-time-column} value.
     *
     * @throws IllegalArgumentException saying what is wrong, with an example
     */
    static BackfillTimeColumn parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty value: expected " + FORMAT + ", " + EXAMPLE);
        }
        List<String> parts;
        try {
            parts = Text.splitOutsideQuotes(text, ':');
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ": expected " + FORMAT + ", " + EXAMPLE);
        }
        if (parts.size() != 2) {
            throw new IllegalArgumentException("'" + text + "' is not " + FORMAT + ": expected one ':' between the "
                    + "table and its time column, " + EXAMPLE + " (double-quote a name that contains ':')");
        }
        String tableText = parts.get(0).strip();
        if (tableText.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no table name: expected " + FORMAT + ", "
                    + EXAMPLE);
        }
        QualifiedName table = Text.table(text, tableText);
        return new BackfillTimeColumn(tableText, table, HypertableOption.column(text, parts.get(1), FORMAT,
                EXAMPLE));
    }

    /** Adds this time column to a migration. */
    void applyTo(Migration.Builder builder) {
        builder.backfillTimeColumn(tableText, column);
    }

    /** picocli converter for {@link #parse}. */
    static final class Converter implements CommandLine.ITypeConverter<BackfillTimeColumn> {
        @Override
        public BackfillTimeColumn convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
