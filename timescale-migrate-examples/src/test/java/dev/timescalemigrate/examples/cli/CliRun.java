package dev.timescalemigrate.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One run of the command line in this JVM, with what it printed.
 *
 * @param code the exit code
 * @param out  standard output
 * @param err  standard error
 */
record CliRun(int code, String out, String err) {

    /** Runs {@link Main} with {@code args}, capturing both streams. */
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
