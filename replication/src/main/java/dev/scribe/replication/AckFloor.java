package dev.scribe.replication;

import dev.scribe.journal.FileAccess;
import dev.scribe.replication.node.RecordId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The acknowledgement floor: the highest journal position this node knows was acknowledged (as the primary, by its
 * standby; as a standby, to its primary). The node never drops records at or below it. Kept in {@code ack-floor}
 * in the node's replication directory. The file is created durably once; after that a raise is written in place
 * (one 20-byte write, no fsync, so the agent thread never waits for the disk on an acknowledgement) when the last
 * write is at least {@link #PERSIST_INTERVAL_NS} old, and forced at every {@link #persist()} (a role change, a
 * truncation, a clean stop). So after a machine crash the floor may read lower than it was, never higher; a file
 * the crash tore (its CRC does not match) reads as no floor, which is lower too.
 *
 * <pre>
 *   0               4               8                               16              20
 *   +---------------+---------------+-------------------------------+---------------+
 *   | magic 'SAFL'  | version 1     | position (int64)              | CRC32C 0..15  |
 *   +---------------+---------------+-------------------------------+---------------+
 *   little-endian
 * </pre>
 */
final class AckFloor implements AutoCloseable
{
    static final String FILE_NAME = "ack-floor";
    static final int MAGIC = 0x4C464153;
    static final int VERSION = 1;
    static final int LENGTH = 20;
    /** Shortest time between two writes of a rising floor. */
    static final long PERSIST_INTERVAL_NS = 50_000_000L;

    private final Path file;
    private final FileAccess access;
    private long position = RecordId.NO_POSITION;
    private long written = RecordId.NO_POSITION;
    private long writtenNs;
    private FileChannel channel;

    /** Read the floor in a directory; a missing or torn file is no floor. */
    AckFloor(final Path directory, final FileAccess access)
    {
        this.file = directory.resolve(FILE_NAME);
        this.access = access;
        try
        {
            final ByteBuffer bytes = StateFiles.read(file, LENGTH, MAGIC, VERSION, access);
            if (null != bytes)
            {
                position = Math.max(RecordId.NO_POSITION, bytes.getLong());
                written = position;
            }
        }
        catch (final IllegalStateException ex)
        {
            position = RecordId.NO_POSITION; // torn by a crash: a lower floor is always safe
        }
    }

    /** The file the floor is kept in. */
    Path file()
    {
        return file;
    }

    /** The floor, or {@link RecordId#NO_POSITION}. */
    long position()
    {
        return position;
    }

    /** Raise the floor; a lower position changes nothing. Written in place if the last write is old enough. */
    void raise(final long newPosition, final long nowNs)
    {
        if (newPosition <= position)
        {
            return;
        }
        position = newPosition;
        if (nowNs - writtenNs >= PERSIST_INTERVAL_NS)
        {
            writtenNs = nowNs;
            write(false);
        }
    }

    /** Write the floor now and force it to storage. */
    void persist()
    {
        write(true);
    }

    private void write(final boolean force)
    {
        if (position == written && !force)
        {
            return;
        }
        final ByteBuffer bytes = StateFiles.allocate(LENGTH, MAGIC, VERSION);
        bytes.putLong(position);
        try
        {
            if (null == channel)
            {
                StateFiles.write(file, bytes, access); // created durably, sealed
                channel = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                written = position;
                return;
            }
            StateFiles.seal(bytes);
            bytes.clear();
            while (bytes.hasRemaining())
            {
                channel.write(bytes, bytes.position());
            }
            if (force)
            {
                channel.force(false);
            }
            written = position;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public void close()
    {
        if (null != channel)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot close " + file, ex);
            }
            channel = null;
        }
    }
}
