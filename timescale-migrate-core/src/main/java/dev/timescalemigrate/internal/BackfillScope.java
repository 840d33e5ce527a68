package dev.timescalemigrate.internal;

import dev.timescalemigrate.Backfill;
import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.Constraint;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Hypertable;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.SqlIdentifiers;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.spi.CopyUnit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which rows of each selected table a backfill copies and verifies: a pure function of the backfill settings and
 * the selected source model.
 *
 * @param tables   every selected table that holds rows, with its rows
 * @param problems what stops the backfill (a bound an integer time column lacks, a bound of the wrong kind, a time
 *                 column that does not exist)
 */
public record BackfillScope(Map<QualifiedName, Rows> tables, List<String> problems) {

    /** The rows of one table a backfill copies. */
    public sealed interface Rows {

        /** The table. */
        QualifiedName table();

        /** For people: which rows. */
        String description();
    }

    /**
     * The rows whose time column is below the bound.
     *
     * @param column the time column
     * @param type   its type as {@code format_type} prints it
     * @param bound  the bound as text in the type's input format
     */
    public record Before(QualifiedName table, String column, String type, String bound) implements Rows {

        /** The rows as a half-open range without a lower bound (time columns of hypertables are NOT NULL). */
        public CopyUnit.Range range() {
            return new CopyUnit.Range(column, type, null, bound, false);
        }

        @Override
        public String description() {
            return "rows with " + SqlIdentifiers.quote(column) + " < " + bound;
        }
    }

    /**
     * The rows whose key the target lacks (the application may have written some of the same rows).
     *
     * @param key the key's columns
     */
    public record MissingKeys(QualifiedName table, List<String> key) implements Rows {

        @Override
        public String description() {
            return "rows whose key (" + String.join(", ", key.stream().map(SqlIdentifiers::quote).toList())
                    + ") the target lacks";
        }
    }

    /** Every row: a table with neither a time column nor a key, which the target must hold no rows of. */
    public record Every(QualifiedName table) implements Rows {

        @Override
        public String description() {
            return "every row (no time column and no key: the target table must be empty)";
        }
    }

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS'+00'",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /**
     * The scope of a backfill over the selected tables: a table is time-partitioned when it is a hypertable in the
     * selection (on the source, or by a rule) or on the target (made by the streaming strategy), or was given a time
     * column.
     */
    public static BackfillScope of(Backfill backfill, DatabaseModel selection, DatabaseModel target) {
        Map<QualifiedName, Rows> tables = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        backfill.bounds().keySet().stream().filter(t -> selection.table(t).isEmpty()).forEach(t -> problems.add(
                "A backfill bound names " + t + ", which is not among the tables migrated: " + describe(selection)));
        backfill.timeColumns().keySet().stream().filter(t -> selection.table(t).isEmpty()).forEach(t -> problems.add(
                "A backfill time column is given for " + t + ", which is not among the tables migrated: "
                        + describe(selection)));
        for (Table table : selection.tables()) {
            if (!table.holdsRows()) {
                continue;
            }
            Optional<Hypertable> hypertable = selection.timescale().hypertable(table.name())
                    .or(() -> target.timescale().hypertable(table.name()));
            String column = hypertable.map(h -> h.primaryDimension().column())
                    .orElse(backfill.timeColumn(table.name()).orElse(null));
            if (column != null) {
                if (hypertable.isPresent() && backfill.timeColumn(table.name()).filter(c -> !c.equals(
                        hypertable.get().primaryDimension().column())).isPresent()) {
                    problems.add("A backfill time column \"" + backfill.timeColumn(table.name()).get() + "\" is given "
                            + "for " + table.name() + ", which is a hypertable on \"" + column + "\": drop it.");
                }
                Optional<Column> c = table.column(column);
                if (c.isEmpty()) {
                    problems.add("The backfill time column \"" + column + "\" of " + table.name() + " does not exist."
                            + " Its columns: " + String.join(", ", table.columns().stream().map(Column::name)
                            .toList()) + ".");
                    continue;
                }
                Optional<String> bound = bound(backfill, table.name(), column, c.get().type(), problems);
                if (bound.isPresent() && !c.get().notNull()) {
                    problems.add("The backfill time column \"" + column + "\" of " + table.name() + " can be NULL: rows "
                            + "without a time would be neither copied nor compared. Make the column NOT NULL on both "
                            + "sides, or drop its backfill time column to copy the table by its key.");
                } else {
                    // the bound is cast to the base type: to the column's own precision it would be rounded
                    String base = c.get().type().replaceAll("\\(\\d+\\)", "");
                    bound.ifPresent(b -> tables.put(table.name(), new Before(table.name(), column, base, b)));
                }
                continue;
            }
            if (backfill.bound(table.name()).isPresent()) {
                problems.add("A backfill bound is given for " + table.name() + ", which has no time column: name "
                        + "it with backfillTimeColumn (--backfill-time-column), or drop the bound.");
            }
            Optional<List<String>> key = key(table);
            tables.put(table.name(), key.<Rows>map(k -> new MissingKeys(table.name(), k))
                    .orElse(new Every(table.name())));
        }
        return new BackfillScope(tables, problems);
    }

