package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.CompressionSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the text columns of {@code timescaledb_information.hypertable_compression_settings}: a segment-by
 * list ({@code device_id, "Host"}) and an order-by list ({@code ts DESC NULLS FIRST, value}).
 */
final class CompressionSettingsParser {

    private CompressionSettingsParser() {
    }

    static CompressionSettings parse(String segmentBy, String orderBy) {
        List<String> segments = new ArrayList<>();
        for (List<String> item : split(segmentBy)) {
            segments.add(item.get(0));
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
