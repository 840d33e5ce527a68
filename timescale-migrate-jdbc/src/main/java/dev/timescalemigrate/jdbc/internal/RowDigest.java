package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.adapter.Verifier;

import org.apache.commons.codec.digest.MurmurHash3;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * An order-independent digest of the rows of one COPY stream, computed in the JVM as the stream passes: the row
 * count and, for each row's bytes as COPY sends them, the two 64-bit halves of its 128-bit MurmurHash3, each half
 * summed (unsigned) into a 128-bit total that cannot overflow. A missing row takes its hash out of the sums, a
 * duplicate adds it twice (unlike XOR, where a pair cancels out), a changed value in any column changes its row's
 * hash. Sums of parts add up to the digest of the whole, however the rows were split.
 *
 * <p>Rows are found in the stream itself, not taken from the messages it came in: text rows end at a newline
 * (newlines in values are escaped), binary rows are a field count and that many length-prefixed fields, after the
 * header (which the server sends in the first message, with the first row) and before the trailer. Both sides of a
 * comparison must read the same columns in the same format with the same session settings; a binary stream must not
 * carry type ids that differ between the databases ({@link CopyFormats} picks text for those tables).
 *
 * <p>Not thread-safe: one digest per stream.
 */
final class RowDigest {

    /** {@code PGCOPY\n\377\r\n\0}: the signature of a binary COPY stream. */
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};

    /** The signature, the flags field and the header extension's length. */
    private static final int HEADER_BYTES = SIGNATURE.length + 8;

    private final boolean binary;
    private long rows;
    private long firstHigh;
    private long firstLow;
    private long secondHigh;
    private long secondLow;

    /** Bytes of a row (or of the header) that a message ended inside of, waiting for the rest. */
    private byte[] carry = new byte[0];
    private int carried;
    private boolean headerRead;
    private boolean ended;

    /** @param binary whether the stream is in COPY's binary format, else text */
    RowDigest(boolean binary) {
        this.binary = binary;
    }

    /**
     * What a digest of {@code table}'s rows was taken of: the format and the columns read, stored with it, so that a
     * digest is only ever compared with one of the same.
     */
    static String descriptor(CopyFormats.Format format, dev.timescalemigrate.model.Table table) {
        return format.sql() + " (" + CopyStatements.columns(table) + ")";
    }

    /** A digest of a stream in {@code format}. */
    static RowDigest of(CopyFormats.Format format) {
        return new RowDigest(format.binary());
    }

    /** Takes the next bytes of the stream (a CopyData message's, as pgjdbc returns them). */
    void update(byte[] data, int offset, int length) {
        if (carried == 0) {
            int used = consume(data, offset, offset + length);
            keep(data, used, offset + length - used);
        } else {
            if (carried + length > carry.length) {
                carry = Arrays.copyOf(carry, Math.max(carried + length, carry.length * 2));
            }
            System.arraycopy(data, offset, carry, carried, length);
            carried += length;
            int used = consume(carry, 0, carried);
            System.arraycopy(carry, used, carry, 0, carried - used);
            carried -= used;
        }
    }

    /** {@link #update(byte[], int, int)} of a whole message. */
    void update(byte[] data) {
        update(data, 0, data.length);
    }

    /**
     * The digest of the rows seen, once the stream has ended.
     *
     * @throws IllegalStateException when the stream ended inside a row, or a binary one before its header or its
     *                               trailer
     */
    Verifier.Checksum checksum() {
        if (carried > 0) {
            throw new IllegalStateException("the COPY stream ended inside a row (" + carried + " bytes left over)");
        }
        if (binary && !ended) {
            throw new IllegalStateException("the binary COPY stream ended before its " + (headerRead ? "trailer"
                    : "header"));
        }
        return new Verifier.Checksum(rows, unsigned(firstHigh, firstLow) + ":" + unsigned(secondHigh, secondLow));
    }

    /** Rows seen so far. */
    long rows() {
        return rows;
    }

    private void keep(byte[] data, int from, int length) {
        if (length > carry.length) {
            carry = new byte[Math.max(length, 256)];
        }
        System.arraycopy(data, from, carry, 0, length);
        carried = length;
    }

    /** Digests every whole row in {@code data[from, to)}; returns where the first incomplete one starts. */
    private int consume(byte[] data, int from, int to) {
        return binary ? consumeBinary(data, from, to) : consumeText(data, from, to);
    }

    private int consumeText(byte[] data, int from, int to) {
        int start = from;
        for (int i = from; i < to; i++) {
            if (data[i] == '\n') {
                // "\." alone on a line ends the data in the old protocol's text COPY; never a row of data
                if (!(i - start == 2 && data[start] == '\\' && data[start + 1] == '.')) {
                    add(data, start, i + 1 - start);
                }
                start = i + 1;
            }
        }
        return start;
    }

    private int consumeBinary(byte[] data, int from, int to) {
        int p = from;
        if (!headerRead) {
            if (to - p < HEADER_BYTES) {
                return p;
            }
            if (!Arrays.equals(data, p, p + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
                throw new IllegalStateException("not a binary COPY stream: its signature is missing");
            }
            int extension = readInt(data, p + SIGNATURE.length + 4);
            if (extension < 0) {
                throw new IllegalStateException("a binary COPY header of negative length");
            }
            if (to - p < HEADER_BYTES + extension) {
                return p;
            }
            p += HEADER_BYTES + extension;
            headerRead = true;
        }
        while (!ended && to - p >= 2) {
            int fields = (short) ((data[p] & 0xFF) << 8 | data[p + 1] & 0xFF);
            if (fields == -1) {
                ended = true;
                return to;
            }
            int q = p + 2;
            for (int f = 0; f < fields; f++) {
                if (to - q < 4) {
                    return p;
                }
                int length = readInt(data, q);
                q += 4;
                if (length > 0) {
                    if (to - q < length) {
                        return p;
                    }
                    q += length;
                }
            }
            add(data, p, q - p);
            p = q;
        }
        return ended ? to : p;
    }

    private void add(byte[] data, int offset, int length) {
        long[] h = MurmurHash3.hash128x64(data, offset, length, 0);
        rows++;
        long low = firstLow + h[0];
        firstHigh += Long.compareUnsigned(low, firstLow) < 0 ? 1 : 0;
        firstLow = low;
        low = secondLow + h[1];
        secondHigh += Long.compareUnsigned(low, secondLow) < 0 ? 1 : 0;
        secondLow = low;
    }

    private static int readInt(byte[] data, int at) {
        return (data[at] & 0xFF) << 24 | (data[at + 1] & 0xFF) << 16 | (data[at + 2] & 0xFF) << 8 | data[at + 3] & 0xFF;
    }

    /** The 128-bit unsigned number {@code high * 2^64 + low}, in decimal. */
    private static String unsigned(long high, long low) {
        return new BigInteger(Long.toUnsignedString(high)).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(low)))
                .toString();
    }
}
