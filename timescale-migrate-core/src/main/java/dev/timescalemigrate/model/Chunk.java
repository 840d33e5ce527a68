package dev.timescalemigrate.model;

/**
 * One chunk of a hypertable, with its range in the primary dimension.
 *
 * @param hypertable   the hypertable
 * @param chunk        the chunk table
 * @param rangeStart   start of a time range as PostgreSQL prints it, or {@code null} for an integer dimension
 * @param rangeEnd     end of a time range, or {@code null}
 * @param rangeStartInteger start of an integer range, or {@code null}
 * @param rangeEndInteger   end of an integer range, or {@code null}
 * @param compressed   whether the chunk is compressed
 */
public record Chunk(QualifiedName hypertable, QualifiedName chunk, String rangeStart, String rangeEnd,
                    Long rangeStartInteger, Long rangeEndInteger, boolean compressed) {
}
