package dev.timescalemigrate.internal;

import dev.timescalemigrate.event.MigrationEvent;
import dev.timescalemigrate.event.MigrationListener;
import dev.timescalemigrate.model.QualifiedName;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class EventDispatcherTest {

    @Test
    void shouldDeliverInOrderAndIgnoreFailingListeners() {
        List<String> seen = new CopyOnWriteArrayList<>();
        MigrationListener failing = new MigrationListener() {
            @Override
            public void warning(MigrationEvent.Warning event) {
                throw new IllegalStateException("listener bug");
            }
        };
        MigrationListener recording = new MigrationListener() {
            @Override
            public void warning(MigrationEvent.Warning event) {
                seen.add(event.message());
            }
        };

        try (EventDispatcher dispatcher = new EventDispatcher(List.of(failing, recording))) {
            for (int i = 0; i < 100; i++) {
                dispatcher.publish(new MigrationEvent.Warning("m", Instant.now(), "w" + i));
            }
        }

        assertThat(seen).as("every event reaches the second listener despite the first one throwing")
                .hasSize(100).startsWith("w0", "w1").endsWith("w99");
    }

    @Test
    void shouldNotBlockTheCopyOnAStuckListener() throws InterruptedException {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger delivered = new java.util.concurrent.atomic.AtomicInteger();
        MigrationListener stuck = new MigrationListener() {
            @Override
            public void unitCopied(MigrationEvent.UnitCopied event) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                delivered.incrementAndGet();
            }
        };
        QualifiedName table = QualifiedName.of("app", "t");
        try (EventDispatcher dispatcher = new EventDispatcher(List.of(stuck))) {
            Thread publisher = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 20_000; i++) {
                    dispatcher.publish(MigrationEvent.UnitCopied.builder("m", Instant.now(), table, "u" + i)
                            .rows(1).bytes(1).duration(java.time.Duration.ZERO).build());
                }
            });
            publisher.join(10_000);
            assertThat(publisher.isAlive()).as("publishing progress events must not wait for a stuck listener")
                    .isFalse();
            release.countDown();
        }
        assertThat(delivered.get()).as("progress beyond the queue's capacity is dropped, the rest delivered")
                .isBetween(10_000, 10_001);
    }
}
