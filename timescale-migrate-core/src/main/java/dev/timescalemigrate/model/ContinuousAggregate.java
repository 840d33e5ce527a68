package dev.timescalemigrate.model;

import java.util.List;
import java.util.Objects;

/**
 * A continuous aggregate.
 *
 * <p>Built with {@link #builder(QualifiedName)}; {@link #toBuilder()} copies one to change it. Immutable; equal to
 * another continuous aggregate with equal fields.
 */
public final class ContinuousAggregate {

    private final QualifiedName view;
    private final QualifiedName hypertable;
    private final QualifiedName materializationHypertable;
    private final boolean materializedOnly;
    private final boolean finalized;
    private final String definition;
    private final CompressionSettings compression;
    private final String comment;
    private final List<Index> indexes;

    private ContinuousAggregate(Builder builder) {
        this.view = builder.view;
        this.hypertable = builder.hypertable;
        this.materializationHypertable = builder.materializationHypertable;
        this.materializedOnly = builder.materializedOnly;
        this.finalized = builder.finalized;
        this.definition = builder.definition;
        this.compression = builder.compression;
        this.comment = builder.comment;
        this.indexes = builder.indexes;
    }

    /**
     * A builder for the continuous aggregate {@code view}: finalized, real-time, with no hypertables, definition or
     * indexes until set.
     */
    public static Builder builder(QualifiedName view) {
        return new Builder(view);
    }

    /** A builder holding this continuous aggregate's fields, to change some of them. */
    public Builder toBuilder() {
        return builder(view).hypertable(hypertable).materializationHypertable(materializationHypertable)
                .materializedOnly(materializedOnly).finalized(finalized).definition(definition)
                .compression(compression).comment(comment).indexes(indexes);
    }

    /** The view users query. */
    public QualifiedName view() {
        return view;
    }

    /** The hypertable (or continuous aggregate) it aggregates. */
    public QualifiedName hypertable() {
        return hypertable;
    }

    /** The hidden hypertable holding its materialized rows. */
    public QualifiedName materializationHypertable() {
        return materializationHypertable;
    }

    /** Whether real-time aggregation is off. */
    public boolean materializedOnly() {
        return materializedOnly;
    }

    /**
     * Whether it stores finalized values (the format of TimescaleDB 2.7 and later); the older partial format cannot be
     * carried across versions.
     */
    public boolean finalized() {
        return finalized;
    }

    /** Its SELECT as PostgreSQL prints it. */
    public String definition() {
        return definition;
    }

    /** Compression settings, or {@code null}. */
    public CompressionSettings compression() {
        return compression;
    }

    /** Comment or {@code null}. */
    public String comment() {
        return comment;
    }

    /**
     * The indexes users created on it (TimescaleDB's own, made with it, left out), each {@link Index#definition()}
     * naming the view.
     */
    public List<Index> indexes() {
        return indexes;
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof ContinuousAggregate that
                && Objects.equals(view, that.view) && Objects.equals(hypertable, that.hypertable)
                && Objects.equals(materializationHypertable, that.materializationHypertable)
                && materializedOnly == that.materializedOnly && finalized == that.finalized
                && Objects.equals(definition, that.definition) && Objects.equals(compression, that.compression)
                && Objects.equals(comment, that.comment) && Objects.equals(indexes, that.indexes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(view, hypertable, materializationHypertable, materializedOnly, finalized, definition,
                compression, comment, indexes);
    }

    @Override
    public String toString() {
        return "ContinuousAggregate[view=" + view + ", hypertable=" + hypertable
                + ", materializationHypertable=" + materializationHypertable + ", materializedOnly=" + materializedOnly
                + ", finalized=" + finalized + ", definition=" + definition + ", compression=" + compression
                + ", comment=" + comment + ", indexes=" + indexes + "]";
    }

    /** Builds a {@link ContinuousAggregate}. Not thread-safe. */
    public static final class Builder {
        private QualifiedName view;
        private QualifiedName hypertable;
        private QualifiedName materializationHypertable;
        private boolean materializedOnly;
        private boolean finalized = true;
        private String definition;
        private CompressionSettings compression;
        private String comment;
        private List<Index> indexes = List.of();

        private Builder(QualifiedName view) {
            this.view = Objects.requireNonNull(view, "view");
        }

        /** The view users query. Required. */
        public Builder view(QualifiedName view) {
            this.view = Objects.requireNonNull(view, "view");
            return this;
        }

        /** The hypertable (or continuous aggregate) it aggregates. Default: {@code null}. */
        public Builder hypertable(QualifiedName hypertable) {
            this.hypertable = hypertable;
            return this;
        }

        /** The hidden hypertable holding its materialized rows. Default: {@code null}. */
        public Builder materializationHypertable(QualifiedName materializationHypertable) {
            this.materializationHypertable = materializationHypertable;
            return this;
        }

        /** Whether real-time aggregation is off. Default: false. */
        public Builder materializedOnly(boolean materializedOnly) {
            this.materializedOnly = materializedOnly;
            return this;
        }

        /**
         * Whether it stores finalized values (the format of TimescaleDB 2.7 and later); the older partial format cannot
         * be carried across versions. Default: true.
         */
        public Builder finalized(boolean finalized) {
            this.finalized = finalized;
            return this;
        }

        /** Its SELECT as PostgreSQL prints it. Default: {@code null}. */
        public Builder definition(String definition) {
            this.definition = definition;
            return this;
        }

        /** Compression settings, or {@code null}. Default: {@code null}. */
        public Builder compression(CompressionSettings compression) {
            this.compression = compression;
            return this;
        }

        /** Comment or {@code null}. Default: {@code null}. */
        public Builder comment(String comment) {
            this.comment = comment;
            return this;
        }

        /**
         * The indexes users created on it (TimescaleDB's own, made with it, left out), each {@link Index#definition()}
         * naming the view. Default: empty.
         */
        public Builder indexes(List<Index> indexes) {
            this.indexes = List.copyOf(indexes);
            return this;
        }

        /** The continuous aggregate. */
        public ContinuousAggregate build() {
            return new ContinuousAggregate(this);
        }
    }
}
