package dev.timescalemigrate.spi;

import java.time.Duration;

/**
 * What copying one unit did.
 *
 * @param unit     the unit
 * @param rows     rows written to the target
 * @param bytes    bytes streamed from source to target
 * @param duration wall time of the successful attempt
 * @param skipped  true when the unit had been copied by an earlier run and was left alone
 * @param format   {@code binary} or {@code text}: the COPY format used
 */
public record CopyResult(CopyUnit unit, long rows, long bytes, Duration duration, boolean skipped, String format) {
}
