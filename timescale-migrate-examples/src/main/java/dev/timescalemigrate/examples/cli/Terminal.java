package dev.timescalemigrate.examples.cli;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the command line's standard error goes to a person at a terminal. */
final class Terminal {

    private Terminal() {
    }

    /**
     * True when standard error is a terminal. On Linux that is read from {@code /proc/self/fd/2}, exactly. Elsewhere
     * the answer comes from {@link System#console()}, which describes standard input and output rather than
     * standard error: there must be a console and, on Java 22 and later (where {@code System.console()} also
     * returns a console when the streams are redirected), {@code Console.isTerminal()} must say it is a terminal;
     * that method is looked up reflectively because this code is compiled for Java 21.
     */
    static boolean interactive() {
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
            if (Files.isSymbolicLink(fd2)) {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            }
        } catch (IOException | RuntimeException e) {
            // fall back to the console
        }
        return consoleIsTerminal();
    }

    static boolean consoleIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // Java 21: System.console() is null unless input and output are a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
