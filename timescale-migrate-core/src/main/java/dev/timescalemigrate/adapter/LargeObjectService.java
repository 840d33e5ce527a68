package dev.timescalemigrate.adapter;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The database's large objects ({@code pg_largeobject_metadata} and their data), copied in batches: each batch in
 * one target transaction that creates its objects with the source's OIDs, streams their data in chunks, gives them
 * their owners, privileges and comments, and records the batch done, so a rerun continues after the last batch
 * committed. Reads the source in the session's snapshot when it has one. Thread-safe.
 */
public interface LargeObjectService {

    /**
     * The source's large objects whose OIDs lie in {@code [firstOid, lastOid]}.
     *
     * @param firstOid the least OID
     * @param lastOid  the greatest OID
     * @param objects  how many there were when the batch was planned
     * @param bytes    their total size then
     */
    record Batch(long firstOid, long lastOid, int objects, long bytes) {

        /** The batch's checkpoint key, which names its OID range. */
        public String key() {
            return "large-objects:" + firstOid + "-" + lastOid;
        }
    }

    /**
     * What the source has.
     *
     * @param objects  the number of large objects
     * @param bytes    their total size
     * @param owners   the roles owning them
     * @param grantees the roles granted privileges on them ({@code PUBLIC} left out)
     */
    record Summary(long objects, long bytes, Set<String> owners, Set<String> grantees) {
    }

    /**
     * What copying one batch did.
     *
     * @param batch    the batch
     * @param objects  the objects written
     * @param bytes    their bytes
     * @param duration wall time of the successful attempt
     * @param skipped  true when an earlier run had copied the batch
     */
    record BatchResult(Batch batch, int objects, long bytes, Duration duration, boolean skipped) {
    }

    /** What the source has. Writes nothing. */
    Summary summary();

    /**
     * The source's large objects in OID order, in batches of at most {@code maxObjects} objects and, unless one
     * object alone is larger, {@code maxBytes} bytes; objects in the OID range of a batch an earlier run of the
     * migration recorded as done are left out. Writes nothing.
     */
    List<Batch> batches(int maxObjects, long maxBytes);

    /**
     * Copies a batch, unless an earlier run did: the objects of the source in its OID range (an object the target
     * already has with the same OID is replaced), with their comments and, when {@code owners}, their owners and
     * privileges, roles renamed by {@code roleMap}; without {@code owners} they belong to the target's user.
     *
     * @throws dev.timescalemigrate.exception.DataTransferException carrying the SQLSTATE; nothing of the batch is
     *                                                              written then
     */
    BatchResult copy(Batch batch, boolean owners, Map<String, String> roleMap);

    /**
     * For every large object of one side, its size and a digest of its data, by OID (as text), e.g.
     * {@code "1234" -> "10 bytes, 5d41..."}. Writes nothing.
     *
     * @param source the source when true, else the target
     */
    Map<String, String> checksums(boolean source);
}
