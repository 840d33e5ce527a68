package dev.timescalemigrate.model;

/**
 * A user trigger.
 *
 * @param name       trigger name
 * @param definition the complete {@code CREATE TRIGGER} statement as PostgreSQL prints it
 * @param enabled    its firing state
 * @param comment    comment or {@code null}
 */
public record Trigger(String name, String definition, Enabled enabled, String comment) {

    /** {@code ALTER TABLE ... ENABLE/DISABLE TRIGGER} states. */
    public enum Enabled {
        /** Fires in origin and local sessions (the default). */
        ORIGIN,
        /** Disabled. */
        DISABLED,
        /** ENABLE REPLICA. */
        REPLICA,
        /** ENABLE ALWAYS. */
        ALWAYS
    }
}
