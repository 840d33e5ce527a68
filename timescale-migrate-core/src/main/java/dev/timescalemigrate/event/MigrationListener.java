package dev.timescalemigrate.event;

/**
 * Receives progress events. Every method defaults to a no-op, so override only what you need. Methods are
 * called on one dedicated thread, in order; an exception thrown here is logged and ignored.
 */
public interface MigrationListener {

    /** @param event the event */
    default void migrationStarted(MigrationEvent.MigrationStarted event) {
    }

    /** @param event the event */
    default void phaseStarted(MigrationEvent.PhaseStarted event) {
    }

    /** @param event the event */
    default void tableStarted(MigrationEvent.TableStarted event) {
    }

    /** @param event the event */
    default void unitCopied(MigrationEvent.UnitCopied event) {
    }

    /** @param event the event */
    default void retryScheduled(MigrationEvent.RetryScheduled event) {
    }

    /** @param event the event */
    default void tableFinished(MigrationEvent.TableFinished event) {
    }

    /**
     * A batch of large objects was copied.
     *
     * @param event the event
     */
    default void largeObjectsCopied(MigrationEvent.LargeObjectsCopied event) {
    }

    /** @param event the event */
    default void schemaStepDone(MigrationEvent.SchemaStepDone event) {
    }

    /**
     * A hypertable's storage was measured (streaming strategy).
     *
     * @param event the event
     */
    default void storageMeasured(MigrationEvent.StorageMeasured event) {
    }

    /**
     * Following the source: applied so far, lag and rates (about once a second).
     *
     * @param event the event
     */
    default void followProgress(MigrationEvent.FollowProgress event) {
    }

    /** @param event the event */
    default void warning(MigrationEvent.Warning event) {
    }

    /** @param event the event */
    default void migrationFinished(MigrationEvent.MigrationFinished event) {
    }

    /** @param event the event */
    default void migrationFailed(MigrationEvent.MigrationFailed event) {
    }

    /** Calls the method for the event's type. */
    default void dispatch(MigrationEvent event) {
        switch (event) {
            case MigrationEvent.MigrationStarted e -> migrationStarted(e);
            case MigrationEvent.PhaseStarted e -> phaseStarted(e);
            case MigrationEvent.TableStarted e -> tableStarted(e);
            case MigrationEvent.UnitCopied e -> unitCopied(e);
            case MigrationEvent.RetryScheduled e -> retryScheduled(e);
            case MigrationEvent.TableFinished e -> tableFinished(e);
            case MigrationEvent.LargeObjectsCopied e -> largeObjectsCopied(e);
            case MigrationEvent.SchemaStepDone e -> schemaStepDone(e);
            case MigrationEvent.StorageMeasured e -> storageMeasured(e);
            case MigrationEvent.FollowProgress e -> followProgress(e);
            case MigrationEvent.Warning e -> warning(e);
            case MigrationEvent.MigrationFinished e -> migrationFinished(e);
            case MigrationEvent.MigrationFailed e -> migrationFailed(e);
        }
    }
}
