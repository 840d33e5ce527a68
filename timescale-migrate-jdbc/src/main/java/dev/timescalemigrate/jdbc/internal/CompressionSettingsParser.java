package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.CompressionSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the text columns of {@code timescaledb_information.hypertable_compression_settings}: a segment-by
 * list ({@code device_id, "Host"}) and an order-by list ({@code ts DESC NULLS FIRST, value}).
 *
 * <p>TimescaleDB prints the segment-by list with {@code array_to_string(segmentby, ',')}, so its names are
 * not quoted ({@code device_id,Host A}); an item that is a complete quoted identifier is unquoted, any other
 * item is taken as the name itself. (A name containing a comma cannot be told apart from two names.) The
 * order-by list quotes names with {@code %I}.
 */
final class CompressionSettingsParser {

    private CompressionSettingsParser() {
    }

    static CompressionSettings parse(String segmentBy, String orderBy) {
        List<String> segments = new ArrayList<>();
        for (String item : items(segmentBy)) {
            segments.add(identifier(item));
        }
        List<CompressionSettings.OrderBy> order = new ArrayList<>();
        for (List<String> item : split(orderBy)) {
            boolean descending = false;
            Boolean nullsFirst = null;
            for (int i = 1; i < item.size(); i++) {
                switch (item.get(i).toUpperCase(Locale.ROOT)) {
                    case "DESC" -> descending = true;
                    case "ASC" -> descending = false;
                    case "NULLS" -> {
                        nullsFirst = i + 1 < item.size() && item.get(i + 1).equalsIgnoreCase("FIRST");
                        i++;
                    }
                    default -> throw new IllegalArgumentException("unexpected word in order-by '" + orderBy + "'");
                }
            }
            // PostgreSQL's default: NULLS FIRST for DESC, NULLS LAST for ASC
            order.add(new CompressionSettings.OrderBy(item.get(0), descending,
                    nullsFirst != null ? nullsFirst : descending));
        }
        return new CompressionSettings(segments, order);
    }

    /**
     * Splits a comma-separated list into its items as written, stripped. A comma inside a quoted identifier
     * (an item that starts with a double quote) does not split; a quote inside an unquoted name is just a character.
     */
    static List<String> items(String text) {
        List<String> items = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return items;
        }
        String trimmed = unbrace(text.strip());
        StringBuilder item = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < trimmed.length() && trimmed.charAt(i + 1) == '"') {
                    item.append(c);
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
                item.append(c);
            } else if (c == '"' && item.toString().isBlank()) {
                quoted = true;
                item.append(c);
            } else if (c == ',') {
                addItem(items, item);
            } else {
                item.append(c);
            }
        }
        addItem(items, item);
        return items;
    }

    private static void addItem(List<String> items, StringBuilder item) {
        String value = item.toString().strip();
        if (!value.isEmpty()) {
            items.add(value);
        }
        item.setLength(0);
    }

    /** The name an item stands for: a complete quoted identifier unquoted, anything else as written. */
    static String identifier(String item) {
        if (item.length() >= 2 && item.startsWith("\"") && item.endsWith("\"")) {
            String inner = item.substring(1, item.length() - 1);
            if (inner.replace("\"\"", "").indexOf('"') < 0) {
                return inner.replace("\"\"", "\"");
            }
        }
        return item;
    }

    private static String unbrace(String text) {
        return text.startsWith("{") && text.endsWith("}") ? text.substring(1, text.length() - 1) : text;
    }

    /** Splits a comma-separated list into items, each a list of words; a quoted identifier is one word, unquoted. */
    static List<List<String>> split(String text) {
        List<List<String>> items = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return items;
        }
        String trimmed = text.strip();
        if (trimmed.startsWith("{") && trimmed.endsWith("}")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1); // some versions print arrays
        }
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < trimmed.length() && trimmed.charAt(i + 1) == '"') {
                    word.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    word.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                inWord = true;
            } else if (c == ',' || Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                if (c == ',' && !words.isEmpty()) {
                    items.add(words);
                    words = new ArrayList<>();
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (!words.isEmpty()) {
            items.add(words);
        }
        return items;
    }
}
