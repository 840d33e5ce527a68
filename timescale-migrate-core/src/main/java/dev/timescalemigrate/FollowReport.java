package dev.timescalemigrate;

import java.time.Duration;

/**
 * What following the source applied to the target after the bulk copy ({@link Migration.Builder#follow(boolean)}).
 *
 * @param transactions the source transactions applied
 * @param changes      the row changes applied (inserts, updates, deletes; a truncate counts once per table)
 * @param startLsn     the source position the changes started after (the copy's snapshot)
 * @param appliedLsn   the source position applied up to
 * @param lagBytes     how far the source's current WAL position was ahead of the applied position when last
 *                     measured (0 after the cutover)
 * @param duration     how long the run followed the source
 */
public record FollowReport(long transactions, long changes, String startLsn, String appliedLsn, long lagBytes,
                           Duration duration) {
}
