package dev.scribe.replication;

import dev.scribe.journal.FileAccess;
import dev.scribe.replication.node.RecordId;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The acknowledgement floor: the highest journal position this node knows was acknowledged (as the primary, by its
 * standby; as a standby, to its primary). The node never drops records at or below it. Kept in {@code ack-floor}
 * in the node's replication directory; a raise is written out when the last write is at least
 * {@link #PERSIST_INTERVAL_NS} old, and at every {@link #persist()} (a role change, a truncation, a clean stop), so
 * after a crash the floor may read lower than it was, never higher. A missing file
 * is no floor; a damaged one stops the node (see {@link StateFiles}).
 *
 * <pre>
 *   0               4               8                               16              20
 *   +---------------+---------------+-------------------------------+---------------+
 *   | magic 'SAFL'  | version 1     | position (int64)              | CRC32C 0..15  |
 *   +---------------+---------------+-------------------------------+---------------+
 *   little-endian
 * </pre>
 */
final class AckFloor
{
    static final String FILE_NAME = "ack-floor";
    static final int MAGIC = 0x4C464153;
    static final int VERSION = 1;
    static final int LENGTH = 20;
    /** Longest a raise stays in memory only. */
    static final long PERSIST_INTERVAL_NS = 200_000_000L;

    private final Path file;
    private final FileAccess access;
    private long position = RecordId.NO_POSITION;
    private long persisted = RecordId.NO_POSITION;
    private long persistedNs;

    /**
     * Read the floor in a directory.
     *
     * @throws IllegalStateException naming the file if it is damaged.
     */
    AckFloor(final Path directory, final FileAccess access)
    {
        this.file = directory.resolve(FILE_NAME);
        this.access = access;
        final ByteBuffer bytes = StateFiles.read(file, LENGTH, MAGIC, VERSION, access);
        if (null != bytes)
        {
            position = bytes.getLong();
            if (position < RecordId.NO_POSITION)
            {
                throw StateFiles.damaged(file, "it holds the position " + position);
            }
            persisted = position;
        }
    }

    /** The floor, or {@link RecordId#NO_POSITION}. */
    long position()
    {
        return position;
    }

    /** Raise the floor; a lower position changes nothing. Written out if the last write is old enough. */
    void raise(final long newPosition, final long nowNs)
    {
        if (newPosition <= position)
        {
            return;
        }
        position = newPosition;
        if (nowNs - persistedNs >= PERSIST_INTERVAL_NS)
        {
            persist();
            persistedNs = nowNs;
        }
    }

    /** Write the floor out now if it rose since the last write. */
    void persist()
    {
        if (position == persisted)
        {
            return;
        }
        final ByteBuffer bytes = StateFiles.allocate(LENGTH, MAGIC, VERSION);
        bytes.putLong(position);
        StateFiles.write(file, bytes, access);
        persisted = position;
    }
}
