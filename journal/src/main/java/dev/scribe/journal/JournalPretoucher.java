package dev.scribe.journal;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Brings the pages of the cycle file ahead of the journal's writer into memory on a thread of its own, so that the
 * writer does not: the first touch of a page of a new file region is a page fault in which the kernel finds and zeroes
 * the page (on some virtual machines it first has the host back it with memory), and that fault would otherwise stop
 * the business-logic thread mid-append. It reads the region ahead of the write position through a channel of its own,
 * which puts the pages in the page cache; it never writes, so nothing it does can change a record.
 *
 * <p>The writer calls {@link #wrote} after each document, which costs a volatile read and, when the writer comes
 * within half the distance of what is read, an unpark (at most one for every eighth of the distance written). The
 * thread parks between rounds and stops at {@link #close}. A file it cannot read (rolled away, deleted by retention)
 * is skipped, and a thread the machine cannot start leaves the journal without pretouching: pretouching only ever
 * saves time, it never fails an append.
 */
final class JournalPretoucher implements AutoCloseable
{
    /** Bytes read at a time. */
    static final int CHUNK_BYTES = 64 * 1024;
    private static final long IDLE_PARK_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int WAKES_PER_DISTANCE = 8;

    private final long aheadBytes;
    private final Thread thread;
    private final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES);
    private volatile File file;
    private volatile long position;
    /** How far into {@link #file} the pages are in memory; written by the pretouching thread. */
    private volatile long touched;
    private volatile boolean closed;
    // the writer's own
    private long wokenAt;
    private boolean failedToStart;
    // the pretouching thread's own
    private File open;
    private FileChannel channel;

    /**
     * A pretoucher keeping a distance ahead of the writer; its thread starts at the first {@link #wrote}.
     *
     * @param aheadBytes how far ahead of the write position the pages are brought in.
     * @param name       the thread's name.
     */
    JournalPretoucher(final long aheadBytes, final String name)
    {
        this.aheadBytes = aheadBytes;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    /**
     * The writer wrote up to a position of a cycle file: wake the thread if it is less than half the distance ahead
     * (starting it, the first time). On the writer's thread only.
     *
     * @param cycleFile the file written.
     * @param at        the position in it written up to.
     */
    void wrote(final File cycleFile, final long at)
    {
        if (failedToStart)
        {
            return;
        }
        position = at;
        if (cycleFile != file)
        {
            file = cycleFile;
            if (thread.getState() == Thread.State.NEW && !closed && !start())
            {
                return;
            }
            wake(at);
        }
        else if (at + aheadBytes / 2 > touched && at - wokenAt >= aheadBytes / WAKES_PER_DISTANCE)
        {
            // at most a few wakes a distance written, even where the file ends short of the distance ahead
            wake(at);
        }
    }

    private void wake(final long at)
    {
        wokenAt = at;
        LockSupport.unpark(thread);
    }

    /** Start the thread; one the machine cannot make leaves the journal without pretouching, never an append failed. */
    private boolean start()
    {
        try
        {
            thread.start();
            return true;
        }
        catch (final OutOfMemoryError | RuntimeException ex)
        {
            failedToStart = true;
            return false;
        }
    }

    /**
     * How far into the current file the pages are in memory.
     */
    long touched()
    {
        return touched;
    }

    /**
     * Stop the thread and wait for it.
     */
    @Override
    public void close()
    {
        closed = true;
        if (thread.getState() == Thread.State.NEW)
        {
            return;
        }
        LockSupport.unpark(thread);
        // an interrupted closer still waits, so the thread and its channel are gone when close returns
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean interrupted = false;
        long leftNs;
        while (thread.isAlive() && (leftNs = deadlineNs - System.nanoTime()) > 0)
        {
            try
            {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNs)));
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void run()
    {
        try
        {
            while (!closed)
            {
                touchAhead();
                LockSupport.parkNanos(this, IDLE_PARK_NS);
            }
        }
        finally
        {
            closeChannel();
        }
    }

    private void touchAhead()
    {
        final File target = file;
        if (null == target)
        {
            return;
        }
        try
        {
            if (target != open)
            {
                closeChannel();
                channel = FileChannel.open(target.toPath(), StandardOpenOption.READ);
                open = target;
                touched = position;
            }
            long at = Math.max(touched, position);
            final long end = position + aheadBytes;
            while (at < end && !closed && target == file)
            {
                chunk.clear();
                final int read = channel.read(chunk, at);
                if (read <= 0)
                {
                    break; // the file ends here for now: the writer's next chunk of it is not made yet
                }
                at += read;
                touched = at;
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            closeChannel(); // gone, or unreadable: the writer's own faults bring its pages in
        }
    }

    private void closeChannel()
    {
        if (null != channel)
        {
            JournalFiles.closeQuietly(channel);
            channel = null;
            open = null;
        }
    }
}
