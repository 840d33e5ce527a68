package dev.timescalemigrate.internal.strategy;

import dev.timescalemigrate.HypertableRule;
import dev.timescalemigrate.model.CompressionSettings;
import dev.timescalemigrate.model.Constraint;
import dev.timescalemigrate.model.Dimension;
import dev.timescalemigrate.model.Hypertable;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.adapter.TableStatistics;
import dev.timescalemigrate.adapter.TableStatistics.ColumnStatistics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.timescalemigrate.internal.TimeColumns.DATE_TIME_TYPES;
import static dev.timescalemigrate.internal.TimeColumns.INTEGER_TYPES;
import static dev.timescalemigrate.internal.TimeColumns.inEveryUniqueKey;

/**
 * Decides how the streaming strategy lays out one table on the target, from what the user stated (a
 * {@link HypertableRule}, or the source's own hypertable) and, for the rest, the source's statistics. Pure logic:
 * reads nothing, writes nothing.
 *
 * <ul>
 * <li>Time column: a NOT NULL timestamptz, timestamp, date or integer column (an integer only when its name
 * says time: {@code time}, {@code ts}, {@code epoch}, {@code date}, {@code *_at}, ...) that every unique key and
 * unique index of the table includes (a hypertable's unique keys must); preferring one that leads the primary key,
 * then a unique index, then another index; then timestamptz over timestamp over date over integer; then the first.
 * No such column: the table is not a time series and is copied as a plain table.</li>
 * <li>Chunk interval: the time span divided into as many chunks as the table holds {@code targetChunkBytes},
 * rounded down to a round interval (1 minute ... 1 year; whole days for a date; 1, 2 or 5 times a power of ten
 * for an integer column).</li>
 * <li>Segmentby: from {@code pg_stats}, a column other than the time column, of an integer, text, varchar or uuid
 * type, with few NULLs (at most 10%), between 2 and 10,000 distinct values and at least 100 rows per value in a
 * chunk; preferring one that leads an index, then the most distinct values. Without statistics: none.</li>
 * <li>Orderby: the time column, descending.</li>
 * </ul>
 */
final class Inference {

    /** The least number of rows each segment should hold in a chunk for compression to pay. */
    static final long MIN_ROWS_PER_SEGMENT = 100;
    /** The most distinct values a segmentby column may have. */
    static final long MAX_SEGMENTS = 10_000;
    /** The largest NULL fraction of a segmentby column. */
    static final double MAX_NULL_FRACTION = 0.1;

