package dev.timescalemigrate.model;

/**
 * An installed extension.
 *
 * @param name    extension name, e.g. {@code timescaledb}
 * @param schema  the schema its objects live in
 * @param version the installed version
 */
public record Extension(String name, String schema, String version) {
}
