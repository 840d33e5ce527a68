package dev.timescalemigrate.event;

/** The phases of a run, in the order a strategy passes through those it has. */
public enum MigrationPhase {
    /** Extensions, schemas, types, routines, sequences, tables and whatever must exist before the data. */
    SCHEMA("schema"),
    /** The copy units. */
    DATA("data"),
    /** Keys, indexes, constraints, triggers and sequence positions, after the data. */
    POST_DATA("post-data"),
    /** Continuous aggregates with their rows, compression like the source's, views over aggregates, jobs. */
    TIMESCALEDB("timescaledb"),
    /** Row counts and checksums of both sides. */
    VERIFY("verify");

    private final String label;

    MigrationPhase(String label) {
        this.label = label;
    }

    /** How people see it, e.g. {@code post-data}. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
