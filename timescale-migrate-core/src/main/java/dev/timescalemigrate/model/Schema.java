package dev.timescalemigrate.model;

/**
 * A user schema.
 *
 * @param name    schema name
 * @param comment its comment, or {@code null}
 */
public record Schema(String name, String comment) {
}
