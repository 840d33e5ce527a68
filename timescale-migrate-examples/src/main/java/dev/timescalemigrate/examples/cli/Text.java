package dev.timescalemigrate.examples.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small text helpers shared by the commands. */
final class Text {

    private Text() {
    }

    /**
     * Splits at {@code separator} where it is not inside double quotes ({@code ""} inside quotes is a literal
     * quote and kept as it is). Parts keep their quotes; they are not trimmed.
     *
     * @throws IllegalArgumentException for an unbalanced double quote
     */
    static List<String> splitOutsideQuotes(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted; // a doubled quote toggles twice: stays inside
                current.append(c);
            } else if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unbalanced double quote in '" + text + "'");
        }
        parts.add(current.toString());
        return parts;
    }

    /** Megabytes (10^6 bytes) with one decimal. */
    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /** Seconds with one decimal. */
    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toNanos() / 1e9);
    }

    /** A clock-style duration: {@code 0:42}, {@code 12:05}, {@code 1:02:03}. */
    static String clock(long seconds) {
        long s = Math.max(0, seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** {@code n} followed by the singular or plural noun. */
    static String count(long n, String singular, String plural) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? singular : plural);
    }

    /**
     * The table an option's value names ({@code schema.table}, {@code public} when the schema is left out).
     *
     * @param text      the whole value, for the message
     * @param tableText its table part
     * @throws IllegalArgumentException naming the value when the name is malformed
     */
    static dev.timescalemigrate.model.QualifiedName table(String text, String tableText) {
        try {
            return dev.timescalemigrate.model.QualifiedName.parse(tableText, "public");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad table name in '" + text + "': " + e.getMessage());
        }
    }
}
