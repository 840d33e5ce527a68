package dev.timescalemigrate.examples.cli;

import dev.timescalemigrate.model.Chunk;
import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.Constraint;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Dimension;
import dev.timescalemigrate.model.Hypertable;
import dev.timescalemigrate.model.Index;
import dev.timescalemigrate.model.ServerInfo;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.model.UserType;
import dev.timescalemigrate.model.View;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints a {@link DatabaseModel} for people. */
final class ModelPrinter {

    private final PrintWriter out;

    ModelPrinter(PrintWriter out) {
        this.out = out;
    }

    void print(ServerInfo server, DatabaseModel model, List<Chunk> chunks) {
        out.printf("Database %s on PostgreSQL %s as %s%s%n", server.database(), server.serverVersion(), server.user(),
                server.superuser() ? " (superuser)" : "");
        out.printf("TimescaleDB: %s%n", server.hasTimescale()
                ? server.timescaleVersion() + ", " + server.timescaleLicense() + " edition" : "not installed");
        out.printf("%d objects%n%n", model.objectCount());

        section("Extensions", model.extensions().stream().map(e -> e.name() + " " + e.version() + " in " + e.schema()).toList());
        section("Schemas", model.schemas().stream().map(s -> quoted(s.name())).toList());
        section("Types", model.types().stream().map(ModelPrinter::type).toList());
        section("Routines", model.routines().stream()
                .map(r -> r.kind().name().toLowerCase() + " " + r.signature()).toList());
        section("Sequences", model.sequences().stream().map(s -> s.name() + " at " + s.position().lastValue()
                + (s.position().isCalled() ? "" : " (unused)")
                + (s.ownedBy() == null ? "" : ", owned by " + s.ownedBy().table() + "." + quoted(s.ownedBy().column())))
                .toList());

        Map<Object, Long> chunkCounts = chunks.stream().collect(Collectors.groupingBy(Chunk::hypertable, Collectors.counting()));
        out.println("Tables");
        for (Table t : model.tables()) {
            String kind = t.kind() == Table.Kind.PARTITIONED ? " (partitioned by " + t.partitionKey() + ")" : "";
            String partition = t.partitionOf() == null ? "" : " (partition of " + t.partitionOf().parent() + " "
                    + t.partitionOf().bound() + ")";
            out.printf("  %s%s%s%n", t.name(), kind, partition);
            model.timescale().hypertable(t.name()).ifPresent(h -> out.printf("      hypertable: %s, %d chunks%s%n",
                    dimensions(h), chunkCounts.getOrDefault(t.name(), 0L),
                    h.compression() == null ? "" : ", compressed by " + h.compression().segmentBy()));
            for (Column c : t.columns()) {
                out.printf("      %-24s %s%s%s%n", quoted(c.name()), c.type(), c.notNull() ? " not null" : "",
                        c.identity() != null ? " identity" : c.isGenerated() ? " generated" : "");
            }
            for (Constraint c : t.constraints()) {
                out.printf("      constraint %s %s%n", quoted(c.name()), c.definition());
            }
            for (Index i : t.indexes()) {
                out.printf("      index %s (%s)%n", quoted(i.name()), i.method());
            }
            t.triggers().forEach(tr -> out.printf("      trigger %s%n", quoted(tr.name())));
        }
        out.println();
        section("Views", model.views().stream().map(ModelPrinter::view).toList());
        section("Continuous aggregates", model.timescale().continuousAggregates().stream()
                .map(c -> c.view().toString()).toList());
        section("Jobs", model.timescale().jobs().stream()
                .map(j -> j.id() + " " + j.procedure() + (j.hypertable() == null ? "" : " on " + j.hypertable())).toList());
        if (!model.unsupported().isEmpty()) {
            section("Not supported by timescale-migrate", model.unsupported());
        }
    }

    private void section(String title, List<String> lines) {
        out.println(title + (lines.isEmpty() ? ": none" : ""));
        lines.forEach(line -> out.println("  " + line));
        out.println();
    }

    private static String quoted(String name) {
        return dev.timescalemigrate.model.SqlIdentifiers.quote(name);
    }

    private static String type(UserType type) {
        return switch (type) {
            case UserType.EnumType e -> e.name() + " enum " + e.labels();
            case UserType.DomainType d -> d.name() + " domain over " + d.baseType();
            case UserType.CompositeType c -> c.name() + " composite of " + c.attributes().size() + " attributes";
            case UserType.RangeType r -> r.name() + " range of " + r.subtype();
            case UserType.BaseType b -> b.name() + " base type";
        };
    }

    private static String view(View v) {
        return (v.materialized() ? "materialized view " : "view ") + v.name();
    }

    private static String dimensions(Hypertable h) {
        return h.dimensions().stream().map(ModelPrinter::dimension).collect(Collectors.joining(", "));
    }

    private static String dimension(Dimension d) {
        if (d.kind() == Dimension.Kind.SPACE) {
            return "space " + quoted(d.column()) + " in " + d.numPartitions() + " partitions";
        }
        return "time " + quoted(d.column()) + " every "
                + (d.integerInterval() != null ? d.integerInterval() : d.timeInterval());
    }
}
