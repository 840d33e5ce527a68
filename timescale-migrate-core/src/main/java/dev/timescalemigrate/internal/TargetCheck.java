package dev.timescalemigrate.internal;

import dev.timescalemigrate.adapter.TransferSession;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Extension;
import dev.timescalemigrate.model.Hypertable;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the target must offer before anything is written: TimescaleDB for the hypertables, no table of the
 * selection already there, the extensions the source uses, and the privileges and libraries the schema needs.
 * Each check returns its problems, none when it passes.
 */
final class TargetCheck {

    /** How many of the tables already on the target a problem names. */
    static final int CLASHES_NAMED = 10;

    private TargetCheck() {
    }

    /** The problem when there are hypertables to create and the target database lacks TimescaleDB. */
    static List<String> timescale(TransferSession session, List<Hypertable> hypertables) {
        if (hypertables.isEmpty() || session.targetServer().hasTimescale()) {
            return List.of();
        }
        return List.of(Preflight.timescaleMissing(session, "The hypertables "
                + hypertables.stream().map(h -> h.table().toString()).collect(Collectors.joining(", "))));
    }

    /**
     * The problem when the target already has tables of the selection, for a run that did not create them (a new
     * run without a backfill), naming the first {@value #CLASHES_NAMED}.
     *
     * @param selected the tables to migrate, in the source's order
     * @param target   the target's model
     */
    static List<String> clashes(Set<QualifiedName> selected, DatabaseModel target) {
        Set<QualifiedName> existing = target.tables().stream().map(Table::name).collect(Collectors.toSet());
        List<String> clashes = selected.stream().filter(existing::contains).map(QualifiedName::toString).toList();
        if (clashes.isEmpty()) {
            return List.of();
        }
        return List.of("The target already has " + clashes.size() + " of the tables to migrate ("
                + String.join(", ", clashes.subList(0, Math.min(CLASHES_NAMED, clashes.size())))
                + (clashes.size() > CLASHES_NAMED ? ", ..." : "") + "), and no earlier run of this migration "
                + "created them. Migrate into an empty database, drop those tables on the target, or "
                + "exclude them.");
    }

    /**
     * The extensions the target needs: the source's, and timescaledb (in the target server's version) when there
     * are hypertables and the source lacks it.
     */
    static List<Extension> extensionsNeeded(DatabaseModel source, boolean needsTimescale, TransferSession session) {
        List<Extension> extensions = new ArrayList<>(source.extensions());
        if (needsTimescale && source.extension("timescaledb").isEmpty()) {
            extensions.add(new Extension("timescaledb", "public", session.targetServer().timescaleVersion()));
        }
        return extensions;
    }

    /**
     * The problem when the target server cannot install some of the extensions needed.
     *
     * @param available the extensions the target server offers
     */
    static List<String> missingExtensions(List<Extension> needed, Set<String> available) {
        List<String> missing = needed.stream().map(Extension::name).filter(e -> !available.contains(e)).toList();
        if (missing.isEmpty()) {
            return List.of();
        }
        return List.of("The target server lacks extension(s) the source uses: " + String.join(", ", missing)
                + ". Install them on the target server (packages, shared_preload_libraries) and try again.");
    }

    /**
     * The adapter's problems with the users' privileges on the tables, and, when the source has routines or
     * types, with the C functions' libraries.
     */
    static List<String> privileges(TransferSession session, DatabaseModel source, List<Table> tables) {
        List<String> problems = new ArrayList<>(session.privilegeProblems(tables));
        if (!source.routines().isEmpty() || !source.types().isEmpty()) {
            problems.addAll(session.cFunctionProblems());
        }
        return problems;
    }
}
