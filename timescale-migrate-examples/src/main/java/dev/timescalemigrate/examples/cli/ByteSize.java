package dev.timescalemigrate.examples.cli;

import picocli.CommandLine;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses sizes such as {@code 64MB}, {@code 1GiB}, {@code 512 KiB} or {@code 1048576}: KB, MB, GB, TB are powers of
 * 1000, KiB, MiB, GiB, TiB powers of 1024; a plain number is bytes. Case does not matter, the {@code B} may be
 * left out ({@code 64M} is 64 MB), and a fraction is allowed ({@code 1.5GiB}).
 */
final class ByteSize {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)");
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L), Map.entry("b", 1L),
            Map.entry("k", 1000L), Map.entry("kb", 1000L), Map.entry("kib", 1L << 10),
            Map.entry("m", 1000_000L), Map.entry("mb", 1000_000L), Map.entry("mib", 1L << 20),
            Map.entry("g", 1000_000_000L), Map.entry("gb", 1000_000_000L), Map.entry("gib", 1L << 30),
            Map.entry("t", 1000_000_000_000L), Map.entry("tb", 1000_000_000_000L), Map.entry("tib", 1L << 40));

    private ByteSize() {
    }

    /**
     * The number of bytes.
     *
     * @throws IllegalArgumentException saying what is wrong and what is accepted
     */
    static long parse(String text) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size: write e.g. 64MB, 256MiB, 1GiB or a "
                    + "number of bytes");
        }
        Long factor = UNITS.get(m.group(2));
        if (factor == null) {
            throw new IllegalArgumentException("unknown unit '" + m.group(2) + "' in '" + text + "': use B, KB, MB, "
                    + "GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024)");
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        long result = bytes.longValue();
        if (result <= 0) {
            throw new IllegalArgumentException("the size must be positive, was '" + text + "'");
        }
        return result;
    }

    /** picocli converter for {@link #parse}. */
    static final class Converter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
