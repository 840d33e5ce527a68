package dev.timescalemigrate.examples.cli;

import dev.timescalemigrate.DatabaseInspector;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.ServerInfo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code inspect}: reads a database's structure and prints it. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Reads a database's structure (tables, types, views, routines, TimescaleDB objects) and prints it.")
final class InspectCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--ddl", description = "Also print the DDL that recreates the structure.")
    boolean ddl;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DatabaseInspector inspector = DatabaseInspector.of(connection.url, connection.user, connection.password());
        ServerInfo server = inspector.serverInfo();
        DatabaseModel model = inspector.model();
        new ModelPrinter(out).print(server, model, inspector.chunks());
        if (ddl) {
            out.println();
            out.println("-- DDL that recreates it");
            inspector.ddl(model).forEach(statement -> out.println(statement + "\n"));
        }
        out.flush();
        return Main.OK;
    }
}
