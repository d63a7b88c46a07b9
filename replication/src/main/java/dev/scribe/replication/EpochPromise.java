package dev.scribe.replication;

import dev.scribe.journal.FileAccess;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The highest epoch a node has promised never to go below: every epoch it started or heard a primary state. Kept
 * in {@code epoch-promise} in the node's replication directory and forced before a raise returns, so a node that
 * restarts never starts an epoch it or its peer already used. A missing file is a node that promised nothing yet; a
 * damaged one stops the node (see {@link StateFiles}).
 *
 * <pre>
 *   0               4               8                               16              20
 *   +---------------+---------------+-------------------------------+---------------+
 *   | magic 'SEPR'  | version 1     | epoch (int64)                 | CRC32C 0..15  |
 *   +---------------+---------------+-------------------------------+---------------+
 *   little-endian
 * </pre>
 */
final class EpochPromise
{
    static final String FILE_NAME = "epoch-promise";
    static final int MAGIC = 0x52504553;
    static final int VERSION = 1;
    static final int LENGTH = 20;

    private final Path file;
    private final FileAccess access;
    private long epoch;

    /**
     * Read the promise in a directory.
     *
     * @throws IllegalStateException naming the file if it is damaged.
     */
    EpochPromise(final Path directory, final FileAccess access)
    {
        this.file = directory.resolve(FILE_NAME);
        this.access = access;
        final ByteBuffer bytes = StateFiles.read(file, LENGTH, MAGIC, VERSION, access);
        if (null != bytes)
        {
            epoch = bytes.getLong();
            if (epoch < 0)
            {
                throw StateFiles.damaged(file, "it holds the negative epoch " + epoch);
            }
        }
    }

    Path file()
    {
        return file;
    }

    /** The promised epoch, 0 if none. */
    long epoch()
    {
        return epoch;
    }

    /** Raise the promise, on storage before this returns; a lower or equal epoch changes nothing. */
    void raise(final long newEpoch)
    {
        if (newEpoch <= epoch)
        {
            return;
        }
        final ByteBuffer bytes = StateFiles.allocate(LENGTH, MAGIC, VERSION);
        bytes.putLong(newEpoch);
        StateFiles.write(file, bytes, access);
        epoch = newEpoch;
    }
}
