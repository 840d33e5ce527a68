package dev.timescalemigrate.internal;

import dev.timescalemigrate.model.QualifiedName;

/** Parsing of table names given by users. */
public final class Names {

    private Names() {
    }

    /** Parses {@code schema.table} (quoted parts allowed; no schema means public). */
    public static QualifiedName table(String text) {
        return QualifiedName.parse(text, "public");
    }
}
