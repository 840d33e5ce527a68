package dev.timescalemigrate.examples.cli;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.model.QualifiedName;

import picocli.CommandLine;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code --backfill-until} value: the backfill's cutoff ({@code INSTANT}) or one table's own bound
 * ({@code TABLE:VALUE}).
 *
 * <ul>
 *   <li>{@code INSTANT} is an ISO-8601 instant, {@code 2025-03-15T00:00:00Z} (or with an offset,
 *       {@code 2025-03-15T01:00:00+01:00}): the rows of time-partitioned tables before it are copied.</li>
 *   <li>{@code TABLE:VALUE}: {@code TABLE} as {@code --hypertable} takes it ({@code schema.table}, parts may be
 *       double-quoted); {@code VALUE} an integer (for an integer time column, in the column's units) or an
 *       instant (a cutoff of the table's own).</li>
 * </ul>
 *
 * An instant contains {@code :} itself: a value that is an instant as a whole is the cutoff; otherwise it is split
 * at the first {@code :} outside double quotes (a table name that contains {@code :} is double-quoted), and what
 * follows must be an integer or an instant.
 *
 * @param tableText the table as given (trimmed), or {@code null} for the cutoff
 * @param table     the table, parsed, or {@code null} for the cutoff
 * @param instant   the cutoff, or the table's own instant bound, or {@code null} for an integer bound
 * @param integer   the table's integer bound, or {@code null}
 */
record BackfillUntil(String tableText, QualifiedName table, Instant instant, Long integer) {

    static final String FORMAT = "INSTANT|TABLE:VALUE";
    private static final String FORMS = "expected an instant (the cutoff, e.g. 2025-03-15T00:00:00Z) or TABLE:VALUE "
            + "with an integer or an instant (a table's own bound, e.g. app.counters:1700000000 or "
            + "app.events:2025-03-01T00:00:00Z)";
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    BackfillUntil {
        if ((instant == null) == (integer == null)) {
            throw new IllegalArgumentException("exactly one of instant and integer");
        }
        if ((table == null) != (tableText == null) || (table == null && integer != null)) {
            throw new IllegalArgumentException("an integer bound needs a table");
        }
    }

    /** Whether this is the backfill's cutoff, not a table's bound. */
    boolean isCutoff() {
        return table == null;
    }

    /**
     * Parses a {@code --backfill-until} value.
     *
     * @throws IllegalArgumentException saying what is wrong and which forms are accepted
     */
    static BackfillUntil parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty value: " + FORMS);
        }
        String s = text.strip();
        Optional<Instant> whole = instant(s);
        if (whole.isPresent()) {
            return new BackfillUntil(null, null, whole.get(), null);
        }
        List<String> parts;
        try {
            parts = Text.splitOutsideQuotes(s, ':');
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ": " + FORMS);
        }
        if (parts.size() == 1) {
            if (INTEGER.matcher(s).matches()) {
                throw new IllegalArgumentException("'" + text + "' is an integer without a table: an integer bound is "
                        + "a table's own, give TABLE:VALUE, e.g. app.counters:" + s);
            }
            throw new IllegalArgumentException("'" + text + "' is neither an instant nor TABLE:VALUE: " + FORMS);
        }
        // the table before the first ':' outside double quotes, the value after it (instants have colons)
        String tableText = parts.get(0).strip();
        String value = String.join(":", parts.subList(1, parts.size())).strip();
        Optional<Instant> bound = instant(value);
        Long number = null;
        if (bound.isEmpty()) {
            if (!INTEGER.matcher(value).matches()) {
                throw new IllegalArgumentException("'" + text + "' is neither an instant nor TABLE:VALUE: " + FORMS
                        + "; the value after the first ':' outside double quotes, '" + value + "', is neither an "
                        + "integer nor an instant (double-quote a table name that contains ':')");
            }
            try {
                number = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the integer bound in '" + text + "' is too large for a bigint");
            }
        }
        if (tableText.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no table name before the ':': " + FORMS);
        }
        QualifiedName table = Text.table(text, tableText);
        return new BackfillUntil(tableText, table, bound.orElse(null), number);
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Adds this cutoff or bound to a migration. */
    void applyTo(Migration.Builder builder) {
        if (isCutoff()) {
            builder.backfillUntil(instant);
        } else if (integer != null) {
            builder.backfillUntil(tableText, integer.longValue());
        } else {
            builder.backfillUntil(tableText, instant);
        }
    }

    /** The value as the option takes it, for messages. */
    @Override
    public String toString() {
        return (isCutoff() ? "" : tableText + ":") + Objects.requireNonNullElse(instant, integer);
    }

    /** picocli converter for {@link #parse}. */
    static final class Converter implements CommandLine.ITypeConverter<BackfillUntil> {
        @Override
        public BackfillUntil convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
