package dev.timescalemigrate.model;

import java.util.Objects;

/**
 * One chunk of a hypertable, with its range in the primary dimension.
 *
 * <p>Built with {@link #builder(QualifiedName, QualifiedName)}; {@link #toBuilder()} copies one to change it.
 * Immutable; equal to another chunk with equal fields.
 */
public final class Chunk {

    private final QualifiedName hypertable;
    private final QualifiedName chunk;
    private final String rangeStart;
    private final String rangeEnd;
    private final Long rangeStartInteger;
    private final Long rangeEndInteger;
    private final boolean compressed;

    private Chunk(Builder builder) {
        this.hypertable = builder.hypertable;
        this.chunk = builder.chunk;
        this.rangeStart = builder.rangeStart;
        this.rangeEnd = builder.rangeEnd;
        this.rangeStartInteger = builder.rangeStartInteger;
        this.rangeEndInteger = builder.rangeEndInteger;
        this.compressed = builder.compressed;
    }

    /** A builder for the chunk {@code chunk} of {@code hypertable}: uncompressed, with no range until set. */
    public static Builder builder(QualifiedName hypertable, QualifiedName chunk) {
        return new Builder(hypertable, chunk);
    }

    /** A builder holding this chunk's fields, to change some of them. */
    public Builder toBuilder() {
        return builder(hypertable, chunk).rangeStart(rangeStart).rangeEnd(rangeEnd)
                .rangeStartInteger(rangeStartInteger).rangeEndInteger(rangeEndInteger).compressed(compressed);
    }

    /** The hypertable. */
    public QualifiedName hypertable() {
        return hypertable;
    }

    /** The chunk table. */
    public QualifiedName chunk() {
        return chunk;
    }

    /** Start of a time range as PostgreSQL prints it, or {@code null} for an integer dimension. */
    public String rangeStart() {
        return rangeStart;
    }

    /** End of a time range, or {@code null}. */
    public String rangeEnd() {
        return rangeEnd;
    }

    /** Start of an integer range, or {@code null}. */
    public Long rangeStartInteger() {
        return rangeStartInteger;
    }

    /** End of an integer range, or {@code null}. */
    public Long rangeEndInteger() {
        return rangeEndInteger;
    }

    /** Whether the chunk is compressed. */
    public boolean compressed() {
        return compressed;
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof Chunk that
                && Objects.equals(hypertable, that.hypertable) && Objects.equals(chunk, that.chunk)
                && Objects.equals(rangeStart, that.rangeStart) && Objects.equals(rangeEnd, that.rangeEnd)
                && Objects.equals(rangeStartInteger, that.rangeStartInteger)
                && Objects.equals(rangeEndInteger, that.rangeEndInteger) && compressed == that.compressed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(hypertable, chunk, rangeStart, rangeEnd, rangeStartInteger, rangeEndInteger, compressed);
    }

    @Override
    public String toString() {
        return "Chunk[hypertable=" + hypertable + ", chunk=" + chunk + ", rangeStart=" + rangeStart
                + ", rangeEnd=" + rangeEnd + ", rangeStartInteger=" + rangeStartInteger
                + ", rangeEndInteger=" + rangeEndInteger + ", compressed=" + compressed + "]";
    }

    /** Builds a {@link Chunk}. Not thread-safe. */
    public static final class Builder {
        private QualifiedName hypertable;
        private QualifiedName chunk;
        private String rangeStart;
        private String rangeEnd;
        private Long rangeStartInteger;
        private Long rangeEndInteger;
        private boolean compressed;

        private Builder(QualifiedName hypertable, QualifiedName chunk) {
            this.hypertable = Objects.requireNonNull(hypertable, "hypertable");
            this.chunk = Objects.requireNonNull(chunk, "chunk");
        }

        /** The hypertable. Required. */
        public Builder hypertable(QualifiedName hypertable) {
            this.hypertable = Objects.requireNonNull(hypertable, "hypertable");
            return this;
        }

        /** The chunk table. Required. */
        public Builder chunk(QualifiedName chunk) {
            this.chunk = Objects.requireNonNull(chunk, "chunk");
            return this;
        }

        /**
         * Start of a time range as PostgreSQL prints it, or {@code null} for an integer dimension. Default:
         * {@code null}.
         */
        public Builder rangeStart(String rangeStart) {
            this.rangeStart = rangeStart;
            return this;
        }

        /** End of a time range, or {@code null}. Default: {@code null}. */
        public Builder rangeEnd(String rangeEnd) {
            this.rangeEnd = rangeEnd;
            return this;
        }

        /** Start of an integer range, or {@code null}. Default: {@code null}. */
        public Builder rangeStartInteger(Long rangeStartInteger) {
            this.rangeStartInteger = rangeStartInteger;
            return this;
        }

        /** End of an integer range, or {@code null}. Default: {@code null}. */
        public Builder rangeEndInteger(Long rangeEndInteger) {
            this.rangeEndInteger = rangeEndInteger;
            return this;
        }

        /** Whether the chunk is compressed. Default: false. */
        public Builder compressed(boolean compressed) {
            this.compressed = compressed;
            return this;
        }

        /** The chunk. */
        public Chunk build() {
            return new Chunk(this);
        }
    }
}
