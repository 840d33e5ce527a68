package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.adapter.LargeObjectService;
import dev.timescalemigrate.exception.DataTransferException;
import dev.timescalemigrate.exception.VerificationException;
import dev.timescalemigrate.model.SqlIdentifiers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@link LargeObjectService} between two PostgreSQL databases. The source is read in the session's exported
 * snapshot when it has one (else each read in a repeatable-read transaction of its own): sizes by seeking to each
 * object's end, data with {@code lo_get(oid, offset, length)} one {@link #CHUNK_BYTES} chunk at a time, so neither
 * side holds more than a chunk of an object however large it is. The target writes each batch in one transaction:
 * the batch's checkpoint row ({@link PgCheckpointStore#claimStep}, keyed by its OID range), then per object
 * {@code lo_create(oid)} and {@code lo_put} per chunk, its owner ({@code ALTER LARGE OBJECT ... OWNER TO}), its
 * privileges (as pg_dump does: the defaults revoked from PUBLIC and the owner, then every entry of the source's ACL
 * granted) and its comment. An object the target already has with the batch's OID (which a rolled-back batch
 * cannot leave; the target had it before) is unlinked first, so the source's replaces it instead of failing.
 */
final class PgLargeObjects implements LargeObjectService {

    private static final Logger LOG = LoggerFactory.getLogger(PgLargeObjects.class);

    /** The bytes read with one {@code lo_get} and written with one {@code lo_put}. */
    static final int CHUNK_BYTES = 1024 * 1024;

    /** {@code INV_READ}: opens a large object for reading in the transaction's snapshot. */
    private static final int INV_READ = 0x40000;

    /** The prefix of the batches' checkpoint keys. */
    private static final String KEY_PREFIX = "large-objects:";

    /** Every large object's OID and size, in OID order; descriptors closed as they are used. */
    private static final String SIZES = """
            SELECT m.oid::pg_catalog.int8 AS oid, s.size
            FROM pg_catalog.pg_largeobject_metadata m
            CROSS JOIN LATERAL (SELECT pg_catalog.lo_lseek64(f.fd, 0, 2) AS size, pg_catalog.lo_close(f.fd)
                                FROM (SELECT pg_catalog.lo_open(m.oid, %d) AS fd OFFSET 0) f) s
            ORDER BY m.oid""".formatted(INV_READ);

    private final ConnectionPool source;
    private final ConnectionPool target;
    private final PgCheckpointStore checkpoints;
    private final SnapshotCoordinator snapshot;

    /** @param snapshot the exported snapshot the source is read in, or {@code null} */
    PgLargeObjects(ConnectionPool source, ConnectionPool target, PgCheckpointStore checkpoints,
                   SnapshotCoordinator snapshot) {
        this.source = source;
        this.target = target;
        this.checkpoints = checkpoints;
        this.snapshot = snapshot;
    }

    /** Starts the transaction the source is read in: the exported snapshot's, else a repeatable-read one. */
    private void beginRead(Connection c) throws SQLException {
        if (snapshot != null) {
            snapshot.importInto(c);
        } else {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
        }
    }

