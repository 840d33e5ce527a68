package dev.timescalemigrate.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an SQL script into statements at the semicolons outside quotes, dollar quotes, comments and the
 * {@code BEGIN ATOMIC ... END} body of a function or procedure, as psql does, so that a script's statements can run
 * one by one.
 */
final class SqlScript {

    private SqlScript() {
    }

    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        int n = script.length();
        int depth = 0; // BEGIN/CASE ... END nesting inside CREATE FUNCTION/PROCEDURE, as psql counts it
        while (i < n) {
            char c = script.charAt(i);
            int end;
            if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                end = script.indexOf('\n', i);
                end = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                end = closing(script, "*/", i + 2);
            } else if (c == '\'' || c == '"') {
                end = quoted(script, c, i + 1);
            } else if (c == '$' && dollarTag(script, i) != null) {
                String tag = dollarTag(script, i);
                end = closing(script, tag, i + tag.length());
            } else if (Character.isLetter(c) || c == '_') {
                end = i + 1;
                while (end < n && (Character.isLetterOrDigit(script.charAt(end)) || script.charAt(end) == '_'
                        || script.charAt(end) == '$')) {
                    end++;
                }
                String word = script.substring(i, end).toUpperCase(java.util.Locale.ROOT);
                if (routine(current) && (word.equals("BEGIN") || word.equals("CASE"))) {
                    depth++;
                } else if (depth > 0 && word.equals("END")) {
                    depth--;
                }
            } else if (c == ';' && depth == 0) {
                add(out, current);
                current.setLength(0);
                i++;
                continue;
            } else {
                end = i + 1;
            }
            current.append(script, i, end);
            i = end;
        }
        add(out, current);
        return out;
    }

    /** Whether the statement so far creates a function or procedure. */
    private static boolean routine(StringBuilder statement) {
        String head = statement.toString().replaceFirst("^(\\s*(--[^\n]*(\n|$)|/\\*(?s:.*?)\\*/))*", "")
                .strip().toUpperCase(java.util.Locale.ROOT).replaceAll("\\s+", " ");
        return head.startsWith("CREATE FUNCTION") || head.startsWith("CREATE PROCEDURE")
                || head.startsWith("CREATE OR REPLACE FUNCTION") || head.startsWith("CREATE OR REPLACE PROCEDURE");
    }

    private static void add(List<String> out, StringBuilder statement) {
        String sql = statement.toString().strip();
        boolean onlyComments = sql.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("--"));
        if (!onlyComments) {
            out.add(sql);
        }
    }

    /** The index after the quote closing the one opened before {@code from} (a doubled quote stays inside). */
    private static int quoted(String script, char quote, int from) {
        int i = from;
        while (i < script.length()) {
            if (script.charAt(i) == quote) {
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw new IllegalArgumentException("unterminated " + quote + " quote at " + from);
    }

    private static int closing(String script, String token, int from) {
        int end = script.indexOf(token, from);
        if (end < 0) {
            throw new IllegalArgumentException("unterminated " + token + " at " + from);
        }
        return end + token.length();
    }

    /** The dollar-quote tag ({@code $$} or {@code $name$}) starting at {@code i}, or {@code null}. */
    private static String dollarTag(String script, int i) {
        if (i > 0 && (Character.isLetterOrDigit(script.charAt(i - 1)) || script.charAt(i - 1) == '_')) {
            return null; // part of an identifier such as a$b
        }
        int j = i + 1;
        while (j < script.length() && (Character.isLetterOrDigit(script.charAt(j)) || script.charAt(j) == '_')) {
            j++;
        }
        if (j < script.length() && script.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(script.charAt(i + 1)))) {
            return script.substring(i, j + 1);
        }
        return null;
    }
}
