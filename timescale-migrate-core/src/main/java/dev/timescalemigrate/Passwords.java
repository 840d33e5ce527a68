package dev.timescalemigrate;

import java.util.regex.Pattern;

/**
 * Keeps passwords out of anything printed: the one rule the library and its command line mask URLs and messages
 * by. Use it on anything of your own that may quote a connection URL.
 */
public final class Passwords {

    /**
     * A password parameter's value runs to the next {@code &} or {@code ;} or to the end of the text (a raw value
     * may hold any other character, spaces included); a value already masked is left alone, so that text after a
     * masked URL in a message survives a second masking.
     */
    private static final Pattern PARAMETER =
            Pattern.compile("(?i)([?&;](?:password|sslpassword|sslkeypassword)=)(?!\\*\\*\\*)[^&;]*");
    private static final Pattern USERINFO = Pattern.compile("(//[^/@:\\s]*:)[^/@\\s]*@");

    private Passwords() {
    }

    /**
     * {@code text} (a JDBC or libpq URL, or a message quoting one) with every password parameter
     * ({@code password}, {@code sslpassword}, {@code sslkeypassword}, in any case) and any {@code user:password@}
     * part replaced by {@code ***}; {@code null} stays {@code null}.
     */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = PARAMETER.matcher(text).replaceAll("$1***");
        return USERINFO.matcher(masked).replaceAll("$1***@");
    }
}
