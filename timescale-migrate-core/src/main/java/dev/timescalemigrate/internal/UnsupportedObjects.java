package dev.timescalemigrate.internal;

import dev.timescalemigrate.model.DatabaseModel;

import java.util.List;

/**
 * What the source has that the migration does not carry (the introspection lists it in
 * {@link DatabaseModel#unsupported()}): a warning each, for the report. None stops the migration.
 */
final class UnsupportedObjects {

    private UnsupportedObjects() {
    }

    /** One warning for each object of the source that is not migrated, in the source's order. */
    static List<String> warnings(DatabaseModel source) {
        return source.unsupported().stream().map(what -> what.startsWith("tablespace ")
                ? "Not migrated: the " + what + " (tablespaces belong to the server, not to the database): it is "
                + "created in the target's default tablespace."
                : "Not migrated (not supported): " + what + ".").toList();
    }
}
