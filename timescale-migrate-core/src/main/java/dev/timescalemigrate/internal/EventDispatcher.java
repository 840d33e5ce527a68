package dev.timescalemigrate.internal;

import dev.timescalemigrate.event.MigrationEvent;
import dev.timescalemigrate.event.MigrationListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers events to listeners on a thread of its own, in order. A listener that throws is logged and
 * ignored; a listener too slow to keep up loses progress events ({@link MigrationEvent.UnitCopied}) rather than
 * slowing the copy, never lifecycle events.
 */
public final class EventDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
    private static final Object STOP = new Object();

    private final List<MigrationListener> listeners;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(10_000);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;

    public EventDispatcher(List<MigrationListener> listeners) {
        this.listeners = List.copyOf(listeners);
        this.thread = listeners.isEmpty() ? null : Thread.ofPlatform().daemon().name("timescale-migrate-events")
                .start(this::loop);
    }

    /** Queues an event for the listeners. */
    public void publish(MigrationEvent event) {
        if (thread == null) {
            return;
        }
        if (event instanceof MigrationEvent.UnitCopied) {
            if (!queue.offer(event)) {
                dropped.incrementAndGet();
            }
            return;
        }
        try {
            queue.put(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        try {
            while (true) {
                Object next = queue.take();
                if (next == STOP) {
                    return;
                }
                MigrationEvent event = (MigrationEvent) next;
                for (MigrationListener listener : listeners) {
                    try {
                        listener.dispatch(event);
                    } catch (RuntimeException | Error e) {
                        LOG.warn("Listener {} failed on {} (ignored): {}", listener.getClass().getName(),
                                event.getClass().getSimpleName(), e.toString());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Delivers what is queued (waiting at most 30 s for slow listeners), then stops the thread. */
    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        try {
            queue.put(STOP);
            thread.join(TimeUnit.SECONDS.toMillis(30));
            if (thread.isAlive()) {
                LOG.warn("Listeners did not take the last events within 30 s; leaving them behind");
                thread.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (dropped.get() > 0) {
            LOG.info("{} progress events were not delivered because listeners were too slow", dropped.get());
        }
    }
}
