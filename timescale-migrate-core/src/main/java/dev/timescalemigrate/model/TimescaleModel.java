package dev.timescalemigrate.model;

import java.util.List;
import java.util.Optional;

/**
 * The TimescaleDB objects of a database.
 *
 * @param hypertables           hypertables (materialization hypertables of continuous aggregates excluded)
 * @param continuousAggregates  continuous aggregates, each after those it is built on
 * @param jobs                  user-visible jobs and policies (TimescaleDB's own maintenance jobs excluded)
 */
public record TimescaleModel(List<Hypertable> hypertables, List<ContinuousAggregate> continuousAggregates,
                             List<Job> jobs) {

    /** No TimescaleDB objects: the model of a plain PostgreSQL database. */
    public static final TimescaleModel NONE = new TimescaleModel(List.of(), List.of(), List.of());

    public TimescaleModel {
        hypertables = List.copyOf(hypertables);
        continuousAggregates = List.copyOf(continuousAggregates);
        jobs = List.copyOf(jobs);
    }

    /** The hypertable for that table, if it is one. */
    public Optional<Hypertable> hypertable(QualifiedName table) {
        return hypertables.stream().filter(h -> h.table().equals(table)).findFirst();
    }

    /** Whether any object needs the Timescale License (compression, continuous aggregates, policies and jobs). */
    public boolean usesLicensedFeatures() {
        return !continuousAggregates.isEmpty() || !jobs.isEmpty()
                || hypertables.stream().anyMatch(h -> h.compression() != null);
    }
}
