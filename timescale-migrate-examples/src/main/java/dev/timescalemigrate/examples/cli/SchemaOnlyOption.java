package dev.timescalemigrate.examples.cli;

import picocli.CommandLine.Option;

/** {@code --schema-only}, which {@code migrate} and {@code plan} take ({@code verify} has no use for it). */
final class SchemaOnlyOption {

    static final String NAME = "--schema-only";

    @Option(names = NAME, order = 19,
            description = "Create the schema only: everything the strategy creates (tables, hypertables, continuous "
                    + "aggregates empty, keys, indexes, sequences at the source's positions, jobs and policies "
                    + "paused), no rows; foreign keys come with the backfill. The first step of migrating a database the application keeps writing: "
                    + "then write to both databases and backfill with --backfill-until.")
    boolean schemaOnly;
}
