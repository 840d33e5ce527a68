package dev.timescalemigrate.examples.cli;

import dev.timescalemigrate.Passwords;
import dev.timescalemigrate.Migration;
import dev.timescalemigrate.SnapshotMode;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;

/** The options {@code migrate}, {@code plan} and {@code verify} share: the two databases and what to migrate how. */
final class MigrationOptions {

    static final String DEFAULT_SOURCE_PASSWORD_ENV = "TSM_SOURCE_PASSWORD";
    static final String DEFAULT_TARGET_PASSWORD_ENV = "TSM_TARGET_PASSWORD";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--source", required = true, paramLabel = "JDBC_URL", order = 1,
            description = "The source database, e.g. jdbc:postgresql://host:5432/app")
    String sourceUrl;

    @Option(names = "--target", required = true, paramLabel = "JDBC_URL", order = 2,
            description = "The target database (TimescaleDB; CREATE EXTENSION timescaledb done beforehand when "
                    + "hypertables are wanted)")
    String targetUrl;

    @Option(names = "--source-user", paramLabel = "USER", order = 3,
            description = "User for the source (or user= in the URL).")
    String sourceUser;

    @Option(names = "--target-user", paramLabel = "USER", order = 4,
            description = "User for the target (or user= in the URL).")
    String targetUser;

    @Option(names = "--source-password-env", paramLabel = "VAR", order = 5,
            description = "Environment variable holding the source password (default: " + DEFAULT_SOURCE_PASSWORD_ENV
                    + "). Passwords are never taken as arguments, which other users of the machine could see.")
    String sourcePasswordEnv;

    @Option(names = "--target-password-env", paramLabel = "VAR", order = 6,
            description = "Environment variable holding the target password (default: " + DEFAULT_TARGET_PASSWORD_ENV
                    + ").")
    String targetPasswordEnv;

    @Option(names = "--strategy", paramLabel = "NAME", defaultValue = "per-table", order = 7,
            description = "Migration strategy (default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--include", paramLabel = "PATTERN", order = 8,
            description = "Migrate only tables matching schema.table patterns (* and ?; double-quote names with "
                    + "dots or capitals). Repeatable, or comma-separated. Default: every table.")
    List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "PATTERN", order = 9,
            description = "Leave out tables matching these patterns. Repeatable, or comma-separated.")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--hypertable", paramLabel = HypertableOption.FORMAT, order = 10,
            converter = HypertableOption.Converter.class,
            description = "Create TABLE as a hypertable on the target, partitioned by COLUMN. INTERVAL is the chunk "
                    + "interval (default 7 days): 1d, 12h, 30m, 7 days, P1D, or an integer for an integer time "
                    + "column. Example: app.readings:ts:1d or \"My Schema\".\"T\":ts:12h. Repeatable.")
    List<HypertableOption> hypertables = new ArrayList<>();

    @Option(names = "--parallelism", paramLabel = "N", order = 11,
            description = "Units copied at once and index builds run at once (default: processors, at most 4).")
    Integer parallelism;

    @Option(names = "--unit-size", paramLabel = "SIZE", order = 12, converter = ByteSize.Converter.class,
            description = "Wanted size of a copy unit, e.g. 64MB, 1GiB (default 128MiB; at least 1MiB).")
    Long unitBytes;

    @Option(names = "--migration-id", paramLabel = "ID", order = 13,
            description = "Id under which checkpoints are kept; runs with the same id continue each other "
                    + "(default: derived from the strategy, the source and the selection).")
    String migrationId;

    @Option(names = "--max-attempts", paramLabel = "N", order = 14,
            description = "Attempts per copy unit on transient errors (default 5).")
    Integer maxAttempts;

    @Option(names = "--snapshot", paramLabel = "MODE", order = 15, converter = SnapshotConverter.class,
            description = "How the source is read: 'exported' (every worker reads one snapshot, held by a "
                    + "transaction open for the whole run: a copy of one instant, but vacuum on the source waits) "
                    + "or 'per-unit' (a short transaction per unit, for busy sources). Default: exported for the "
                    + "whole-database strategy, per-unit for the others.")
    SnapshotMode snapshot;

    @Option(names = "--skip-licensed-features", order = 16,
            description = "Migrate the data even into a target that cannot have the source's compression, "
                    + "continuous aggregates or jobs (TimescaleDB's Apache edition): each object left out is named "
                    + "in the report. Without it, such a migration stops before writing anything.")
    boolean skipLicensedFeatures;

    @Option(names = "--ownership", negatable = true, order = 17,
            description = "Recreate owners and privileges (whole-database strategy): --ownership requires it, "
                    + "--no-ownership leaves them out. Default: recreate them when every role exists on the target.")
    Boolean ownership;

    @Option(names = "--map-role", paramLabel = "SOURCE=TARGET", order = 18,
            description = "Give the target role TARGET what the source role SOURCE owns or was granted, e.g. "
                    + "postgres=tsdbadmin. Repeatable.")
    List<String> roleMappings = new ArrayList<>();

    @Option(names = "--backfill-until", paramLabel = BackfillUntil.FORMAT, order = 20,
            converter = BackfillUntil.Converter.class,
            description = "Backfill a target whose schema exists (made by --schema-only) and which the application "
                    + "already writes: copy the rows of time-partitioned tables before INSTANT (ISO-8601, e.g. "
                    + "2025-03-15T00:00:00Z), the rows of the other tables whose key the target lacks, and the "
                    + "continuous aggregates' history. TABLE:VALUE gives a table a bound of its own: an integer for an "
                    + "integer time column (required there), or an instant, e.g. app.counters:1700000000. "
                    + "Repeatable. For verify: compare only the rows before the bounds, as after a backfill.")
    List<BackfillUntil> backfillUntil = new ArrayList<>();

    @Option(names = "--backfill-time-column", paramLabel = BackfillTimeColumn.FORMAT, order = 21,
            converter = BackfillTimeColumn.Converter.class,
            description = "With --backfill-until: treat the plain table TABLE as time-partitioned by COLUMN, so "
                    + "only its rows before the cutoff are copied (without it, the rows whose key the target lacks), "
                    + "e.g. app.audit_log:logged_at. Repeatable.")
    List<BackfillTimeColumn> backfillTimeColumns = new ArrayList<>();

    /** Reads {@code exported} or {@code per-unit}. */
    static final class SnapshotConverter implements CommandLine.ITypeConverter<SnapshotMode> {
        @Override
        public SnapshotMode convert(String value) {
            return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "exported" -> SnapshotMode.EXPORTED;
                case "per-unit", "per_unit" -> SnapshotMode.PER_UNIT;
                default -> throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a snapshot mode: use exported or per-unit");
            };
        }
    }

    /**
     * A builder with every option applied; the caller adds what is specific to its command.
     *
     * @throws CommandLine.ParameterException for a usage error found here
     */
    Migration.Builder builder() {
        Migration.Builder builder = Migration.builder()
                .source(sourceUrl, sourceUser, password("--source-password-env", sourcePasswordEnv,
                        DEFAULT_SOURCE_PASSWORD_ENV))
                .target(targetUrl, targetUser, password("--target-password-env", targetPasswordEnv,
                        DEFAULT_TARGET_PASSWORD_ENV))
                .strategy(strategy);
        builder.include(patterns("--include", includes));
        builder.exclude(patterns("--exclude", excludes));
        hypertables.forEach(h -> h.applyTo(builder));
        if (parallelism != null) {
            builder.parallelism(parallelism);
        }
        if (unitBytes != null) {
            builder.unitBytes(unitBytes);
        }
        if (maxAttempts != null) {
            builder.maxAttempts(maxAttempts);
        }
        if (migrationId != null) {
            builder.migrationId(migrationId);
        }
        if (snapshot != null) {
            builder.snapshot(snapshot);
        }
        builder.skipLicensedFeatures(skipLicensedFeatures);
        if (ownership != null) {
            builder.ownership(ownership);
        }
        for (String mapping : roleMappings) {
            int eq = mapping.indexOf('=');
            if (eq <= 0 || eq == mapping.length() - 1) {
                throw usage("Invalid value for option '--map-role': '" + mapping + "' is not SOURCE=TARGET");
            }
            builder.mapRole(mapping.substring(0, eq), mapping.substring(eq + 1));
        }
        backfill(builder);
        return builder;
    }

    /**
     * A builder with every option applied and {@code --schema-only} when {@code schemaOnly}.
     *
     * @throws CommandLine.ParameterException for a usage error found here
     */
    Migration.Builder builder(SchemaOnlyOption schemaOnly) {
        if (schemaOnly.schemaOnly && !backfillUntil.isEmpty()) {
            throw usage("--schema-only and --backfill-until are two runs: create the schema first with "
                    + "--schema-only, let the application write to both databases, then run --backfill-until "
                    + "without --schema-only.");
        }
        return builder().schemaOnly(schemaOnly.schemaOnly);
    }

    private void backfill(Migration.Builder builder) {
        List<BackfillUntil> cutoffs = backfillUntil.stream().filter(BackfillUntil::isCutoff).toList();
        if (cutoffs.size() > 1) {
            throw usage("Invalid value for option '--backfill-until': the cutoff is given " + cutoffs.size()
                    + " times (" + String.join(", ", cutoffs.stream().map(BackfillUntil::toString).toList())
                    + "): give one instant, and TABLE:VALUE for a table that needs a bound of its own.");
        }
        java.util.Map<dev.timescalemigrate.model.QualifiedName, BackfillUntil> bounds = new java.util.HashMap<>();
        for (BackfillUntil b : backfillUntil) {
            if (!b.isCutoff() && bounds.putIfAbsent(b.table(), b) != null) {
                throw usage("Invalid value for option '--backfill-until': " + b.table() + " has two bounds ("
                        + bounds.get(b.table()) + ", " + b + "): give one.");
            }
        }
        java.util.Map<dev.timescalemigrate.model.QualifiedName, BackfillTimeColumn> columns = new java.util.HashMap<>();
        for (BackfillTimeColumn c : backfillTimeColumns) {
            BackfillTimeColumn before = columns.putIfAbsent(c.table(), c);
            if (before != null && !before.column().equals(c.column())) {
                throw usage("Invalid value for option '--backfill-time-column': " + c.table() + " has two time "
                        + "columns (\"" + before.column() + "\", \"" + c.column() + "\"): give one.");
            }
        }
        if (cutoffs.isEmpty() && (!bounds.isEmpty() || !columns.isEmpty())) {
            throw usage((bounds.isEmpty() ? "--backfill-time-column" : "--backfill-until=TABLE:VALUE")
                    + " belongs to a backfill: add its cutoff, --backfill-until=INSTANT (e.g. "
                    + "--backfill-until=2025-03-15T00:00:00Z).");
        }
        backfillUntil.forEach(b -> b.applyTo(builder));
        backfillTimeColumns.forEach(c -> c.applyTo(builder));
    }

    /** The source URL, passwords masked. */
    String maskedSource() {
        return Passwords.mask(sourceUrl);
    }

    /** The target URL, passwords masked. */
    String maskedTarget() {
        return Passwords.mask(targetUrl);
    }

    private String password(String option, String variable, String defaultVariable) {
        if (variable == null) {
            return System.getenv(defaultVariable); // unset is fine: trust, .pgpass or a password in the URL
        }
        if (variable.isBlank()) {
            throw usage(option + " needs the name of an environment variable");
        }
        String value = System.getenv(variable);
        if (value == null) {
            throw usage("The environment variable " + variable + " named by " + option + " is not set.");
        }
        return value;
    }

    private String[] patterns(String option, List<String> values) {
        List<String> result = new ArrayList<>();
        for (String value : values) {
            List<String> parts;
            try {
                parts = Text.splitOutsideQuotes(value, ',');
            } catch (IllegalArgumentException e) {
                throw usage("Invalid value for option '" + option + "': " + e.getMessage());
            }
            for (String part : parts) {
                if (part.isBlank()) {
                    throw usage("Invalid value for option '" + option + "': empty pattern in '" + value + "'");
                }
                result.add(part.strip());
            }
        }
        return result.toArray(String[]::new);
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(mixee.commandLine(), message);
    }
}
