package dev.scribe.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Forces journal files to storage. An fsync of a cycle file writes back every dirty page of it, the memory-mapped
 * ones included, so forcing a file covers every record appended to it. The appender reports each cycle file it
 * starts writing into ({@link #written}); a sync forces every file written since the last sync, oldest first, which
 * is every file that can hold a record after the last synced position (a batch may cross several cycles, and the
 * position to sync may be in any of them), then the directory if a file was new to it, so that the new files'
 * entries survive too, and last the {@link CycleLedger}, whose entries for new cycles thus never survive without
 * their files. The file appends go to is kept open between syncs; the others are forced once and closed.
 *
 * <p>Used by the appending thread only.
 */
final class JournalSync implements AutoCloseable
{
    private final Path directory;
    private final CycleLedger ledger;
    private final List<Path> pending = new ArrayList<>(4);
    private final List<Path> forced = new ArrayList<>(4);
    private boolean directoryDirty;
    private FileChannel channel;
    private Path channelFile;
    private long syncedPosition = Journal.NULL_POSITION;

    /**
     * A sync of a journal directory's files.
     *
     * @param ledger the journal's cycle ledger, forced after the cycle files; null if there is none.
     */
    JournalSync(final Path directory, final CycleLedger ledger)
    {
        this.directory = directory;
        this.ledger = ledger;
    }

    long syncedPosition()
    {
        return syncedPosition;
    }

    /**
     * The appender has written into a cycle file other than the one it wrote into before (or its first one since the
     * journal was opened).
     */
    void written(final Path file)
    {
        if (pending.isEmpty() || !pending.get(pending.size() - 1).equals(file))
        {
            pending.add(file);
            directoryDirty = true;
        }
    }

    /**
     * Force every cycle file written since the last sync, the directory if a file was new, then the cycle ledger.
     *
     * @param position     the position asked for, for the error message.
     * @param lastAppended the last position appended, which every forced file covers.
     */
    void syncUpTo(final long position, final long lastAppended, final int positionCycle)
    {
        forced.clear();
        try
        {
            final int last = pending.size() - 1;
            for (int i = 0; i <= last; i++)
            {
                final Path file = pending.get(i);
                if (i < last)
                {
                    forceOnce(file);
                }
                else
                {
                    forceCurrent(file);
                }
                forced.add(file);
            }
            if (directoryDirty)
            {
                forceDirectory();
                directoryDirty = false;
            }
            if (null != ledger)
            {
                ledger.force();
            }
            if (last > 0)
            {
                pending.subList(0, last).clear();
            }
            syncedPosition = Math.max(position, lastAppended);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot sync journal " + directory + " up to position " + position +
                " (cycle " + positionCycle + "): " + ex.getMessage(), ex);
        }
    }

    /**
     * The files the last sync forced, oldest first, for tests.
     */
    List<Path> forcedFiles()
    {
        return forced;
    }

    private void forceCurrent(final Path file) throws IOException
    {
        if (!file.equals(channelFile))
        {
            closeChannel();
            channel = FileChannel.open(file, StandardOpenOption.WRITE);
            channelFile = file;
        }
        channel.force(false);
    }

    private void forceOnce(final Path file) throws IOException
    {
        if (file.equals(channelFile))
        {
            channel.force(false);
            closeChannel();
            return;
        }
        try (FileChannel once = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            once.force(false);
        }
    }

    private void forceDirectory() throws IOException
    {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ))
        {
            dir.force(true);
        }
    }

    private void closeChannel()
    {
        if (null != channel)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // closing a channel only used for force; the data is in the page cache either way
            }
            channel = null;
            channelFile = null;
        }
    }

    @Override
    public void close()
    {
        closeChannel();
    }
}
