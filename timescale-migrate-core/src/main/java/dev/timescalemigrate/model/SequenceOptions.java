package dev.timescalemigrate.model;

import java.util.Objects;

/**
 * The options of a sequence or identity column.
 *
 * <p>Built with {@link #builder()}; {@link #toBuilder()} copies one to change it. Immutable; equal to other options
 * with equal fields.
 */
public final class SequenceOptions {

    private final String dataType;
    private final long start;
    private final long increment;
    private final long minValue;
    private final long maxValue;
    private final long cache;
    private final boolean cycle;
    private final boolean unlogged;

    private SequenceOptions(Builder builder) {
        this.dataType = builder.dataType;
        this.start = builder.start;
        this.increment = builder.increment;
        this.minValue = builder.minValue;
        this.maxValue = builder.maxValue;
        this.cache = builder.cache;
        this.cycle = builder.cycle;
        this.unlogged = builder.unlogged;
    }

    /**
     * A builder starting from PostgreSQL's defaults for {@code CREATE SEQUENCE}: bigint, start 1, increment 1, minimum
     * 1, maximum bigint's, cache 1, no cycle.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        return builder().dataType(dataType).start(start).increment(increment).minValue(minValue).maxValue(maxValue)
                .cache(cache).cycle(cycle).unlogged(unlogged);
    }

    /** {@code smallint}, {@code integer} or {@code bigint}. */
    public String dataType() {
        return dataType;
    }

    /** START WITH. */
    public long start() {
        return start;
    }

    /** INCREMENT BY. */
    public long increment() {
        return increment;
    }

    /** MINVALUE. */
    public long minValue() {
        return minValue;
    }

    /** MAXVALUE. */
    public long maxValue() {
        return maxValue;
    }

    /** CACHE. */
    public long cache() {
        return cache;
    }

    /** CYCLE. */
    public boolean cycle() {
        return cycle;
    }

    /** Whether the sequence is UNLOGGED. */
    public boolean unlogged() {
        return unlogged;
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof SequenceOptions that
                && Objects.equals(dataType, that.dataType) && start == that.start && increment == that.increment
                && minValue == that.minValue && maxValue == that.maxValue && cache == that.cache
                && cycle == that.cycle && unlogged == that.unlogged;
    }

    @Override
    public int hashCode() {
        return Objects.hash(dataType, start, increment, minValue, maxValue, cache, cycle, unlogged);
    }

    @Override
    public String toString() {
        return "SequenceOptions[dataType=" + dataType + ", start=" + start + ", increment=" + increment
                + ", minValue=" + minValue + ", maxValue=" + maxValue + ", cache=" + cache + ", cycle=" + cycle
                + ", unlogged=" + unlogged + "]";
    }

    /** Builds a {@link SequenceOptions}. Not thread-safe. */
    public static final class Builder {
        private String dataType = "bigint";
        private long start = 1;
        private long increment = 1;
        private long minValue = 1;
        private long maxValue = Long.MAX_VALUE;
        private long cache = 1;
        private boolean cycle;
        private boolean unlogged;

        private Builder() {
        }

        /** {@code smallint}, {@code integer} or {@code bigint}. Default: {@code bigint}. */
        public Builder dataType(String dataType) {
            this.dataType = dataType;
            return this;
        }

        /** START WITH. Default: 1. */
        public Builder start(long start) {
            this.start = start;
            return this;
        }

        /** INCREMENT BY. Default: 1. */
        public Builder increment(long increment) {
            this.increment = increment;
            return this;
        }

        /** MINVALUE. Default: 1. */
        public Builder minValue(long minValue) {
            this.minValue = minValue;
            return this;
        }

        /** MAXVALUE. Default: bigint's maximum, {@link Long#MAX_VALUE}; set it with a smaller data type. */
        public Builder maxValue(long maxValue) {
            this.maxValue = maxValue;
            return this;
        }

        /** CACHE. Default: 1. */
        public Builder cache(long cache) {
            this.cache = cache;
            return this;
        }

        /** CYCLE. Default: false. */
        public Builder cycle(boolean cycle) {
            this.cycle = cycle;
            return this;
        }

        /** Whether the sequence is UNLOGGED. Default: false. */
        public Builder unlogged(boolean unlogged) {
            this.unlogged = unlogged;
            return this;
        }

        /** The sequence options. */
        public SequenceOptions build() {
            return new SequenceOptions(this);
        }
    }
}
