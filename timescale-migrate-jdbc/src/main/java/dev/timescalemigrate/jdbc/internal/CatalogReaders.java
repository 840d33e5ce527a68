package dev.timescalemigrate.jdbc.internal;

import java.util.List;

/** The readers of the objects the model carries as DDL, in the order their objects are listed. */
final class CatalogReaders {

    static final List<CatalogReader> ALL = List.of(
    );

    private CatalogReaders() {
    }
}
