package dev.scribe.kafka;

import java.util.Arrays;

/**
 * Per partition of the topic, the highest journal place (position, then event index) Kafka has acknowledged: an
 * event at or below its partition's mark was exported before and is not sent again. Used on the export's thread
 * only (and on the launching thread before that starts).
 */
final class ExportMarks
{
    private long[] positions = new long[0];
    private int[] indexes = new int[0];

    /**
     * Forget every mark.
     *
     * @param partitions the topic's partition count.
     */
    void reset(final int partitions)
    {
        positions = new long[partitions];
        indexes = new int[partitions];
        Arrays.fill(positions, -1);
        Arrays.fill(indexes, -1);
    }

    int partitions()
    {
        return positions.length;
    }

    void set(final int partition, final long position, final int index)
    {
        positions[partition] = position;
        indexes[partition] = index;
    }

    /**
     * Whether an event comes after its partition's mark, and so is not in Kafka yet.
     *
     * @return true if it is to be sent.
     */
    boolean after(final int partition, final long position, final int index)
    {
        return position > positions[partition] || (position == positions[partition] && index > indexes[partition]);
    }

    long position(final int partition)
    {
        return positions[partition];
    }

    int index(final int partition)
    {
        return indexes[partition];
    }
}
