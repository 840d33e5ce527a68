package dev.timescalemigrate.examples.cli;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.model.QualifiedName;

import picocli.CommandLine;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code --hypertable TABLE:COLUMN[:INTERVAL]} value: make {@code TABLE} a hypertable on the target, partitioned
 * by {@code COLUMN}.
 *
 * <ul>
 *   <li>{@code TABLE} is {@code schema.table} or {@code table} (schema {@code public}); parts may be double-quoted
 *       ({@code "My Schema"."T"}), unquoted parts are folded to lower case as in SQL. A name containing
 *       {@code :} must be quoted.</li>
 *   <li>{@code COLUMN} is the time column, quoted or not, same rules.</li>
 *   <li>{@code INTERVAL} is the chunk interval (default 7 days): {@code 1d}, {@code 12h}, {@code 30m},
 *       {@code 90s}, {@code 2w}, {@code 500ms}, {@code 7 days}, {@code 1 day 12 hours}, {@code 1.5h}, or ISO-8601
 *       ({@code P1D}, {@code PT12H}, {@code P2W}); or a plain integer for an integer time column, in the
 *       column's units. Months and years are refused: they have no fixed length.</li>
 * </ul>
 *
 * The value is split at the last one or two colons outside double quotes.
 *
 * @param tableText            the table as given (trimmed)
 * @param table                the table, parsed
 * @param column               the time column, unquoted
 * @param chunkInterval        the chunk interval for a date/time column, or {@code null} (default, or integer)
 * @param integerChunkInterval the chunk interval for an integer column, or {@code null}
 */
