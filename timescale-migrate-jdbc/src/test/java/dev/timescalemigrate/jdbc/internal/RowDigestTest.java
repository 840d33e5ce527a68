package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.adapter.Verifier;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The row digest of COPY streams: order-independent, split-independent, and sensitive to every row. */
class RowDigestTest {

    private static final List<String> ROWS = List.of("1\tone\t\\N\n", "2\ttwo\t2025-01-01\n", "3\tthree\\nlines\tx\n",
            "4\t\\\\.\ty\n");

    /** A binary COPY stream of rows of (int4, text-or-NULL): header with the first row, then rows, then trailer. */
    private static List<byte[]> binary(List<Object[]> rows) {
        List<byte[]> messages = new ArrayList<>();
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0,
            0});
        for (Object[] row : rows) {
            ByteBuffer b = ByteBuffer.allocate(256);
            b.putShort((short) row.length);
            for (Object value : row) {
                if (value == null) {
                    b.putInt(-1);
                } else if (value instanceof Integer i) {
                    b.putInt(4).putInt(i);
                } else {
                    byte[] text = ((String) value).getBytes(StandardCharsets.UTF_8);
                    b.putInt(text.length).put(text);
                }
            }
            m.write(b.array(), 0, b.position());
            messages.add(m.toByteArray());
            m.reset();
        }
        messages.add(new byte[] {(byte) 0xFF, (byte) 0xFF});
        return messages;
    }

    private static Verifier.Checksum text(List<String> rows) {
        RowDigest d = new RowDigest(false);
        rows.forEach(r -> d.update(r.getBytes(StandardCharsets.UTF_8)));
        return d.checksum();
    }

    private static Verifier.Checksum digest(boolean binary, List<byte[]> messages) {
        RowDigest d = new RowDigest(binary);
        messages.forEach(d::update);
        return d.checksum();
    }

    /** The messages' bytes again, in pieces of {@code size} that cut rows and the header anywhere. */
    private static List<byte[]> rechunked(List<byte[]> messages, int size) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        messages.forEach(all::writeBytes);
        byte[] bytes = all.toByteArray();
        List<byte[]> pieces = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += size) {
            pieces.add(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + size)));
        }
        return pieces;
    }

    private static List<Object[]> rows() {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {1, "one"});
        rows.add(new Object[] {2, null});
        rows.add(new Object[] {3, ""});
        rows.add(new Object[] {4, "four"});
        return rows;
    }

    @Test
    void shouldNotDependOnRowOrderOrOnWhereMessagesEnd() {
        Verifier.Checksum expected = text(ROWS);
        assertThat(expected.count()).isEqualTo(4);
        assertThat(text(List.of(ROWS.get(3), ROWS.get(1), ROWS.get(0), ROWS.get(2)))).isEqualTo(expected);
        assertThat(text(List.of(String.join("", ROWS)))).as("one message").isEqualTo(expected);
        for (int size : new int[] {1, 2, 3, 7}) {
            List<String> pieces = new ArrayList<>();
            String all = String.join("", ROWS);
            for (int i = 0; i < all.length(); i += size) {
                pieces.add(all.substring(i, Math.min(all.length(), i + size)));
            }
            assertThat(text(pieces)).as("pieces of %d bytes", size).isEqualTo(expected);
        }

        Verifier.Checksum binary = digest(true, binary(rows()));
        assertThat(binary.count()).isEqualTo(4);
        List<Object[]> reversed = new ArrayList<>(rows()).reversed();
        assertThat(digest(true, binary(reversed))).isEqualTo(binary);
        for (int size : new int[] {1, 2, 5, 13, 19, 20}) {
            assertThat(digest(true, rechunked(binary(rows()), size))).as("pieces of %d bytes", size)
                    .isEqualTo(binary);
        }
    }

    @Test
    void shouldChangeWithAMissingRowARowTwiceOrAChangedValue() {
        Verifier.Checksum expected = text(ROWS);
        assertThat(text(ROWS.subList(0, 3))).isNotEqualTo(expected);
        List<String> twice = new ArrayList<>(ROWS);
        twice.add(ROWS.get(1));
        assertThat(text(twice).checksum()).isNotEqualTo(expected.checksum());
        List<String> swapped = new ArrayList<>(ROWS);
        swapped.set(3, ROWS.get(1));
        assertThat(text(swapped).count()).as("as many rows, one twice and one missing").isEqualTo(4);
        assertThat(text(swapped)).isNotEqualTo(expected);
        List<String> changed = new ArrayList<>(ROWS);
        changed.set(0, "1\tone\t\n");
        assertThat(text(changed)).isNotEqualTo(expected);

        Verifier.Checksum binary = digest(true, binary(rows()));
        List<Object[]> nullNotEmpty = rows();
        nullNotEmpty.set(2, new Object[] {3, null});
        assertThat(digest(true, binary(nullNotEmpty))).as("NULL is not the empty string").isNotEqualTo(binary);
        List<Object[]> pair = rows();
        pair.add(new Object[] {4, "four"});
        pair.add(new Object[] {4, "four"});
        assertThat(digest(true, binary(pair))).as("a pair of equal rows does not cancel out").isNotEqualTo(binary);
    }

    @Test
    void shouldAddUpOverPartsAsOverTheWhole() {
        Verifier.Checksum whole = text(ROWS);
        Verifier.Checksum first = text(ROWS.subList(0, 2));
        Verifier.Checksum second = text(ROWS.subList(2, 4));
        String[] a = first.checksum().split(":");
        String[] b = second.checksum().split(":");
        String sum = new BigInteger(a[0]).add(new BigInteger(b[0])) + ":" + new BigInteger(a[1]).add(new BigInteger(b[1]));
        assertThat(new Verifier.Checksum(first.count() + second.count(), sum)).isEqualTo(whole);
    }

    @Test
    void shouldSkipTheOldProtocolsEndMarkerButNotAValueThatLooksLikeIt() {
        List<String> withMarker = new ArrayList<>(ROWS);
        withMarker.add("\\.\n");
        assertThat(text(withMarker)).isEqualTo(text(ROWS));
        assertThat(text(List.of("\\\\.\n")).count()).as("a value of \\. is escaped, a row").isEqualTo(1);
    }

    @Test
    void shouldRefuseAStreamThatEndsInsideARowOrIsNotBinary() {
        RowDigest text = new RowDigest(false);
        text.update("1\tone".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(text::checksum).isInstanceOf(IllegalStateException.class).hasMessageContaining("inside a row");

        List<byte[]> messages = binary(rows());
        RowDigest cut = new RowDigest(true);
        cut.update(messages.get(0), 0, messages.get(0).length - 1);
        assertThatThrownBy(cut::checksum).isInstanceOf(IllegalStateException.class);

        RowDigest noTrailer = new RowDigest(true);
        messages.subList(0, messages.size() - 1).forEach(noTrailer::update);
        assertThatThrownBy(noTrailer::checksum).as("cut at a row's end, before the trailer")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("trailer");

        RowDigest notBinary = new RowDigest(true);
        assertThatThrownBy(() -> notBinary.update(String.join("", ROWS).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("signature");
    }
}
