package dev.timescalemigrate.examples.cli;

import dev.timescalemigrate.Migration;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SIGTERM and SIGINT during a followed migration ({@code --follow}): the JVM's shutdown hook asks the run to cut
 * over ({@link Migration#stop()}), waits for it to print its report and ends the process with the run's exit code
 * (0 when the cutover succeeded) instead of the signal's.
 */
final class Cutover {

    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicInteger code = new AtomicInteger(Main.FAILED);
    private volatile boolean signalled;
    private Thread hook;

    private Cutover() {
    }

    /** Registers the shutdown hook for {@code migration}'s run. */
    static Cutover onSignal(Migration migration, PrintWriter err) {
        Cutover cutover = new Cutover();
        cutover.hook = new Thread(() -> {
            cutover.signalled = true;
            err.println("Cutting over: applying what the source has committed, then setting sequences and dropping "
                    + "the replication slot ...");
            err.flush();
            migration.stop();
            try {
                cutover.finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // the signal's own exit status would say the process was killed; it cut over instead
            Runtime.getRuntime().halt(cutover.code.get());
        }, "tsm-cutover");
        Runtime.getRuntime().addShutdownHook(cutover.hook);
        return cutover;
    }

    /** The run ended with {@code exitCode}, its report printed; a signalled process ends with it now. */
    void finished(int exitCode) {
        code.set(exitCode);
        finished.countDown();
        if (!signalled) {
            // a run that ended by itself (a cutover by lag, a failure): the process exits without the hook
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // a signal arrived just now: the hook runs and ends the process with this code
            }
        }
    }

    /** Whether a signal asked for the cutover. */
    boolean signalled() {
        return signalled;
    }
}
