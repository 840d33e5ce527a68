package dev.timescalemigrate.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code plan}: a dry run that prints every step {@code migrate} would take. */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Connects to both databases, runs the checks migrate runs first, and prints every step "
                + "migrate would take (DDL statements, copy units with estimated sizes). Writes nothing.",
        exitCodeListHeading = Main.EXIT_CODES_HEADING,
        exitCodeList = {Main.EXIT_OK_TEXT, Main.EXIT_FAILED_TEXT, Main.EXIT_USAGE_TEXT})
final class PlanCommand implements Callable<Integer> {

    @Mixin
    MigrationOptions options;

    @Mixin
    SchemaOnlyOption schemaOnly;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(options.builder(schemaOnly).build().plan());
        out.flush();
        return Main.OK;
    }
}
