package dev.timescalemigrate.examples;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.event.MigrationEvent;
import dev.timescalemigrate.event.MigrationListener;
import dev.timescalemigrate.exception.ConfigurationException;
import dev.timescalemigrate.exception.MigrationException;

import java.time.Duration;

/**
 * Migrating from inside an application: the builder API as you would use it.
 *
 * <p>Run with the JDBC URLs as system properties or environment variables, passwords (if any) in the environment:
 * <pre>
 * TSM_SOURCE_PASSWORD=... TSM_TARGET_PASSWORD=... java -cp ... \
 *     -Dtsm.source=jdbc:postgresql://old-db:5432/app?user=app \
 *     -Dtsm.target=jdbc:postgresql://tsdb:5432/app?user=app \
 *     dev.timescalemigrate.examples.EmbeddingExample
 * </pre>
 * The target needs {@code CREATE EXTENSION timescaledb} beforehand; the source is the demo's sample database
 * (a table {@code app.readings} with a {@code timestamptz} column {@code ts}).
 */
public final class EmbeddingExample {

    private EmbeddingExample() {
    }

    public static void main(String[] args) {
        String source = setting("tsm.source", "TSM_SOURCE_URL");
        String target = setting("tsm.target", "TSM_TARGET_URL");
        try {
            MigrationReport report = migrate(source, target);
            System.out.println(report.summary());
            if (!report.verificationReport().orElseThrow().matches()) {
                System.exit(3);
            }
        } catch (ConfigurationException e) {      // nothing was written
            e.problems().forEach(problem -> System.err.println("problem: " + problem));
            System.exit(1);
        } catch (MigrationException e) {          // checkpoints are kept: running again continues
            System.err.println("migration failed (" + e.code() + "): " + e.getMessage());
            System.exit(1);
        }
    }

    /** Migrates every table (per-table strategy), with {@code app.readings} as a hypertable of one-day chunks, and verifies it. */
    public static MigrationReport migrate(String sourceUrl, String targetUrl) {
        return Migration.builder()
                .source(sourceUrl, null, System.getenv("TSM_SOURCE_PASSWORD"))
                .target(targetUrl, null, System.getenv("TSM_TARGET_PASSWORD"))
                .hypertable("app.readings", h -> h.timeColumn("ts").chunkInterval(Duration.ofDays(1)))
                .parallelism(4)
                .verify(true)
                .listener(new MigrationListener() {
                    @Override
                    public void tableFinished(MigrationEvent.TableFinished event) {
                        System.out.printf("copied %s: %,d rows in %d ms%n", event.report().table(),
                                event.report().rows(), event.report().duration().toMillis());
                    }

                    @Override
                    public void retryScheduled(MigrationEvent.RetryScheduled event) {
                        System.out.println("retrying " + event.unit() + " after: " + event.message());
                    }

                    @Override
                    public void warning(MigrationEvent.Warning event) {
                        System.out.println("warning: " + event.message());
                    }
                })
                .build()
                .run();
    }

    private static String setting(String property, String variable) {
        String value = System.getProperty(property, System.getenv(variable));
        if (value == null || value.isBlank()) {
            System.err.println("Set -D" + property + "=<JDBC URL> or the environment variable " + variable + ".");
            System.exit(2);
        }
        return value;
    }
}
