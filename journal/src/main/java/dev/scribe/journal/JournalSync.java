package dev.scribe.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
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
 * <p>A journal opened for writing does not know what its earlier writers forced: one killed between an append and
 * its sync left pages that only the page cache holds, in any of the files written since its own last sync. So every
 * cycle file present at opening counts as written since the last sync, and the first sync forces them all (and the
 * directory), oldest first: one fsync a file, once a process, and cheap for a file with nothing dirty. A file among
 * them that is gone by then (released or retired since the opening) is passed over.
 *
 * <p>Used by the appending thread only.
 */
final class JournalSync implements AutoCloseable
{
    private final Path directory;
    private final CycleLedger ledger;
    private final List<Path> pending = new ArrayList<>(4);
    private final List<Path> forced = new ArrayList<>(4);
    private int earlierFiles;
    private boolean ledgerForced;
    private boolean directoryDirty;
    private FileChannel channel;
    private Path channelFile;
    private long syncedPosition = Journal.NULL_POSITION;

    /**
     * A sync of a journal directory's files.
     *
     * @param ledger  the journal's cycle ledger, forced after the cycle files; null if there is none.
     * @param earlier the cycle files in the directory when the journal was opened, oldest first: earlier writers may
     *                have left them unforced, so the first sync forces them.
     */
    JournalSync(final Path directory, final CycleLedger ledger, final List<Path> earlier)
    {
        this.directory = directory;
        this.ledger = ledger;
        pending.addAll(earlier);
        earlierFiles = earlier.size();
        directoryDirty = !earlier.isEmpty();
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
        ledgerForced = false;
        try
        {
            final int last = pending.size() - 1;
            for (int i = 0; i <= last; i++)
            {
                final Path file = pending.get(i);
                if (i < last ? forceOnce(file, i < earlierFiles) : forceCurrent(file, i < earlierFiles))
                {
                    forced.add(file);
                }
            }
            earlierFiles = 0;
            if (directoryDirty)
            {
                forceDirectory();
                directoryDirty = false;
            }
            ledgerForced = null != ledger && ledger.force();
            if (last > 0)
            {
                pending.subList(0, last).clear();
            }
            syncedPosition = Math.max(position, lastAppended);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot sync journal " + directory + " up to position " +
                PositionFormat.position(position) +
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

    /**
     * Whether the last sync forced the cycle ledger (it does when something was written to it since it was last
     * forced), for tests.
     */
    boolean forcedLedger()
    {
        return ledgerForced;
    }

    /**
     * Force the file appends go to, keeping it open.
     *
     * @param mayBeGone the file was there when the journal was opened, and may have been removed since.
     * @return whether it was forced: false only for a file that may be gone and is.
     */
    private boolean forceCurrent(final Path file, final boolean mayBeGone) throws IOException
    {
        if (!file.equals(channelFile))
        {
            closeChannel();
            final FileChannel opened = open(file, mayBeGone);
            if (null == opened)
            {
                return false;
            }
            channel = opened;
            channelFile = file;
        }
        channel.force(false);
        return true;
    }

    /**
     * Force a file appends no longer go to, and close it.
     *
     * @param mayBeGone the file was there when the journal was opened, and may have been removed since.
     * @return whether it was forced: false only for a file that may be gone and is.
     */
    private boolean forceOnce(final Path file, final boolean mayBeGone) throws IOException
    {
        if (file.equals(channelFile))
        {
            channel.force(false);
            closeChannel();
            return true;
        }
        final FileChannel once = open(file, mayBeGone);
        if (null == once)
        {
            return false;
        }
        try (once)
        {
            once.force(false);
        }
        return true;
    }

    private static FileChannel open(final Path file, final boolean mayBeGone) throws IOException
    {
        try
        {
            return FileChannel.open(file, StandardOpenOption.WRITE);
        }
        catch (final NoSuchFileException ex)
        {
            if (mayBeGone)
            {
                return null;
            }
            throw ex;
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
            JournalFiles.closeQuietly(channel);
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
