package dev.timescalemigrate.jdbc.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/**
 * The column types a range split works on, by base type oid, and how a bound of each is written. Values are
 * counted as the split reads them: integers as they are, dates in days and timestamps in microseconds since
 * 1970-01-01 (UTC).
 */
enum SplitKind {
    INTEGER, DATE, TIMESTAMP, TIMESTAMPTZ;

    /** Microseconds in a day: a date's count of days times this is its timestamp's count of microseconds. */
    static final long MICROS_PER_DAY = 86_400_000_000L;

    /** The kind of a base type: {@code int2}, {@code int4}, {@code int8}, {@code date}, {@code timestamp[tz]}. */
    static Optional<SplitKind> of(long baseOid) {
        return Optional.ofNullable(switch ((int) baseOid) {
            case 20, 21, 23 -> INTEGER;
            case 1082 -> DATE;
            case 1114 -> TIMESTAMP;
            case 1184 -> TIMESTAMPTZ;
            default -> null;
        });
    }

    /**
     * A bound in the type's ISO input format, in UTC; years before 1 as PostgreSQL writes them
     * ({@code 0001-01-01 BC} for ISO year 0).
     */
    String literal(long value) {
        return switch (this) {
            case INTEGER -> Long.toString(value);
            case DATE -> isoDate(LocalDate.ofEpochDay(value), "");
            case TIMESTAMP -> isoTimestamp(value, "");
            case TIMESTAMPTZ -> isoTimestamp(value, "+00");
        };
    }

    private static String isoTimestamp(long micros, String offset) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
        String time = String.format(Locale.ROOT, "%02d:%02d:%02d.%06d", t.getHour(), t.getMinute(), t.getSecond(),
                t.getNano() / 1000);
        return isoDate(t.toLocalDate(), " " + time + offset);
    }

    /** PostgreSQL's ISO form: years before 1 as {@code 0001 ... BC} (ISO year 0 is 1 BC). */
    private static String isoDate(LocalDate d, String suffix) {
        int year = d.getYear();
        boolean bc = year <= 0;
        String text = String.format(Locale.ROOT, "%04d-%02d-%02d", bc ? 1 - year : year, d.getMonthValue(),
                d.getDayOfMonth());
        return text + suffix + (bc ? " BC" : "");
    }
}
