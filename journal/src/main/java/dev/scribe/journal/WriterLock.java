package dev.scribe.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one-writer lock of a journal directory: an OS file lock, released by the OS when the holder dies.
 */
final class WriterLock implements AutoCloseable
{
    static final String FILE_NAME = "scribe-writer.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private WriterLock(final FileChannel channel, final FileLock lock)
    {
        this.channel = channel;
        this.lock = lock;
    }

    static WriterLock acquire(final Path directory)
    {
        final Path file = directory.resolve(FILE_NAME);
        FileChannel channel = null;
        try
        {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
            final FileLock lock;
            try
            {
                lock = channel.tryLock();
            }
            catch (final OverlappingFileLockException ex)
            {
                throw new JournalException("journal " + directory + " is already open for writing in this process");
            }
            if (null == lock)
            {
                throw new JournalException("journal " + directory + " is already open for writing by another " +
                    "process (it holds " + file + "); open it read-only or stop that process");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(
                (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new WriterLock(channel, lock);
        }
        catch (final IOException ex)
        {
            JournalFiles.closeQuietly(channel);
            throw new JournalException("cannot lock journal " + directory + " for writing: " + ex.getMessage(), ex);
        }
        catch (final JournalException ex)
        {
            JournalFiles.closeQuietly(channel);
            throw ex;
        }
    }

    @Override
    public void close()
    {
        try
        {
            lock.release();
        }
        catch (final IOException ignore)
        {
            // the channel close below releases it as well
        }
        JournalFiles.closeQuietly(channel);
    }
}
