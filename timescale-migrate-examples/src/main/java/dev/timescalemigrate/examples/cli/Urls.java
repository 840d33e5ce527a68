package dev.timescalemigrate.examples.cli;

import java.util.regex.Pattern;

/**
 * Keeps passwords out of what the command line prints. Every URL (and every error message, which may quote one)
 * goes through {@link #mask} before it is printed. Same rules as the library's own masking (which is internal):
 * a password parameter is masked up to the next {@code &} or {@code ;}, or to the end of the text. Masking is
 * idempotent: a value that is already {@code ***} is left alone, so that the library's messages, which mask URLs
 * themselves, keep the text after them.
 */
final class Urls {

    private static final Pattern URL_PASSWORD =
            Pattern.compile("(?i)([?&;](?:password|sslpassword|sslkeypassword)=)(?!\\*\\*\\*)[^&;]*");
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/@:]*:)[^/@]*@");

    private Urls() {
    }

    /** {@code text} with every {@code password=}-style parameter and any {@code user:password@} part replaced by {@code ***}. */
    static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = URL_PASSWORD.matcher(text).replaceAll("$1***");
        return URL_USERINFO.matcher(masked).replaceAll("$1***@");
    }
}