record HypertableOption(String tableText, QualifiedName table, String column, Duration chunkInterval,
                        Long integerChunkInterval) {

    static final String FORMAT = "TABLE:COLUMN[:INTERVAL]";
    private static final String EXAMPLE = "e.g. app.readings:ts:1d";

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern AMOUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]+)\\s*");
    private static final Pattern ISO_WEEKS = Pattern.compile("P(\\d+)W");
    private static final Map<String, Duration> UNITS = units();

    HypertableOption {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(column, "column");
    }

    /**
     * Parses a {@code --hypertable} value.
     *
     * @throws IllegalArgumentException saying what is wrong, with an example
     */
    static HypertableOption parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty value: expected " + FORMAT + ", " + EXAMPLE);
        }
        List<String> parts;
        try {
            parts = Text.splitOutsideQuotes(text, ':');
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ": expected " + FORMAT + ", " + EXAMPLE);
        }
        if (parts.size() < 2) {
            throw new IllegalArgumentException("'" + text + "' has no time column: expected " + FORMAT + ", "
                    + EXAMPLE);
        }
        if (parts.size() > 3) {
            throw new IllegalArgumentException("'" + text + "' has too many ':' separators: expected " + FORMAT
                    + ", " + EXAMPLE + " (double-quote a table or column name that contains ':')");
        }
        String tableText = parts.get(0).strip();
        if (tableText.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no table name: expected " + FORMAT + ", "
                    + EXAMPLE);
        }
        QualifiedName table = Text.table(text, tableText);
        String column = column(text, parts.get(1), FORMAT, EXAMPLE);
        if (parts.size() == 2) {
            return new HypertableOption(tableText, table, column, null, null);
        }
        String interval = parts.get(2).strip();
        if (interval.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has an empty chunk interval after the last ':': give "
                    + "one (e.g. 1d, 12h, P1D, or an integer for an integer column) or leave out the ':'");
        }
        if (INTEGER.matcher(interval).matches()) {
            long value;
            try {
                value = Long.parseLong(interval);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("integer chunk interval '" + interval + "' is too large");
            }
            if (value <= 0) {
                throw new IllegalArgumentException("the chunk interval must be positive, was '" + interval + "'");
            }
            return new HypertableOption(tableText, table, column, null, value);
        }
        return new HypertableOption(tableText, table, column, parseInterval(interval), null);
    }

    /**
     * A column name as given: unquoted folded to lower case, quoted kept as it is.
     *
     * @param format  the option's format, for the message
     * @param example an example of the option, for the message
     * @throws IllegalArgumentException saying what is wrong
     */
    static String column(String text, String raw, String format, String example) {
        String c = raw.strip();
        if (c.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has an empty time column: expected " + format + ", "
                    + example);
        }
        if (c.startsWith("\"")) {
            if (c.length() < 3 || !c.endsWith("\"") || c.substring(1, c.length() - 1).replace("\"\"", "")
                    .contains("\"")) {
                throw new IllegalArgumentException("bad quoted column name " + c + " in '" + text + "'");
            }
            return c.substring(1, c.length() - 1).replace("\"\"", "\"");
        }
        if (c.contains("\"")) {
            throw new IllegalArgumentException("bad column name " + c + " in '" + text + "': quote the whole name");
        }
        return c.toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a chunk interval for a date/time column.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    static Duration parseInterval(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        Duration result;
        if (s.startsWith("-") && !s.startsWith("-p")) {
            throw new IllegalArgumentException("the chunk interval must be positive, was '" + text + "'");
        }
        if (s.startsWith("p") || s.startsWith("-p") || s.startsWith("+p")) {
            result = iso(text.strip());
        } else {
            result = Duration.ZERO;
            Matcher m = AMOUNT.matcher(s);
            int at = 0;
            while (at < s.length()) {
                if (!m.find(at) || m.start() != at) {
                    throw new IllegalArgumentException("'" + text + "' is not a chunk interval: write e.g. 1d, 12h, "
                            + "30m, 7 days, P1D, or an integer for an integer time column");
                }
                result = result.plus(amount(text, m.group(1), m.group(2)));
                at = m.end();
            }
            if (s.isEmpty()) {
                throw new IllegalArgumentException("the chunk interval is empty");
            }
        }
        if (result.isZero() || result.isNegative()) {
            throw new IllegalArgumentException("the chunk interval must be positive, was '" + text + "'");
        }
        return result;
    }

    private static Duration iso(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        Matcher weeks = ISO_WEEKS.matcher(upper);
        if (weeks.matches()) {
            return Duration.ofDays(7 * Long.parseLong(weeks.group(1)));
        }
        int t = upper.indexOf('T');
        String datePart = t < 0 ? upper : upper.substring(0, t);
        if (datePart.contains("Y") || datePart.contains("M")) {
            throw new IllegalArgumentException("'" + text + "' uses months or years, which have no fixed length: "
                    + "give days instead, e.g. P30D");
        }
        try {
            return Duration.parse(upper);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration: write e.g. P1D, PT12H "
                    + "or P2W");
        }
    }

    private static Duration amount(String text, String number, String unit) {
        Duration perUnit = UNITS.get(unit);
        if (perUnit == null) {
            if (unit.startsWith("mo") || unit.startsWith("y")) {
                throw new IllegalArgumentException("'" + text + "' uses months or years, which have no fixed "
                        + "length: give days instead, e.g. 30d");
            }
            throw new IllegalArgumentException("unknown unit '" + unit + "' in chunk interval '" + text
                    + "': use ms, s, m (minutes), h, d or w (or seconds, minutes, hours, days, weeks)");
        }
        BigDecimal nanos = new BigDecimal(number).multiply(BigDecimal.valueOf(perUnit.toNanos()));
        try {
            return Duration.ofNanos(nanos.longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("chunk interval '" + text + "' is too large or too precise");
        }
    }

    private static Map<String, Duration> units() {
        Map<String, Duration> u = new java.util.HashMap<>();
        for (String n : List.of("ms", "msec", "msecs", "millisecond", "milliseconds")) {
            u.put(n, Duration.ofMillis(1));
        }
        for (String n : List.of("s", "sec", "secs", "second", "seconds")) {
            u.put(n, Duration.ofSeconds(1));
        }
        for (String n : List.of("m", "min", "mins", "minute", "minutes")) {
            u.put(n, Duration.ofMinutes(1));
        }
        for (String n : List.of("h", "hr", "hrs", "hour", "hours")) {
            u.put(n, Duration.ofHours(1));
        }
        for (String n : List.of("d", "day", "days")) {
            u.put(n, Duration.ofDays(1));
        }
        for (String n : List.of("w", "wk", "wks", "week", "weeks")) {
            u.put(n, Duration.ofDays(7));
        }
        return Map.copyOf(u);
    }

    /** Adds this rule to a migration. */
    void applyTo(Migration.Builder builder) {
        builder.hypertable(tableText, h -> {
            h.timeColumn(column);
            if (chunkInterval != null) {
                h.chunkInterval(chunkInterval);
            }
            if (integerChunkInterval != null) {
                h.integerChunkInterval(integerChunkInterval);
            }
        });
    }

    /** picocli converter for {@link #parse}. */
    static final class Converter implements CommandLine.ITypeConverter<HypertableOption> {
        @Override
        public HypertableOption convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
