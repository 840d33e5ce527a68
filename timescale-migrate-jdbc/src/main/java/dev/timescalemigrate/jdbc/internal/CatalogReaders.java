package dev.timescalemigrate.jdbc.internal;

import java.util.List;

/** The readers of the objects the model carries as DDL, in the order their objects are listed. */
final class CatalogReaders {

    static final List<CatalogReader> ALL = List.of(
            // pre-data, function-like kinds
            new AccessMethodReader(), new LanguageReader(), new CollationReader(), new ConversionReader(),
            new OperatorReader(), new OperatorClassReader(), new AggregateReader(), new CastReader(),
            new TransformReader(),
            // text search, foreign data (before the data); invalid partitioned indexes, table attributes, domain
            // constraint comments, statistics, rules, row-level security, publications (after it), event
            // triggers last: they would fire on the migration's DDL
            new TextSearchReader(), new ForeignDataReader(), new InvalidPartitionedIndexReader(),
            new TableAttributesReader(), new DomainConstraintCommentReader(),
            new ExtendedStatisticsReader(), new RuleReader(), new RowSecurityReader(), new PublicationReader(),
            new EventTriggerReader()
    );

    private CatalogReaders() {
    }
}
