package dev.timescalemigrate.examples.cli;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.VerificationReport;
import dev.timescalemigrate.VerificationReport.TableVerification;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code migrate}: runs the migration, shows progress, prints the summary and optionally writes a JSON report. */
@Command(name = "migrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Migrates the source database into the target: schema, data (in parallel units over COPY), "
                + "then keys, indexes, constraints, triggers and sequence positions; then compares both.",
                "A rerun after a failure continues where the failed run stopped."},
        exitCodeListHeading = Main.EXIT_CODES_HEADING,
        exitCodeList = {Main.EXIT_OK_TEXT, Main.EXIT_FAILED_TEXT, Main.EXIT_USAGE_TEXT, Main.EXIT_MISMATCH_TEXT})
final class MigrateCommand implements Callable<Integer> {

    @Mixin
    MigrationOptions options;

    @Mixin
    SchemaOnlyOption schemaOnly;

    @Option(names = "--verify", negatable = true, order = 30, defaultValue = "true", fallbackValue = "true",
            description = "Compare row counts and checksums of every table after the copy (default: on; exit code "
                    + Main.MISMATCH + " when they differ). After a backfill, the rows before the bounds; not after "
                    + "--schema-only, which copies no rows.")
    boolean verify;

    @Option(names = "--report-json", paramLabel = "FILE", order = 31,
            description = "Also write the report as JSON to FILE.")
    Path reportJson;

    @Option(names = "--no-progress", order = 32,
            description = "No live status line on a terminal; print a line per finished table, retry and warning "
                    + "instead (always so when standard error is not a terminal).")
    boolean noProgress;

    @Option(names = "--follow", order = 33,
            description = "After the copy, follow the source by logical replication (whole-database strategy; the "
                    + "source needs wal_level = logical and the replication privilege) until SIGTERM or SIGINT "
                    + "(Ctrl-C), then cut over: apply everything the source committed up to then, set the "
                    + "sequences, drop the slot and publication, print the report and exit 0. A rerun after a "
                    + "failure while following continues from the position stored on the target.")
    boolean follow;

    @Option(names = "--cutover-when-lag-below", paramLabel = "DURATION", order = 34,
            converter = DurationOption.class,
            description = "With --follow: also cut over by itself once the target has stayed less than DURATION "
                    + "behind the source (e.g. 2s) for --cutover-hold.")
    Duration cutoverLag;

    @Option(names = "--cutover-hold", paramLabel = "DURATION", order = 35, converter = DurationOption.class,
            defaultValue = "10s",
            description = "How long the lag must stay below --cutover-when-lag-below before the cutover (default: "
                    + "${DEFAULT-VALUE}).")
    Duration cutoverHold;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        checkReportFile();
        MigrationReport report;
        Cutover cutover = null;
        try (Progress progress = Progress.on(err, !noProgress && Terminal.interactive())) {
            Migration migration = builder().listener(progress).build();
            err.println("Migrating " + options.maskedSource() + " into " + options.maskedTarget()
                    + (follow ? ", then following the source until SIGTERM or SIGINT"
                    + (cutoverLag == null ? "" : " or a lag below " + Text.seconds(cutoverLag) + " for "
                    + Text.seconds(cutoverHold)) : ""));
            err.flush();
            if (follow) {
                cutover = Cutover.onSignal(migration, err);
            }
            progress.start();
            report = migration.run();
        } catch (RuntimeException e) {
            if (cutover != null) {
                // a signalled process ends in the hook, before picocli would print the error
                cutover.finished(cutover.signalled() ? Main.failed(e, err) : Main.FAILED);
            }
            throw e;
        }
        int code = finish(report, out, err);
        if (cutover != null) {
            cutover.finished(code);
        }
        return code;
    }

    /** The migration these options ask for, without a listener. */
    Migration.Builder builder() {
        Migration.Builder builder = options.builder(schemaOnly).verify(verify).follow(follow);
        if (cutoverLag != null) {
            builder.cutoverWhenLagBelow(cutoverLag, cutoverHold);
        }
        return builder;
    }

    /** Prints the report and writes the JSON report; the exit code. */
    private int finish(MigrationReport report, PrintWriter out, PrintWriter err) {
        out.print(report.summary());
        report.verificationReport().map(MigrateCommand::compared).ifPresent(out::print);
        out.flush();
        int code = report.verificationReport().map(VerificationReport::matches).orElse(true) ? Main.OK : Main.MISMATCH;
        if (reportJson != null) {
            try {
                ReportJson.write(report, reportJson);
            } catch (IOException e) {
                err.println("error: cannot write the JSON report to " + reportJson + ": " + e);
                err.flush();
                return code == Main.OK ? Main.FAILED : code;
            }
        }
        if (code == Main.MISMATCH) {
            err.println("error: verification found differences between source and target (see above)");
            err.flush();
        }
        return code;
    }

    /**
     * What the verification compared of the tables it did not compare whole (after a backfill: the rows before the
     * bounds), one line each; empty when it compared every row of every table. The summary names it for the
     * tables that differ only.
     */
    static String compared(VerificationReport verification) {
        List<TableVerification> partial = verification.tables().stream()
                .filter(t -> !VerificationReport.EVERY_ROW.equals(t.compared())).toList();
        if (partial.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  rows compared (every row unless listed):%n"));
        partial.forEach(t -> sb.append(String.format(Locale.ROOT, "    %s: %s%n", t.table(), t.compared())));
        return sb.toString();
    }

    /** Fails before the migration, not after it, when the report could not be written. */
    private void checkReportFile() {
        if (reportJson == null) {
            return;
        }
        Path parent = reportJson.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--report-json': "
                    + "the directory " + parent + " does not exist or is not writable");
        }
        if (Files.isDirectory(reportJson)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--report-json': "
                    + reportJson + " is a directory");
        }
    }
}
