package dev.timescalemigrate;

/**
 * The storage of one hypertable on the target as the streaming strategy measured it.
 *
 * @param chunks            chunks at the end of the run
 * @param compressedChunks  compressed (columnstore) chunks at the end of the run
 * @param uncompressedBytes the table's size uncompressed: for compressed chunks their size before compression,
 *                          for the others their size
 * @param finalBytes        the table's size on the target at the end of the run ({@code hypertable_size})
 * @param peakBytes         the largest size sampled during the run (after each unit and each compression)
 */
public record StorageReport(long chunks, long compressedChunks, long uncompressedBytes, long finalBytes,
                            long peakBytes) {

    /** Uncompressed over final size; 1 when nothing was compressed, 0 for an empty table. */
    public double compressionRatio() {
        return finalBytes <= 0 ? 0 : (double) uncompressedBytes / finalBytes;
    }
}
