package dev.timescalemigrate.examples.cli;

import dev.timescalemigrate.VerificationReport;
import dev.timescalemigrate.VerificationReport.TableVerification;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code verify}: compares source and target table by table. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compares source and target table by table: row counts and a content checksum computed in "
                + "each database. Writes nothing.",
        exitCodeListHeading = Main.EXIT_CODES_HEADING,
        exitCodeList = {Main.EXIT_OK_TEXT, Main.EXIT_FAILED_TEXT, Main.EXIT_USAGE_TEXT, Main.EXIT_MISMATCH_TEXT})
final class VerifyCommand implements Callable<Integer> {

    @Mixin
    MigrationOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        VerificationReport report = options.builder().build().verify();
        for (TableVerification t : report.tables()) {
            out.println(line(t));
        }
        int differ = report.mismatches().size();
        out.printf(Locale.ROOT, "%s: %s compared in %s, %s%n", differ == 0 ? "OK" : "MISMATCH",
                Text.count(report.tables().size(), "table", "tables"), Text.seconds(report.duration()),
                differ == 0 ? "all match" : differ + " differ");
        out.flush();
        return differ == 0 ? Main.OK : Main.MISMATCH;
    }

    /** A table's line: match or not, the counts, and which rows were compared when not every row. */
    static String line(TableVerification t) {
        String compared = VerificationReport.EVERY_ROW.equals(t.compared()) ? "" : " (" + t.compared() + ")";
        if (t.matches()) {
            return String.format(Locale.ROOT, "  match    %-50s %,14d rows%s", t.table(), t.sourceRows(), compared);
        }
        return String.format(Locale.ROOT, "  DIFFERS  %-50s source %,d rows (checksum %s), target %,d rows (checksum %s)%s",
                t.table(), t.sourceRows(), t.sourceChecksum(), t.targetRows(), t.targetChecksum(), compared);
    }
}