    private static final Pattern TIME_NAME = Pattern.compile(
            "(?i).*(time|^ts$|^ts_|_ts$|epoch|date|_at$|^at$|day|hour|minute|second|^t$|period|bucket).*");
    private static final List<Duration> ROUND_INTERVALS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2),
            Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(2),
            Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(30), Duration.ofDays(90), Duration.ofDays(180),
            Duration.ofDays(365));
    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final Pattern MONTHS = Pattern.compile("(?i)mon|year");

    /**
     * How one table is laid out.
     *
     * @param table      the table
     * @param hypertable the hypertable to create (with compression settings when compressing), or {@code null} for
     *                   a plain table
     * @param sliceWidth the width of a copy slice: the chunk interval in microseconds (date/time) or units
     *                   (integer); 0 for a plain table
     * @param compressAfter age for a compression policy, or {@code null}
     * @param note       every choice and its reason, for the plan
     * @param problems   every reason why the user's rule cannot be followed; empty when it can
     */
    record Layout(Table table, Hypertable hypertable, long sliceWidth, Duration compressAfter, String note,
                  List<String> problems) {

        Layout {
            problems = List.copyOf(problems);
        }

        boolean compressed() {
            return hypertable != null && hypertable.compression() != null;
        }
    }

    private Inference() {
    }

    /**
     * Whether a time dimension's chunks all have one width (an integer interval, or a time interval without months
     * or years), so that slices at multiples of it each fall into chunks of their own.
     */
    static boolean fixedWidth(Dimension dimension) {
        return dimension.integerInterval() != null
                || dimension.timeInterval() != null && !MONTHS.matcher(dimension.timeInterval()).find();
    }

    /**
     * Lays out a table.
     *
     * @param table            the source table
     * @param stats            its statistics
     * @param rule             the user's rule for it, or {@code null}
     * @param stated           the hypertable the selection already has for it (a rule with a time column, or the
     *                         source's hypertable), or {@code null}
     * @param created          the hypertable an earlier run of this migration created on the target, or
     *                         {@code null}: a rerun keeps its dimensions and compression settings
     * @param targetChunkBytes the wanted chunk size in source bytes
     * @param compress         whether chunks are compressed (a licensed target)
     */
    static Layout layout(Table table, TableStatistics stats, HypertableRule rule, Hypertable stated,
                         Hypertable created, long targetChunkBytes, boolean compress) {
        return layout(table, stats, rule, stated, created, targetChunkBytes, compress, false);
    }

    /**
     * {@link #layout(Table, TableStatistics, HypertableRule, Hypertable, Hypertable, long, boolean)} of a table with
     * row level security enabled when {@code rowSecurity}: TimescaleDB refuses to compress such a table (and to
     * enable row level security on one whose compression is enabled), so it stays uncompressed.
     */
    static Layout layout(Table table, TableStatistics stats, HypertableRule rule, Hypertable stated,
                         Hypertable created, long targetChunkBytes, boolean compress, boolean rowSecurity) {
        String name = table.name().toString();
        boolean fromTarget = created != null;
        if (fromTarget) {
            stated = created;
        }
        List<String> notes = new ArrayList<>();
        if (!table.holdsRows() || table.partitionOf() != null) {
            return new Layout(table, null, 0, null, null, rule == null ? List.of() : List.of("The hypertable rule "
                    + "names " + name + ", a partitioned table or partition, which cannot become a hypertable: drop "
                    + "the rule."));
        }
        String timeColumn;
        String type;
        if (stated != null) {
            timeColumn = stated.primaryDimension().column();
            type = stated.primaryDimension().columnType();
            notes.add("time column " + timeColumn + (fromTarget ? " (as the earlier run created it)"
                    : rule != null ? " (stated)" : " (the source hypertable's)"));
        } else {
            Optional<ColumnStatistics> chosen = timeColumn(table, stats);
            if (chosen.isEmpty()) {
                if (rule != null) {
                    return new Layout(table, null, 0, null, null, List.of("The hypertable rule for " + name
                            + " names no time column and none can be inferred: the table has no NOT NULL "
                            + "timestamptz, timestamp, date or time-named integer column that all its unique keys "
                            + "include. State one with .timeColumn(\"...\"), or drop the rule."));
                }
                return new Layout(table, null, 0, null, name + ": copied as a plain table (no NOT NULL time "
                        + "column that all its unique keys include)", List.of());
            }
            timeColumn = chosen.get().name();
            type = chosen.get().baseType();
            notes.add("time column " + timeColumn + " (" + reason(chosen.get(), stats) + ")");
        }
        boolean integer = INTEGER_TYPES.contains(type);
        Optional<ColumnStatistics> timeStats = stats.column(timeColumn);
        Long min = timeStats.map(ColumnStatistics::min).orElse(null);
        Long max = timeStats.map(ColumnStatistics::max).orElse(null);

        // chunk interval
        Dimension dimension;
        long width;
        boolean inferInterval = !fromTarget && (stated == null || (rule != null && rule.chunkIntervalInferred()));
        if (!inferInterval) {
            dimension = stated.primaryDimension();
            width = dimension.integerInterval() != null ? dimension.integerInterval()
                    : micros(dimension.timeInterval());
            if (dimension.integerInterval() == null && !MONTHS.matcher(dimension.timeInterval()).find()) {
                // one spelling whatever the source printed, so a rerun generates the very same DDL (and step keys)
                dimension = dimension.toBuilder().timeInterval(pgInterval(width)).build();
            }
            notes.add("chunk interval " + (dimension.integerInterval() != null ? dimension.integerInterval()
                    : dimension.timeInterval()) + " (stated)");
        } else {
            long chunks = Math.max(1, ceilDiv(stats.bytes(), Math.max(1, targetChunkBytes)));
            String estimate;
            if (min == null || max == null) {
                width = integer ? 1_000_000 : HypertableRule.DEFAULT_CHUNK_INTERVAL.toNanos() / 1000;
                estimate = "the table is empty or its bounds are unknown: the default";
            } else {
                long span = Math.max(1, max - min + 1);
                long raw = Math.max(1, span / chunks);
                width = integer ? roundInteger(raw) : roundMicros(raw, "date".equals(type));
                long rowsPerChunk = stats.rows() <= 0 ? 0 : (long) Math.min(stats.rows(),
                        (double) stats.rows() * width / span);
                estimate = "~" + String.format(Locale.ROOT, "%,d", rowsPerChunk) + " rows a chunk, "
                        + String.format(Locale.ROOT, "%.1f", stats.bytes() / 1e6) + " MB over "
                        + (integer ? span + " units" : describe(span));
            }
            dimension = Dimension.builder(timeColumn, type, Dimension.Kind.TIME)
                    .timeInterval(integer ? null : pgInterval(width)).integerInterval(integer ? width : null).build();
            notes.add("chunk interval " + (integer ? Long.toString(width) : describe(width)) + " (" + estimate + ")");
        }
        List<Dimension> dimensions = new ArrayList<>();
        dimensions.add(dimension);
        if (stated != null) {
            dimensions.addAll(stated.dimensions().subList(1, stated.dimensions().size()));
        }

        // compression: TimescaleDB refuses it on a table with an exclusion constraint
        CompressionSettings compression = null;
        List<String> problems = new ArrayList<>();
        Optional<Constraint> exclusion = table.constraints().stream()
                .filter(c -> c.type() == Constraint.Type.EXCLUSION).findFirst();
        if (compress && exclusion.isPresent()) {
            notes.add("not compressed: TimescaleDB cannot compress a table with an exclusion constraint ("
                    + exclusion.get().name() + ")");
        }
        if (compress && exclusion.isEmpty() && rowSecurity) {
            notes.add("not compressed: TimescaleDB cannot compress a table with row level security");
        }
        if (compress && exclusion.isEmpty() && !rowSecurity) {
            List<String> segmentBy;
            if (fromTarget && stated.compression() != null) {
                segmentBy = stated.compression().segmentBy();
                notes.add("segmentby " + (segmentBy.isEmpty() ? "none" : String.join(", ", segmentBy))
                        + " (as the earlier run set it)");
            } else if (rule != null && rule.segmentBy() != null) {
                segmentBy = rule.segmentBy();
                notes.add(segmentBy.isEmpty() ? "no segmentby (stated)" : "segmentby " + String.join(", ", segmentBy)
                        + " (stated)");
            } else if (rule == null && stated != null && stated.compression() != null) {
                segmentBy = stated.compression().segmentBy();
                notes.add("segmentby " + (segmentBy.isEmpty() ? "none" : String.join(", ", segmentBy))
                        + " (the source hypertable's)");
            } else {
                long rowsPerChunk = min == null || max == null || stats.rows() <= 0 ? stats.rows()
                        : (long) Math.min(stats.rows(), (double) stats.rows() * width / Math.max(1, max - min + 1));
                Optional<ColumnStatistics> seg = segmentBy(stats, timeColumn, rowsPerChunk);
                if (!stats.analyzed()) {
                    notes.add("no segmentby (the source has no statistics for the table: run ANALYZE on it, or "
                            + "state segmentBy)");
                } else if (seg.isEmpty()) {
                    notes.add("no segmentby (no column with 2 to " + MAX_SEGMENTS + " distinct values and "
                            + MIN_ROWS_PER_SEGMENT + "+ rows per value in a chunk)");
                } else {
                    notes.add("segmentby " + seg.get().name() + " (n_distinct " + seg.get().distinct(stats.rows())
                            + ")");
                }
                segmentBy = seg.map(c -> List.of(c.name())).orElse(List.of());
            }
            List<CompressionSettings.OrderBy> orderBy = new ArrayList<>();
            if (fromTarget && stated.compression() != null) {
                orderBy.addAll(stated.compression().orderBy());
                notes.add("orderby as the earlier run set it");
            } else if (rule != null && rule.orderBy() != null) {
                for (String entry : rule.orderBy()) {
                    Optional<CompressionSettings.OrderBy> o = orderBy(entry);
                    if (o.isEmpty()) {
                        problems.add("The hypertable rule for " + name + " has orderBy entry '" + entry
                                + "', which is not 'column [ASC|DESC] [NULLS FIRST|LAST]'.");
                    } else {
                        orderBy.add(o.get());
                    }
                }
                notes.add("orderby " + String.join(", ", rule.orderBy()) + " (stated)");
            } else if (rule == null && stated != null && stated.compression() != null
                    && !stated.compression().orderBy().isEmpty()) {
                orderBy.addAll(stated.compression().orderBy());
                notes.add("orderby of the source hypertable");
            } else {
                orderBy.add(new CompressionSettings.OrderBy(timeColumn, true, true));
                notes.add("orderby " + timeColumn + " DESC");
            }
            if (rule == null || rule.orderBy() == null) {
                // TimescaleDB wants every column of a unique key among the segmentby or orderby columns
                for (Constraint c : table.constraints()) {
                    if (c.type() == Constraint.Type.PRIMARY_KEY || c.type() == Constraint.Type.UNIQUE) {
                        for (String column : c.columns()) {
                            if (!segmentBy.contains(column)
                                    && orderBy.stream().noneMatch(o -> o.column().equals(column))) {
                                orderBy.add(new CompressionSettings.OrderBy(column, false, false));
                                notes.add("then " + column + " (in a unique key)");
                            }
                        }
                    }
                }
            }
            for (String column : segmentBy) {
                if (table.column(column).isEmpty()) {
                    problems.add("The hypertable rule for " + name + " segments by \"" + column + "\", which the "
                            + "table does not have.");
                }
            }
            for (CompressionSettings.OrderBy o : orderBy) {
                if (table.column(o.column()).isEmpty()) {
                    problems.add("The hypertable rule for " + name + " orders by \"" + o.column() + "\", which the "
                            + "table does not have.");
                }
            }
            compression = new CompressionSettings(segmentBy, orderBy);
        } else if (!compress) {
            notes.add("not compressed");
        }
        Duration compressAfter = rule == null ? null : rule.compressAfter();
        if (compressAfter != null) {
            if (integer) {
                problems.add("The hypertable rule for " + name + " asks for compressAfter, but its time column \""
                        + timeColumn + "\" is an integer; a policy on an integer column needs an integer-now "
                        + "function. Drop compressAfter and add the policy after the migration.");
            } else if (compress) {
                notes.add("compression policy after " + describe(compressAfter.toNanos() / 1000));
            } else {
                compressAfter = null;
            }
        }
        return new Layout(table, new Hypertable(table.name(), dimensions, compression), width, compressAfter,
                name + ": " + String.join(", ", notes), problems);
    }

    /** The best time column, if any (see the class comment). */
    static Optional<ColumnStatistics> timeColumn(Table table, TableStatistics stats) {
        return stats.columns().stream()
                .filter(ColumnStatistics::notNull)
                .filter(c -> DATE_TIME_TYPES.contains(c.baseType())
                        || (INTEGER_TYPES.contains(c.baseType()) && TIME_NAME.matcher(c.name()).matches()
                        && c.min() != null))
                .filter(c -> inEveryUniqueKey(table, c.name()))
                .min(Comparator.comparingInt((ColumnStatistics c) -> c.indexRank() < 0 ? 9 : c.indexRank())
                        .thenComparingInt(c -> typeRank(c.baseType())));
    }

    private static int typeRank(String type) {
        return switch (type) {
            case "timestamp with time zone" -> 0;
            case "timestamp without time zone" -> 1;
            case "date" -> 2;
            default -> 3;
        };
    }

    private static String reason(ColumnStatistics c, TableStatistics stats) {
        return switch (c.indexRank()) {
            case 0 -> "leads the primary key";
            case 1 -> "leads a unique index";
            case 2 -> "leads an index";
            default -> stats.columns().stream().filter(o -> o.notNull() && (DATE_TIME_TYPES.contains(o.baseType())
                    || INTEGER_TYPES.contains(o.baseType()))).count() == 1
                    ? "the only NOT NULL time column" : "a NOT NULL " + c.baseType() + " column";
        };
    }

    /** The best segmentby column, if any (see the class comment). */
    static Optional<ColumnStatistics> segmentBy(TableStatistics stats, String timeColumn, long rowsPerChunk) {
        if (!stats.analyzed()) {
            return Optional.empty();
        }
        return stats.columns().stream()
                .filter(c -> !c.name().equals(timeColumn))
                .filter(c -> segmentType(c.baseType()))
                .filter(c -> c.nullFraction() != null && c.nullFraction() <= MAX_NULL_FRACTION)
                .filter(c -> {
                    long d = c.distinct(stats.rows());
                    return d >= 2 && d <= MAX_SEGMENTS && rowsPerChunk / d >= MIN_ROWS_PER_SEGMENT;
                })
                .min(Comparator.comparingInt((ColumnStatistics c) -> c.indexRank() >= 0 ? 0 : 1)
                        .thenComparingLong(c -> -c.distinct(stats.rows())));
    }

    private static boolean segmentType(String type) {
        return INTEGER_TYPES.contains(type) || type.equals("text") || type.equals("uuid")
                || type.startsWith("character varying") || type.startsWith("character(") || type.equals("character");
    }

    private static final Pattern ORDER_BY = Pattern.compile(
            "(?i)\\s*(\"(?:[^\"]|\"\")+\"|[^\\s\"]+)(?:\\s+(ASC|DESC))?(?:\\s+NULLS\\s+(FIRST|LAST))?\\s*");

    /** Parses {@code column [ASC|DESC] [NULLS FIRST|LAST]}; a double-quoted column keeps its case. */
    static Optional<CompressionSettings.OrderBy> orderBy(String entry) {
        Matcher m = ORDER_BY.matcher(entry);
        if (!m.matches()) {
            return Optional.empty();
        }
        String column = m.group(1);
        if (column.startsWith("\"")) {
            column = column.substring(1, column.length() - 1).replace("\"\"", "\"");
        }
        boolean descending = "DESC".equalsIgnoreCase(m.group(2));
        boolean nullsFirst = m.group(3) == null ? descending : "FIRST".equalsIgnoreCase(m.group(3));
        return Optional.of(new CompressionSettings.OrderBy(column, descending, nullsFirst));
    }

    /** The largest round interval not above {@code raw} microseconds (at least 1 minute, or 1 day for dates). */
    static long roundMicros(long raw, boolean date) {
        Duration chosen = date ? Duration.ofDays(1) : ROUND_INTERVALS.get(0);
        for (Duration d : ROUND_INTERVALS) {
            if (d.toNanos() / 1000 <= raw && (!date || d.toDays() >= 1)) {
                chosen = d;
            }
        }
        return chosen.toNanos() / 1000;
    }

    /** The largest of 1, 2 or 5 times a power of ten not above {@code raw}. */
    static long roundInteger(long raw) {
        long best = 1;
        for (long p = 1; p > 0 && p <= raw; p = Math.multiplyExact(p, 10)) {
            for (long f : new long[] {1, 2, 5}) {
                if (p <= Long.MAX_VALUE / f && p * f <= raw) {
                    best = p * f;
                }
            }
            if (p > Long.MAX_VALUE / 10) {
                break;
            }
        }
        return best;
    }

    /** Microseconds as a PostgreSQL interval literal. */
    static String pgInterval(long micros) {
        if (micros % MICROS_PER_DAY == 0) {
            long days = micros / MICROS_PER_DAY;
            return days + (days == 1 ? " day" : " days");
        }
        if (micros % 1_000_000 == 0) {
            return (micros / 1_000_000) + " seconds";
        }
        return micros + " microseconds";
    }

    /** Microseconds for people: {@code 1 day}, {@code 6 hours}, {@code 15 minutes}. */
    static String describe(long micros) {
        if (micros >= MICROS_PER_DAY && micros % MICROS_PER_DAY == 0) {
            long d = micros / MICROS_PER_DAY;
            return d + (d == 1 ? " day" : " days");
        }
        if (micros >= 3_600_000_000L && micros % 3_600_000_000L == 0) {
            long h = micros / 3_600_000_000L;
            return h + (h == 1 ? " hour" : " hours");
        }
        if (micros >= 60_000_000L && micros % 60_000_000L == 0) {
            long m = micros / 60_000_000L;
            return m + (m == 1 ? " minute" : " minutes");
        }
        if (micros >= MICROS_PER_DAY) {
            return String.format(Locale.ROOT, "%.1f days", micros / (double) MICROS_PER_DAY);
        }
        return String.format(Locale.ROOT, "%.1f hours", micros / 3.6e9);
    }

    private static final Pattern INTERVAL_PART = Pattern.compile(
            "([-+]?\\d+(?:\\.\\d+)?)\\s*(years?|months?|mons?|days?|hours?|minutes?|mins?|seconds?|secs?|"
                    + "milliseconds?|microseconds?)|([-+]?\\d+):(\\d{2}):(\\d{2}(?:\\.\\d+)?)");

    /**
     * An interval as PostgreSQL prints it ({@code 7 days}, {@code 1 day 02:00:00}, {@code 3600 seconds}) in
     * microseconds; a month counts as 30 days and a year as 365.25 days (such intervals do not align slices to
     * chunks, which only costs compressing later).
     *
     * @throws IllegalArgumentException for text that is not an interval
     */
    static long micros(String interval) {
        Matcher m = INTERVAL_PART.matcher(interval);
        double total = 0;
        int end = 0;
        boolean any = false;
        while (m.find()) {
            if (!interval.substring(end, m.start()).isBlank()) {
                throw new IllegalArgumentException("not an interval: " + interval);
            }
            any = true;
            end = m.end();
            if (m.group(1) != null) {
                double v = Double.parseDouble(m.group(1));
                String unit = m.group(2).toLowerCase(Locale.ROOT);
                double factor;
                if (unit.startsWith("year")) {
                    factor = 365.25 * MICROS_PER_DAY;
                } else if (unit.startsWith("mon")) {
                    factor = 30.0 * MICROS_PER_DAY;
                } else if (unit.startsWith("day")) {
                    factor = MICROS_PER_DAY;
                } else if (unit.startsWith("hour")) {
                    factor = 3.6e9;
                } else if (unit.startsWith("millisecond")) {
                    factor = 1e3;
                } else if (unit.startsWith("microsecond")) {
                    factor = 1;
                } else if (unit.startsWith("min")) {
                    factor = 6e7;
                } else {
                    factor = 1e6;
                }
                total += v * factor;
            } else {
                int sign = m.group(3).startsWith("-") ? -1 : 1;
                total += sign * (Math.abs(Long.parseLong(m.group(3))) * 3.6e9 + Long.parseLong(m.group(4)) * 6e7
                        + Double.parseDouble(m.group(5)) * 1e6);
            }
        }
        if (!any || !interval.substring(end).isBlank()) {
            throw new IllegalArgumentException("not an interval: " + interval);
        }
        return Math.round(total);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
