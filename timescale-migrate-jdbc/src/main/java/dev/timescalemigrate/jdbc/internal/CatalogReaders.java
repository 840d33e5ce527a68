package dev.timescalemigrate.jdbc.internal;

import java.util.List;

/** The readers of the objects the model carries as DDL, in the order their objects are listed. */
final class CatalogReaders {

    static final List<CatalogReader> ALL = List.of(
            // pre-data, function-like kinds
            new AccessMethodReader(), new LanguageReader(), new CollationReader(), new ConversionReader(),
            new OperatorReader(), new OperatorClassReader(), new AggregateReader(), new CastReader(),
            new TransformReader()
    );

    private CatalogReaders() {
    }
}
