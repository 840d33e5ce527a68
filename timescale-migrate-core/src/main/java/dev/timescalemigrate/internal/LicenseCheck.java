package dev.timescalemigrate.internal;

import dev.timescalemigrate.model.ContinuousAggregate;
import dev.timescalemigrate.model.Hypertable;
import dev.timescalemigrate.model.Job;
import dev.timescalemigrate.model.ServerInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * Compression, continuous aggregates and jobs need a Timescale-licensed target: on the Apache edition the
 * migration stops listing them, unless the user chose to leave them out, each then named in a warning.
 */
final class LicenseCheck {

    /**
     * The outcome.
     *
     * @param hypertables the hypertables, without compression settings when they are left out
     * @param aggregates  the continuous aggregates, none when they are left out
     * @param jobs        the jobs, none when they are left out
     * @param problems    the one problem naming every object the target cannot have, or none
     * @param warnings    one for each object left out
     */
    record Outcome(List<Hypertable> hypertables, List<ContinuousAggregate> aggregates, List<Job> jobs,
                   List<String> problems, List<String> warnings) {
    }

    private LicenseCheck() {
    }

    /**
     * Checks what is selected against the target's edition.
     *
     * @param target               the target server
     * @param skipLicensedFeatures whether the user chose to migrate without what needs the license
     */
    static Outcome check(ServerInfo target, boolean skipLicensedFeatures, List<Hypertable> hypertables,
                         List<ContinuousAggregate> aggregates, List<Job> jobs) {
        if (!target.isApacheEdition()) {
            return new Outcome(hypertables, aggregates, jobs, List.of(), List.of());
        }
        List<String> affected = new ArrayList<>();
        hypertables.stream().filter(h -> h.compression() != null)
                .forEach(h -> affected.add("compression settings of hypertable " + h.table()));
        aggregates.forEach(c -> affected.add("continuous aggregate " + c.view() + " (with its materialized data)"));
        jobs.forEach(j -> affected.add(Preflight.describe(j)));
        if (affected.isEmpty()) {
            return new Outcome(hypertables, aggregates, jobs, List.of(), List.of());
        }
        if (!skipLicensedFeatures) {
            return new Outcome(hypertables, aggregates, jobs, List.of("The target runs TimescaleDB's Apache edition "
                    + "(timescaledb.license = apache, version " + target.timescaleVersion() + "), which cannot have "
                    + affected.size() + " of the source's objects: " + String.join("; ", affected) + ". Migrate into "
                    + "a server with the Timescale License (Timescale Cloud, or TimescaleDB's community packages with "
                    + "timescaledb.license = 'timescale'), or migrate the data without them (skipLicensedFeatures"
                    + "(true), or --skip-licensed-features on the command line): each object left out is then "
                    + "named in the report."), List.of());
        }
        return new Outcome(hypertables.stream().map(h -> h.compression() == null ? h
                : new Hypertable(h.table(), h.dimensions(), null)).toList(), List.of(), List.of(), List.of(),
                affected.stream().map(a -> "Not migrated: " + a + " (the target runs TimescaleDB's Apache edition).")
                        .toList());
    }
}
