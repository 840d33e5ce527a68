package dev.timescalemigrate.internal;

import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.SqlIdentifiers;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code schema.table} pattern: {@code *} matches any run of characters and {@code ?} one character, within
 * a part. Parts may be double-quoted (then {@code *} and {@code ?} inside are wildcards too, and case is kept);
 * unquoted parts are folded to lower case like SQL names. A pattern without a dot means {@code public.<pattern>}.
 */
public final class TablePattern {

    private final String text;
    private final Pattern schema;
    private final Pattern table;
    private final boolean wildcard;

    private TablePattern(String text, Pattern schema, Pattern table, boolean wildcard) {
        this.text = text;
        this.schema = schema;
        this.table = table;
        this.wildcard = wildcard;
    }

    /**
     * @throws IllegalArgumentException for an empty pattern, an empty part, unbalanced quotes or more than two parts
     */
    public static TablePattern parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a table pattern cannot be empty");
        }
        List<String> parts;
        try {
            parts = SqlIdentifiers.splitQualified(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (table pattern)", e);
        }
        if (parts.size() > 2) {
            throw new IllegalArgumentException("table pattern '" + text
                    + "' has more than two parts; write schema.table and quote names that contain dots");
        }
        String schemaPart = parts.size() == 2 ? parts.get(0) : "public";
        String tablePart = parts.get(parts.size() - 1);
        boolean wildcard = hasWildcard(schemaPart) || hasWildcard(tablePart);
        return new TablePattern(text, glob(schemaPart), glob(tablePart), wildcard);
    }

    private static boolean hasWildcard(String part) {
        return part.indexOf('*') >= 0 || part.indexOf('?') >= 0;
    }

    private static Pattern glob(String part) {
        StringBuilder regex = new StringBuilder();
        for (char c : part.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** Whether the pattern matches the table. */
    public boolean matches(QualifiedName name) {
        return schema.matcher(name.schema()).matches() && table.matcher(name.name()).matches();
    }

    /** Whether the pattern has a wildcard (else it names one table). */
    public boolean hasWildcard() {
        return wildcard;
    }

    @Override
    public String toString() {
        return text;
    }
}
