package dev.timescalemigrate.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code timescale-migrate} command line. */
@Command(name = "timescale-migrate", mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Moves a PostgreSQL or TimescaleDB database into TimescaleDB.",
        subcommands = {InspectCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    /** Exit code: success. */
    public static final int OK = 0;
    /** Exit code: the run failed. */
    public static final int FAILED = 1;
    /** Exit code: bad command-line usage. */
    public static final int USAGE = 2;

    private Main() {
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code. */
    public static int run(String... args) {
        return new CommandLine(new Main())
                .setExitCodeExceptionMapper(e -> FAILED)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println(cmd.getColorScheme().errorText("error: " + e.getMessage()));
                    return FAILED;
                })
                .execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"timescale-migrate " + (v == null ? "(development build)" : v)};
        }
    }
}
