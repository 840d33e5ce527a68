package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.event.MigrationEvent;
import dev.timescalemigrate.exception.DataTransferException;
import dev.timescalemigrate.testing.Faults;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Faults in the middle of a copy: the copying backend terminated on the source or on the target (retried,
 * identical checksums), and a run aborted part-way (a second run resumes: finished units are not copied again).
 */
class MigrationFaultIT {

    private static final int ROWS = 600_000;
    @Database(label = "fault_src")
    private static TestDatabase source;

    @BeforeAll
    static void createSource() {
        source.execute("""
                CREATE TABLE public.big (id bigint PRIMARY KEY, ts timestamptz NOT NULL, payload text,
                                         v double precision);
                INSERT INTO public.big SELECT g, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second',
                       repeat(md5(g::text), 3), g * 0.25 FROM generate_series(1, %d) g;
                CREATE TABLE public.small (k text PRIMARY KEY, n int);
                INSERT INTO public.small SELECT 'k' || g, g FROM generate_series(1, 500) g;
                ANALYZE;
                """.formatted(ROWS));
    }

    private static Migration.Builder migration(TestDatabase target) {
        return Migration.builder().source(source.dataSource()).target(target.dataSource())
                .parallelism(2).unitBytes(4L * 1024 * 1024).initialBackoff(Duration.ofMillis(100))
                .migrationId("fault-test").verify(true);
    }

    private static Thread killer(TestDatabase database, String queryPrefix, BooleanSupplier when,
                                 AtomicInteger killed) {
        return Faults.killer(database, queryPrefix, when, killed);
    }

    private static int unitsDone(TestDatabase target) {
        return Faults.unitsDone(target);
    }

    @Test
    void shouldRetryWhenTheSourceBackendIsTerminatedMidTable() throws InterruptedException {
        try (TestDatabase target = TestDatabase.create("fault_dst_src").withTimescale()) {
            AtomicInteger killed = new AtomicInteger();
            List<MigrationEvent.RetryScheduled> retries = new CopyOnWriteArrayList<>();
            Thread killerThread = killer(source, "COPY (SELECT", () -> unitsDone(target) >= 2, killed);

            MigrationReport report = migration(target).listener(new dev.timescalemigrate.event.MigrationListener() {
                @Override
                public void retryScheduled(MigrationEvent.RetryScheduled event) {
                    retries.add(event);
                }
            }).build().run();
            killerThread.join();

            assertThat(killed.get()).as("a source backend was terminated during the copy").isEqualTo(1);
            assertThat(report.totalRetries()).as("retries in the report").isGreaterThanOrEqualTo(1);
            assertThat(retries).as("retry events").isNotEmpty()
                    .allSatisfy(r -> assertThat(r.sqlState()).matches("08...|57P01"));
            assertThat(report.verificationReport().orElseThrow().mismatches()).isEmpty();
            assertThat(target.value("SELECT count(*) FROM public.big")).isEqualTo(String.valueOf(ROWS));
        }
    }

    @Test
    void shouldRetryWhenTheTargetBackendIsTerminatedMidTable() throws InterruptedException {
        try (TestDatabase target = TestDatabase.create("fault_dst_dst").withTimescale()) {
            AtomicInteger killed = new AtomicInteger();
            Thread killerThread = killer(target, "COPY \"public\".\"big\"", () -> unitsDone(target) >= 2,
                    killed);

            MigrationReport report = migration(target).build().run();
            killerThread.join();

            assertThat(killed.get()).as("a target backend was terminated during the copy").isEqualTo(1);
            assertThat(report.totalRetries()).isGreaterThanOrEqualTo(1);
            assertThat(report.verificationReport().orElseThrow().mismatches()).isEmpty();
            assertThat(target.value("SELECT count(*) FROM public.big")).isEqualTo(String.valueOf(ROWS));
        }
    }

    @Test
    void shouldResumeAnAbortedRunWithoutCopyingFinishedUnitsAgain() throws InterruptedException {
        try (TestDatabase target = TestDatabase.create("fault_dst_resume").withTimescale()) {
            AtomicInteger killed = new AtomicInteger();
            Thread killerThread = killer(target, "COPY \"public\".\"big\"", () -> unitsDone(target) >= 3,
                    killed);

            DataTransferException failure = catchThrowableOfType(DataTransferException.class,
                    () -> migration(target).maxAttempts(1).build().run());
            killerThread.join();

            assertThat(failure).as("with one attempt, the terminated unit fails the run").isNotNull();
            assertThat(failure.table()).isEqualTo("\"public\".\"big\"");
            assertThat(failure.unit()).startsWith("\"public\".\"big\"#");
            assertThat(failure.sqlState()).hasValueSatisfying(s -> assertThat(s).matches("08...|57P01"));
            int doneBefore = unitsDone(target);
            long rowsBefore = Long.parseLong(target.value("SELECT count(*) FROM public.big"));
            assertThat(doneBefore).as("units finished before the abort").isGreaterThanOrEqualTo(3);

            MigrationReport second = migration(target).build().run();

            assertThat(second.resumed()).isTrue();
            assertThat(second.unitsSkipped()).as("finished units are not copied again").isEqualTo(doneBefore);
            assertThat(second.tables().stream().filter(t -> t.table().name().equals("big"))
                    .mapToLong(t -> t.rows()).sum())
                    .as("the second run copies only the rows the first did not").isEqualTo(ROWS - rowsBefore);
            assertThat(second.verificationReport().orElseThrow().mismatches()).isEmpty();
            assertThat(target.value("SELECT count(*) FROM public.big")).isEqualTo(String.valueOf(ROWS));
            assertThat(target.value("SELECT count(*) FROM (SELECT id FROM public.big GROUP BY id HAVING count(*) > 1) d"))
                    .as("no row copied twice").isEqualTo("0");
        }
    }
}
