package dev.scribe.journal;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Forces journal files to storage. An fsync of a cycle file writes back every dirty page of it, the memory-mapped
 * ones included, so syncing the current file covers every record appended to it; when the appender has moved on to
 * a new cycle the previous file is forced once more, and the directory is forced so that the new file's entry
 * survives too.
 */
final class JournalSync implements AutoCloseable
{
    private final Path directory;
    private FileChannel channel;
    private File channelFile;
    private long syncedPosition = Journal.NULL_POSITION;

    JournalSync(final Path directory)
    {
        this.directory = directory;
    }

    long syncedPosition()
    {
        return syncedPosition;
    }

    void syncUpTo(final long position, final long lastAppended, final int positionCycle, final File currentFile)
    {
        try
        {
            if (!currentFile.equals(channelFile))
            {
                if (null != channel)
                {
                    channel.force(false);
                    channel.close();
                }
                channel = FileChannel.open(currentFile.toPath(), StandardOpenOption.WRITE);
                channelFile = currentFile;
                forceDirectory();
            }
            channel.force(false);
            syncedPosition = Math.max(position, lastAppended);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot sync journal " + directory + " up to position " + position +
                " (cycle " + positionCycle + "): " + ex.getMessage(), ex);
        }
    }

    private void forceDirectory() throws IOException
    {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ))
        {
            dir.force(true);
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
            catch (final IOException ignore)
            {
                // closing a channel only used for force; the data is in the page cache either way
            }
            channel = null;
        }
    }
}
