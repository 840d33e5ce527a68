package dev.timescalemigrate.jdbc.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The messages of PostgreSQL's {@code pgoutput} logical decoding plugin, protocol version 1 with {@code messages}
 * on (PostgreSQL's "Logical Replication Message Formats"): begin, commit, relation, insert, update, delete,
 * truncate and logical messages; type and origin messages are read and ignored. Column values are the server's
 * text output; a value TOASTed and unchanged by an update is {@link Tuple#UNCHANGED}.
 */
final class PgOutput {

    private PgOutput() {
    }

    /** A decoded message. */
    sealed interface Message permits Begin, Commit, Relation, Insert, Update, Delete, Truncate, Logical, Ignored {
    }

    /** A transaction starts; {@code finalLsn} is its commit record's position. */
    record Begin(long finalLsn, long commitMicros, int xid) implements Message {
    }

    /** A transaction ends; {@code endLsn} is the position just after its commit record. */
    record Commit(long commitLsn, long endLsn, long commitMicros) implements Message {
    }

    /**
     * A relation's description, sent before its first change in a stream and after it changes.
     *
     * @param identity the replica identity: {@code d} default (the primary key), {@code n} nothing, {@code f} full,
     *                 {@code i} an index
     * @param columns  the published columns, in order
     */
    record Relation(int oid, String schema, String name, char identity, List<Column> columns) implements Message {
    }

    /** A column of a {@link Relation}; {@code key} when it is part of the replica identity. */
    record Column(boolean key, String name, int typeOid, int typeMod) {
    }

    /** A row inserted. */
    record Insert(int relation, Tuple row) implements Message {
    }

    /**
     * A row updated: {@code old} is its replica identity ({@code K}, key columns only) or its whole old row
     * ({@code O}, with {@code REPLICA IDENTITY FULL}), or null when the key did not change.
     */
    record Update(int relation, Tuple old, boolean oldIsKey, Tuple row) implements Message {
    }

    /** A row deleted, by its replica identity ({@code oldIsKey}) or its whole old row. */
    record Delete(int relation, Tuple old, boolean oldIsKey) implements Message {
    }

    /** Relations truncated together. */
    record Truncate(boolean cascade, boolean restartIdentity, int[] relations) implements Message {
        @Override
        public boolean equals(Object o) {
            return o instanceof Truncate t && cascade == t.cascade && restartIdentity == t.restartIdentity
                    && Arrays.equals(relations, t.relations);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(relations) + (cascade ? 2 : 0) + (restartIdentity ? 1 : 0);
        }

        @Override
        public String toString() {
            return "Truncate[cascade=" + cascade + ", restartIdentity=" + restartIdentity + ", relations="
                    + Arrays.toString(relations) + "]";
        }
    }

    /** A logical message ({@code pg_logical_emit_message}), e.g. TimescaleDB's compression markers. */
    record Logical(boolean transactional, long lsn, String prefix, byte[] content) implements Message {
    }

    /** A type or origin message, which the apply does not need. */
    record Ignored(char kind) implements Message {
    }

    /**
     * A row's values as text, one per column of its relation: null for SQL NULL, {@link #UNCHANGED} for a
     * TOASTed value the update did not change.
     */
    record Tuple(List<String> values) {
        /** The marker of an unchanged TOASTed value (compared by identity). */
        static final String UNCHANGED = new String("\u0000unchanged-toast");

        static boolean unchanged(String value) {
            return value == UNCHANGED;
        }
    }

    /**
     * Decodes one message.
     *
     * @throws IllegalArgumentException for a message kind this protocol version does not have
     */
    static Message decode(ByteBuffer b) {
        char kind = (char) b.get();
        return switch (kind) {
            case 'B' -> new Begin(b.getLong(), b.getLong(), b.getInt());
            case 'C' -> {
                b.get(); // flags, unused
                yield new Commit(b.getLong(), b.getLong(), b.getLong());
            }
            case 'R' -> {
                int oid = b.getInt();
                String schema = string(b);
                String name = string(b);
                char identity = (char) b.get();
                int n = b.getShort();
                List<Column> columns = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    boolean key = (b.get() & 1) != 0;
                    columns.add(new Column(key, string(b), b.getInt(), b.getInt()));
                }
                yield new Relation(oid, schema.isEmpty() ? "pg_catalog" : schema, name, identity, List.copyOf(columns));
            }
            case 'I' -> {
                int relation = b.getInt();
                expect(b, 'N');
                yield new Insert(relation, tuple(b));
            }
            case 'U' -> {
                int relation = b.getInt();
                char next = (char) b.get();
                Tuple old = null;
                boolean key = false;
                if (next == 'K' || next == 'O') {
                    key = next == 'K';
                    old = tuple(b);
                    next = (char) b.get();
                }
                if (next != 'N') {
                    throw new IllegalArgumentException("pgoutput update without its new row (" + next + ")");
                }
                yield new Update(relation, old, key, tuple(b));
            }
            case 'D' -> {
                int relation = b.getInt();
                char next = (char) b.get();
                if (next != 'K' && next != 'O') {
                    throw new IllegalArgumentException("pgoutput delete without its old row (" + next + ")");
                }
                yield new Delete(relation, tuple(b), next == 'K');
            }
            case 'T' -> {
                int n = b.getInt();
                int options = b.get();
                int[] relations = new int[n];
                for (int i = 0; i < n; i++) {
                    relations[i] = b.getInt();
                }
                yield new Truncate((options & 1) != 0, (options & 2) != 0, relations);
            }
            case 'M' -> {
                boolean transactional = (b.get() & 1) != 0;
                long lsn = b.getLong();
                String prefix = string(b);
                byte[] content = new byte[b.getInt()];
                b.get(content);
                yield new Logical(transactional, lsn, prefix, content);
            }
            case 'Y', 'O' -> new Ignored(kind);
            default -> throw new IllegalArgumentException("pgoutput message of unknown kind '" + kind + "'");
        };
    }

    private static void expect(ByteBuffer b, char kind) {
        char got = (char) b.get();
        if (got != kind) {
            throw new IllegalArgumentException("pgoutput: expected '" + kind + "', got '" + got + "'");
        }
    }

    private static Tuple tuple(ByteBuffer b) {
        int n = b.getShort();
        List<String> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            char kind = (char) b.get();
            switch (kind) {
                case 'n' -> values.add(null);
                case 'u' -> values.add(Tuple.UNCHANGED);
                case 't' -> {
                    byte[] bytes = new byte[b.getInt()];
                    b.get(bytes);
                    values.add(new String(bytes, StandardCharsets.UTF_8));
                }
                default -> throw new IllegalArgumentException("pgoutput column value of unknown kind '" + kind
                        + "' (binary values are not requested)");
            }
        }
        return new Tuple(java.util.Collections.unmodifiableList(values));
    }

    /** A NUL-terminated string. */
    private static String string(ByteBuffer b) {
        int start = b.position();
        int end = start;
        while (b.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        b.get(bytes);
        b.get(); // the NUL
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