    /** The table's primary key, else its first unique constraint on NOT NULL columns. */
    static Optional<List<String>> key(Table table) {
        Optional<Constraint> pk = table.primaryKey();
        if (pk.isPresent() && !pk.get().columns().isEmpty()) {
            return Optional.of(pk.get().columns());
        }
        return table.constraints().stream()
                .filter(c -> c.type() == Constraint.Type.UNIQUE && !c.columns().isEmpty())
                .filter(c -> c.columns().stream().allMatch(n -> table.column(n).map(Column::notNull).orElse(false)))
                .map(Constraint::columns).findFirst();
    }

    private static Optional<String> bound(Backfill backfill, QualifiedName table, String column, String type,
                                          List<String> problems) {
        Optional<String> own = backfill.bound(table);
        String base = type.replaceAll("\\(\\d+\\)", ""); // timestamp(3) with time zone: a timestamptz
        boolean integer = TimeColumns.INTEGER_TYPES.contains(base);
        if (integer) {
            if (own.isEmpty()) {
                problems.add(table + " is partitioned by the integer column \"" + column + "\" (" + type + "), which "
                        + "the cutoff " + backfill.cutoff() + " cannot bound: give its own bound in the column's "
                        + "units with backfillUntil(\"" + plain(table) + "\", value) (--backfill-until=" + plain(table) + ":VALUE).");
                return Optional.empty();
            }
            try {
                long value = Long.parseLong(own.get());
                long max = switch (base) {
                    case "smallint" -> Short.MAX_VALUE;
                    case "integer" -> Integer.MAX_VALUE;
                    default -> Long.MAX_VALUE;
                };
                if (value > max || value < -max - 1) {
                    problems.add("The backfill bound " + value + " of " + table + " does not fit its time column \""
                            + column + "\" (" + type + ").");
                    return Optional.empty();
                }
                return Optional.of(Long.toString(value));
            } catch (NumberFormatException e) {
                problems.add("The backfill bound of " + table + " is '" + own.get() + "', but its time column \""
                        + column + "\" is " + type + ": give an integer.");
                return Optional.empty();
            }
        }
        if (!TimeColumns.DATE_TIME_TYPES.contains(base)) {
            problems.add("The backfill time column \"" + column + "\" of " + table + " is of type " + type
                    + "; a backfill bounds timestamptz, timestamp, date and integer columns.");
            return Optional.empty();
        }
        Instant cutoff = backfill.cutoff();
        if (own.isPresent()) {
            try {
                cutoff = Instant.parse(own.get());
            } catch (DateTimeParseException e) {
                problems.add("The backfill bound of " + table + " is '" + own.get() + "', but its time column \""
                        + column + "\" is " + type + ": give an instant such as 2025-03-15T00:00:00Z.");
                return Optional.empty();
            }
        }
        if ("date".equals(base) && !cutoff.equals(cutoff.truncatedTo(java.time.temporal.ChronoUnit.DAYS))) {
            problems.add(table + " is bounded by the date column \"" + column + "\", and its cutoff " + cutoff + " is not "
                    + "midnight UTC: the rows of " + DATE.format(cutoff) + " would be neither the backfill's nor all "
                    + "the application's. Give the table a bound at a midnight of its own (backfillUntil(\""
                    + plain(table) + "\", instant), --backfill-until=" + plain(table) + ":2025-03-15T00:00:00Z) and "
                    + "let the application write that day's rows from it on.");
            return Optional.empty();
        }
        java.util.regex.Matcher precision = java.util.regex.Pattern.compile("\\((\\d+)\\)").matcher(type);
        if (precision.find() && Integer.parseInt(precision.group(1)) < 6) {
            long step = (long) Math.pow(10, 9 - Integer.parseInt(precision.group(1)));
            if (cutoff.getNano() % step != 0) {
                problems.add("The cutoff " + cutoff + " of " + table + " is finer than its time column \"" + column
                        + "\" (" + type + ") keeps: a row stored at the rounded time could be the history's or the "
                        + "application's. Give a cutoff on the column's precision.");
                return Optional.empty();
            }
        }
        // PostgreSQL keeps microseconds: a cutoff between two counts as the later (rows at the earlier are before it)
        int nanos = cutoff.getNano() % 1000;
        if (nanos != 0) {
            cutoff = cutoff.plusNanos(1000 - nanos);
        }
        return Optional.of("date".equals(base) ? DATE.format(cutoff) : TIMESTAMP.format(cutoff));
    }

    /** A table's name as the command line's options take it: {@code schema.table}, quoted only where needed. */
    public static String plain(QualifiedName table) {
        return part(table.schema()) + "." + part(table.name());
    }

    private static String part(String identifier) {
        return identifier.matches("[a-z_][a-z0-9_$]*") ? identifier : SqlIdentifiers.quote(identifier);
    }

    private static String describe(DatabaseModel selection) {
        List<String> names = selection.tables().stream().map(t -> t.name().toString()).toList();
        return names.isEmpty() ? "none." : String.join(", ", names.subList(0, Math.min(10, names.size())))
                + (names.size() > 10 ? ", ..." : "") + ".";
    }
}
