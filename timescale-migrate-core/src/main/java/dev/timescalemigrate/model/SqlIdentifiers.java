package dev.timescalemigrate.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Quoting and parsing of PostgreSQL identifiers. Every identifier the library writes into SQL goes through {@link #quote}. */
public final class SqlIdentifiers {

    private SqlIdentifiers() {
    }

    /**
     * Quotes an identifier for PostgreSQL: wraps it in double quotes and doubles any double quote inside.
     *
     * @throws IllegalArgumentException for an empty name or one containing a NUL character, which
     *                                  PostgreSQL cannot store
     */
    public static String quote(String identifier) {
        if (identifier == null || identifier.isEmpty()) {
            throw new IllegalArgumentException("an SQL identifier cannot be empty");
        }
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an SQL identifier cannot contain a NUL character");
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * Splits a dotted name into its parts, honouring double quotes (a doubled quote inside stands for one);
     * unquoted parts are trimmed and folded to lower case, as PostgreSQL does.
     *
     * @throws IllegalArgumentException for an empty text, an empty part or an unbalanced quote
     */
    public static List<String> splitQualified(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a name cannot be empty");
        }
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean partWasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        current.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    current.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                partWasQuoted = true;
            } else if (c == '.') {
                parts.add(finish(text, current, partWasQuoted));
                current.setLength(0);
                partWasQuoted = false;
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unbalanced double quote in '" + text + "'");
        }
        parts.add(finish(text, current, partWasQuoted));
        return parts;
    }

    private static String finish(String text, StringBuilder part, boolean wasQuoted) {
        String value = wasQuoted ? part.toString() : part.toString().strip().toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("empty name part in '" + text + "'");
        }
        return value;
    }
}
