package dev.timescalemigrate.internal;

import dev.timescalemigrate.exception.DataTransferException;
import dev.timescalemigrate.exception.MigrationException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Runs tasks on the workers and stops at the first failure, letting running tasks end and cancelling the rest. */
public final class Parallel {

    private Parallel() {
    }

    /** Runs every task on {@code workers}; the first failure cancels those not started and is rethrown. */
    public static void run(ExecutorService workers, List<Runnable> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        CompletionService<Void> completion = new ExecutorCompletionService<>(workers);
        List<Future<Void>> futures = new ArrayList<>();
        for (Runnable task : tasks) {
            futures.add(completion.submit(task, null));
        }
        RuntimeException failure = null;
        try {
            for (int i = 0; i < tasks.size(); i++) {
                try {
                    completion.take().get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = unwrap(e.getCause());
                        futures.forEach(f -> f.cancel(false)); // running tasks finish their unit; queued ones never start
                    }
                } catch (java.util.concurrent.CancellationException e) {
                    // cancelled after the first failure
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            futures.forEach(f -> f.cancel(true));
            throw new MigrationException(dev.timescalemigrate.exception.ErrorCode.DATA_TRANSFER_FAILED,
                    "Interrupted; checkpoints are kept, a rerun continues.");
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException unwrap(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        return new DataTransferException("Unexpected failure: " + cause, null, null, null, cause);
    }
}
