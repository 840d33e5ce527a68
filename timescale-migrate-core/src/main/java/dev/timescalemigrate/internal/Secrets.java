package dev.timescalemigrate.internal;

import java.util.regex.Pattern;

/** Keeps passwords out of anything printed. */
public final class Secrets {

    private static final Pattern URL_PASSWORD =
            Pattern.compile("(?i)([?&;](?:password|sslpassword|sslkeypassword)=)[^&;\\s'\"]*");
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/@:]*:)[^/@]*@");

    private Secrets() {
    }

    /** A JDBC URL with every password parameter (and any {@code user:password@} part) replaced by {@code ***}. */
    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        String masked = URL_PASSWORD.matcher(url).replaceAll("$1***");
        return URL_USERINFO.matcher(masked).replaceAll("$1***@");
    }
}
