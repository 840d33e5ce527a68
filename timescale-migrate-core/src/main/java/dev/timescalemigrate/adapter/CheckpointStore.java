package dev.timescalemigrate.adapter;

import dev.timescalemigrate.spi.CopyUnit;
import dev.timescalemigrate.model.QualifiedName;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Progress of one migration, kept on the target (in its own schema) so that a rerun after any failure
 * continues where the last run stopped. Thread-safe.
 */
public interface CheckpointStore {

    /** Where a migration stands when a run begins. */
    enum RunState {
        /** Nothing recorded: a first run. */
        NEW,
        /** An earlier run started and did not finish: this run resumes it. */
        RESUMED,
        /** An earlier run finished. */
        FINISHED
    }

    /**
     * Creates the checkpoint schema and tables if missing and records the migration. Holds a lock until
     * {@link TransferSession#close()} so two runs of the same migration cannot overlap.
     *
     * @param strategy the strategy's name, recorded for people
     * @throws dev.timescalemigrate.exception.MigrationException when another run of the same migration is active
     */
    RunState begin(String strategy);

    /** The state without creating anything (for the preflight and dry runs). */
    RunState peek();

    /** Whether a step (DDL statement or other one-off action) is recorded as done. */
    boolean isDone(String stepKey);

    /** Records a step as done in its own transaction. */
    void markDone(String stepKey);

    /** Every step key recorded as done. */
    Set<String> doneSteps();

    /** The units saved for a table by an earlier run, if any; a rerun must copy exactly these. */
    Optional<List<CopyUnit>> units(QualifiedName table);

    /** Saves the units a table is split into, once, before the first of them is copied. */
    void saveUnits(QualifiedName table, List<CopyUnit> units);

    /** Keys of units recorded as copied. */
    Set<String> doneUnits();

    /** Records the migration as finished. */
    void finish();
}