    @Override
    public Summary summary() {
        try {
            return source.withConnection(c -> {
                beginRead(c);
                long objects = 0;
                long bytes = 0;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SIZES)) {
                    while (rs.next()) {
                        objects++;
                        bytes += rs.getLong(2);
                    }
                }
                Set<String> owners = strings(c, "SELECT DISTINCT pg_catalog.pg_get_userbyid(lomowner) "
                        + "FROM pg_catalog.pg_largeobject_metadata");
                Set<String> grantees = strings(c, "SELECT DISTINCT pg_catalog.pg_get_userbyid((a).grantee) FROM "
                        + "(SELECT pg_catalog.aclexplode(lomacl) AS a FROM pg_catalog.pg_largeobject_metadata "
                        + "WHERE lomacl IS NOT NULL) x WHERE (a).grantee <> 0");
                return new Summary(objects, bytes, owners, grantees);
            });
        } catch (SQLException e) {
            throw readFailed("Reading the source's large objects", e);
        }
    }

    private static Set<String> strings(Connection c, String sql) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Override
    public List<Batch> batches(int maxObjects, long maxBytes) {
        if (maxObjects < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("maxObjects and maxBytes must be positive");
        }
        List<long[]> done = doneRanges();
        try {
            return source.withConnection(c -> {
                beginRead(c);
                List<Batch> batches = new ArrayList<>();
                long first = -1;
                long last = -1;
                int count = 0;
                long bytes = 0;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SIZES)) {
                    while (rs.next()) {
                        long oid = rs.getLong(1);
                        long size = rs.getLong(2);
                        if (covered(done, oid)) {
                            continue;
                        }
                        if (count > 0 && (count >= maxObjects || bytes + size > maxBytes
                                || coveredBetween(done, last, oid))) {
                            batches.add(new Batch(first, last, count, bytes));
                            count = 0;
                            bytes = 0;
                        }
                        if (count == 0) {
                            first = oid;
                        }
                        last = oid;
                        count++;
                        bytes += size;
                    }
                }
                if (count > 0) {
                    batches.add(new Batch(first, last, count, bytes));
                }
                return batches;
            });
        } catch (SQLException e) {
            throw readFailed("Reading the source's large objects", e);
        }
    }

    /** The OID ranges of the batches an earlier run recorded as done. */
    private List<long[]> doneRanges() {
        List<long[]> ranges = new ArrayList<>();
        for (String key : checkpoints.doneSteps()) {
            if (key.startsWith(KEY_PREFIX)) {
                String[] bounds = key.substring(KEY_PREFIX.length()).split("-");
                try {
                    ranges.add(new long[]{Long.parseLong(bounds[0]), Long.parseLong(bounds[1])});
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    LOG.debug("Ignoring the step key {}: not a large object batch", key);
                }
            }
        }
        return ranges;
    }

    private static boolean covered(List<long[]> ranges, long oid) {
        return ranges.stream().anyMatch(r -> r[0] <= oid && oid <= r[1]);
    }

    /** Whether a done range lies between two OIDs: a new batch must not span it. */
    private static boolean coveredBetween(List<long[]> ranges, long after, long before) {
        return ranges.stream().anyMatch(r -> r[0] > after && r[1] < before);
    }

    /** One object's metadata, roles as the source has them. */
    private record Meta(long oid, String owner, boolean hasAcl, List<String> grantees, List<String> privileges,
                        List<Boolean> grantable, String comment) {
    }

    @Override
    public BatchResult copy(Batch batch, boolean owners, Map<String, String> roleMap) {
        checkpoints.requireBegun();
        long started = System.nanoTime();
        Connection src = null;
        Connection tgt = null;
        Throwable failure = null;
        try {
            src = source.borrow();
            beginRead(src);
            tgt = target.borrow();
            tgt.setAutoCommit(false);
            if (!checkpoints.claimStep(tgt, batch.key())) {
                tgt.rollback();
                LOG.debug("Large object batch {} was copied by an earlier run", batch.key());
                return new BatchResult(batch, 0, 0, Duration.ZERO, true);
            }
            List<Meta> objects = metadata(src, batch);
            long bytes = 0;
            for (Meta m : objects) {
                bytes += write(src, tgt, m, owners, roleMap);
            }
            tgt.commit();
            tgt.setAutoCommit(true);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            LOG.debug("Copied large object batch {}: {} objects, {} bytes in {} ms", batch.key(), objects.size(),
                    bytes, took.toMillis());
            return new BatchResult(batch, objects.size(), bytes, took, false);
        } catch (SQLException | RuntimeException e) {
            failure = e;
            String state = PgErrors.sqlState(e);
            throw new DataTransferException("Copying the large objects " + batch.key() + " failed: "
                    + PgErrors.message(e) + " (SQLSTATE " + state + "). Nothing of this batch was written; it is "
                    + "copied again when retried.", null, batch.key(), state, e);
        } finally {
            source.release(src, failure);
            target.release(tgt, failure);
        }
    }

    private static List<Meta> metadata(Connection src, Batch batch) throws SQLException {
        String sql = """
                SELECT m.oid::pg_catalog.int8, pg_catalog.pg_get_userbyid(m.lomowner), m.lomacl IS NOT NULL,
                       ARRAY(SELECT CASE WHEN a.grantee = 0 THEN NULL ELSE pg_catalog.pg_get_userbyid(a.grantee) END
                             FROM pg_catalog.aclexplode(m.lomacl) WITH ORDINALITY a ORDER BY a.ordinality),
                       ARRAY(SELECT a.privilege_type
                             FROM pg_catalog.aclexplode(m.lomacl) WITH ORDINALITY a ORDER BY a.ordinality),
                       ARRAY(SELECT a.is_grantable
                             FROM pg_catalog.aclexplode(m.lomacl) WITH ORDINALITY a ORDER BY a.ordinality),
                       pg_catalog.obj_description(m.oid, 'pg_largeobject')
                FROM pg_catalog.pg_largeobject_metadata m
                WHERE m.oid::pg_catalog.int8 BETWEEN ? AND ?
                ORDER BY m.oid""";
        List<Meta> out = new ArrayList<>();
        try (PreparedStatement ps = src.prepareStatement(sql)) {
            ps.setLong(1, batch.firstOid());
            ps.setLong(2, batch.lastOid());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Meta(rs.getLong(1), rs.getString(2), rs.getBoolean(3), list(rs.getArray(4)),
                            list(rs.getArray(5)), list(rs.getArray(6)), rs.getString(7)));
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        List<T> out = new ArrayList<>();
        for (Object o : (Object[]) array.getArray()) {
            out.add((T) o);
        }
        array.free();
        return out;
    }

    /** Creates one object on the target with the source's data, owner, privileges and comment; returns its bytes. */
    private static long write(Connection src, Connection tgt, Meta m, boolean owners, Map<String, String> roleMap)
            throws SQLException {
        try (PreparedStatement ps = tgt.prepareStatement("SELECT pg_catalog.lo_unlink(oid) "
                + "FROM pg_catalog.pg_largeobject_metadata WHERE oid = ?::pg_catalog.int8::pg_catalog.oid")) {
            ps.setLong(1, m.oid());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    LOG.info("The target had large object {} already; it is replaced by the source's", m.oid());
                }
            }
        }
        try (PreparedStatement ps = tgt.prepareStatement(
                "SELECT pg_catalog.lo_create(?::pg_catalog.int8::pg_catalog.oid)")) {
            ps.setLong(1, m.oid());
            ps.executeQuery().close();
        }
        long offset = 0;
        try (PreparedStatement get = src.prepareStatement(
                "SELECT pg_catalog.lo_get(?::pg_catalog.int8::pg_catalog.oid, ?, ?)");
             PreparedStatement put = tgt.prepareStatement(
                     "SELECT pg_catalog.lo_put(?::pg_catalog.int8::pg_catalog.oid, ?, ?)")) {
            while (true) {
                get.setLong(1, m.oid());
                get.setLong(2, offset);
                get.setInt(3, CHUNK_BYTES);
                byte[] chunk;
                try (ResultSet rs = get.executeQuery()) {
                    rs.next();
                    chunk = rs.getBytes(1);
                }
                if (chunk == null || chunk.length == 0) {
                    break;
                }
                put.setLong(1, m.oid());
                put.setLong(2, offset);
                put.setBytes(3, chunk);
                put.executeQuery().close();
                offset += chunk.length;
                if (chunk.length < CHUNK_BYTES) {
                    break;
                }
            }
        }
        try (Statement s = tgt.createStatement()) {
            String object = "LARGE OBJECT " + m.oid();
            if (owners) {
                String owner = SqlIdentifiers.quote(roleMap.getOrDefault(m.owner(), m.owner()));
                s.execute("ALTER " + object + " OWNER TO " + owner);
                if (m.hasAcl()) {
                    s.execute("REVOKE ALL ON " + object + " FROM PUBLIC");
                    s.execute("REVOKE ALL ON " + object + " FROM " + owner);
                    for (int i = 0; i < m.privileges().size(); i++) {
                        String grantee = m.grantees().get(i);
                        s.execute("GRANT " + m.privileges().get(i) + " ON " + object + " TO "
                                + (grantee == null ? "PUBLIC"
                                : SqlIdentifiers.quote(roleMap.getOrDefault(grantee, grantee)))
                                + (Boolean.TRUE.equals(m.grantable().get(i)) ? " WITH GRANT OPTION" : ""));
                    }
                }
            }
            if (m.comment() != null) {
                s.execute("COMMENT ON " + object + " IS " + Sql.literal(m.comment()));
            }
        }
        return offset;
    }

    @Override
    public Map<String, String> checksums(boolean fromSource) {
        ConnectionPool pool = fromSource ? source : target;
        String sql = """
                SELECT m.oid::pg_catalog.text, s.size || ' bytes, md5 of 1 MiB chunks ' || (
                         SELECT pg_catalog.md5(coalesce(pg_catalog.string_agg(pg_catalog.md5(
                                    pg_catalog.lo_get(m.oid, o, %1$d)), '' ORDER BY o), ''))
                         FROM pg_catalog.generate_series(0::pg_catalog.int8, s.size - 1, %1$d) o)
                FROM pg_catalog.pg_largeobject_metadata m
                CROSS JOIN LATERAL (SELECT pg_catalog.lo_lseek64(f.fd, 0, 2) AS size, pg_catalog.lo_close(f.fd)
                                    FROM (SELECT pg_catalog.lo_open(m.oid, %2$d) AS fd OFFSET 0) f) s
                ORDER BY m.oid""".formatted(CHUNK_BYTES, INV_READ);
        try {
            return pool.withConnection(c -> {
                if (fromSource) {
                    beginRead(c);
                } else {
                    c.setAutoCommit(false); // lo_open's descriptors live in a transaction
                }
                Map<String, String> out = new TreeMap<>();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
                return out;
            });
        } catch (SQLException e) {
            throw new VerificationException("Computing the checksums of the large objects on the " + pool.role()
                    + " failed: " + PgErrors.describe(e), e.getSQLState(), e);
        }
    }

    private static DataTransferException readFailed(String what, SQLException e) {
        return new DataTransferException(what + " failed: " + PgErrors.describe(e), null, null, e.getSQLState(), e);
    }
}
