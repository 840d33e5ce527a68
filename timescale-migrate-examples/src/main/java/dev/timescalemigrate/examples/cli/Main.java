package dev.timescalemigrate.examples.cli;

import dev.timescalemigrate.Passwords;
import dev.timescalemigrate.exception.ConfigurationException;
import dev.timescalemigrate.exception.MigrationException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.charset.Charset;

/** The {@code timescale-migrate} command line. */
@Command(name = "timescale-migrate", mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Moves a PostgreSQL or TimescaleDB database into TimescaleDB.",
        subcommands = {InspectCommand.class, PlanCommand.class, MigrateCommand.class, VerifyCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = Main.EXIT_CODES_HEADING,
        exitCodeList = {Main.EXIT_OK_TEXT, Main.EXIT_FAILED_TEXT, Main.EXIT_USAGE_TEXT, Main.EXIT_MISMATCH_TEXT})
public final class Main {

    /** Exit code: success. */
    public static final int OK = 0;
    /** Exit code: the run failed (the error is printed; a rerun of {@code migrate} continues where it stopped). */
    public static final int FAILED = 1;
    /** Exit code: bad command-line usage. */
    public static final int USAGE = 2;
    /** Exit code: verification found that source and target differ. */
    public static final int MISMATCH = 3;

    static final String EXIT_CODES_HEADING = "%nExit codes:%n";
    static final String EXIT_OK_TEXT = "0:Success.";
    static final String EXIT_FAILED_TEXT = "1:Failed; the error is printed. A rerun of migrate continues where it "
            + "stopped.";
    static final String EXIT_USAGE_TEXT = "2:Invalid command-line usage.";
    static final String EXIT_MISMATCH_TEXT = "3:Verification found differences between source and target.";

    private Main() {
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line on standard output and standard error and returns its exit code. */
    public static int run(String... args) {
        Charset charset = Charset.defaultCharset();
        return run(new PrintWriter(System.out, true, charset), new PrintWriter(System.err, true, charset), args);
    }

    /** Runs the command line, printing to {@code out} and {@code err}, and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        int code = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The command line, configured as {@link #run} uses it. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return new CommandLine(new Main())
                .setOut(out)
                .setErr(err)
                .setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USAGE : FAILED)
                .setParameterExceptionHandler(Main::usage)
                .setExecutionExceptionHandler((e, cmd, parsed) -> failed(e, cmd.getErr()));
    }

    /**
     * Prints a usage error and returns {@link #USAGE}. Unlike picocli's default it does not echo what follows an
     * option that looks like a password option, and points to {@code --help} instead of printing the whole usage.
     */
    static int usage(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        if (e instanceof CommandLine.UnmatchedArgumentException u
                && u.getUnmatched().stream().anyMatch(a -> a.toLowerCase(java.util.Locale.ROOT).contains("password"))) {
            err.println("Passwords are never taken as arguments, which other users of the machine could see: put "
                    + "the password in an environment variable and name it with --source-password-env or "
                    + "--target-password-env (default " + MigrationOptions.DEFAULT_SOURCE_PASSWORD_ENV + " and "
                    + MigrationOptions.DEFAULT_TARGET_PASSWORD_ENV + ").");
        } else {
            err.println(Passwords.mask(e.getMessage()));
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        }
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return USAGE;
    }

    /** Prints an error the way the command line reports failures and returns {@link #FAILED}. */
    static int failed(Exception e, PrintWriter err) {
        if (e instanceof ConfigurationException c) {
            err.println("error: " + Passwords.mask(c.getMessage().lines().findFirst().orElse("configuration problem")));
            c.problems().forEach(p -> err.println("  - " + Passwords.mask(p)));
        } else if (e instanceof MigrationException m) {
            err.println("error: " + Passwords.mask(m.getMessage()));
        } else {
            err.println("error: " + Passwords.mask(e.toString()));
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                err.println("  caused by: " + Passwords.mask(cause.toString()));
            }
        }
        err.flush();
        return FAILED;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();     // the jar's manifest, on the class path
            if (v == null && Main.class.getModule().isNamed()) {               // on the module path: the module's
                v = Main.class.getModule().getDescriptor().rawVersion().orElse(null);
            }
            return new String[] {"timescale-migrate " + (v == null ? "(development build)" : v)};
        }
    }
}
