package dev.scribe.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The journal's own list of the cycles it has written, the file {@code scribe-cycles} in the journal directory.
 * Chronicle keeps a file for each cycle in which something was written and none for the others, so cycles are not
 * contiguous and its files alone cannot tell a cycle nobody wrote in from a cycle file that went missing, in the
 * middle or at the end. The ledger can: a cycle it lists after the last release must have its file, holding records.
 *
 * <p>Text, one entry a line:
 * <pre>
 *   cycle N       the first record of cycle N was appended (written just after that append)
 *   released N    every cycle up to N may be gone: retention removes them (written and forced before any is removed)
 * </pre>
 * A last line without its line feed that starts an entry is one a crash cut short, and is ignored; anything else
 * makes the ledger damaged. The ledger is forced with the cycle files
 * by {@link Journal#sync}. A journal opened for writing without one (written before there were ledgers) gets one
 * listing the cycle files it has, and any cycle file missing from the ledger is added then too. Appends, releases and
 * syncs may come from different threads: every method holds the ledger's private lock.
 */
final class CycleLedger implements AutoCloseable
{
    static final String FILE_NAME = "scribe-cycles";
    private static final String CYCLE = "cycle ";
    private static final String RELEASED = "released ";

    /**
     * What a ledger says.
     *
     * @param exists          whether there is a ledger file.
     * @param cycles          the cycles it lists, ascending.
     * @param releasedThrough every cycle up to this one may have been removed; -1 if none.
     * @param problem         why the ledger cannot be read, or null.
     */
    record Contents(boolean exists, int[] cycles, int releasedThrough, String problem)
    {
        static final Contents NONE = new Contents(false, new int[0], -1, null);

        boolean lists(final int cycle)
        {
            return Arrays.binarySearch(cycles, cycle) >= 0;
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final Object lock = new Object(); // private, so that no caller can hold it
    private final ByteBuffer line = ByteBuffer.allocate(32);
    private int lastStarted = -1;
    private boolean dirty;

    private CycleLedger(final Path file, final FileChannel channel)
    {
        this.file = file;
        this.channel = channel;
    }

    /**
     * Read a journal directory's ledger.
     *
     * @return what it says; {@link Contents#NONE} if there is none.
     */
    static Contents read(final Path directory)
    {
        final Path file = directory.resolve(FILE_NAME);
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException ex)
        {
            return Contents.NONE;
        }
        catch (final IOException ex)
        {
            return new Contents(true, new int[0], -1, "cannot be read: " + ex);
        }
        return parse(bytes);
    }

    private static Contents parse(final byte[] bytes)
    {
        final TreeSet<Integer> cycles = new TreeSet<>();
        int released = -1;
        int start = 0;
        int lineNumber = 0;
        for (int i = 0; i < bytes.length; i++)
        {
            if (bytes[i] != '\n')
            {
                continue;
            }
            lineNumber++;
            final String text = new String(bytes, start, i - start, StandardCharsets.ISO_8859_1);
            start = i + 1;
            final int started = text.startsWith(CYCLE) ? number(text, CYCLE.length()) : -1;
            final int releasedThrough = text.startsWith(RELEASED) ? number(text, RELEASED.length()) : -1;
            if (started >= 0)
            {
                cycles.add(started);
            }
            else if (releasedThrough >= 0)
            {
                released = Math.max(released, releasedThrough);
            }
            else
            {
                return new Contents(true, new int[0], -1, "line " + lineNumber + " is not a ledger entry ('" +
                    printable(text) + "'): the file is damaged");
            }
        }
        final String tail = new String(bytes, start, bytes.length - start, StandardCharsets.ISO_8859_1);
        if (!tail.isEmpty() && !isTornEntry(tail))
        {
            return new Contents(true, new int[0], -1, "ends in '" + printable(tail) + "', which is not part of a " +
                "ledger entry: the file is damaged");
        }
        return new Contents(true, cycles.stream().mapToInt(Integer::intValue).toArray(), released, null);
    }

    /**
     * Whether a last line without its line feed is the start of an entry, as a crash while writing one leaves it.
     */
    private static boolean isTornEntry(final String tail)
    {
        for (final String entry : new String[] {CYCLE, RELEASED})
        {
            final int common = Math.min(tail.length(), entry.length());
            if (tail.regionMatches(0, entry, 0, common) &&
                (tail.length() <= entry.length() || number(tail, entry.length()) >= 0))
            {
                return true;
            }
        }
        return false;
    }

    private static int number(final String text, final int from)
    {
        if (from == text.length() || text.length() - from > 10)
        {
            return -1;
        }
        long value = 0;
        for (int i = from; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value > Integer.MAX_VALUE ? -1 : (int)value;
    }

    private static String printable(final String text)
    {
        final StringBuilder shown = new StringBuilder();
        for (int i = 0; i < Math.min(text.length(), 40); i++)
        {
            final char c = text.charAt(i);
            shown.append(c >= ' ' && c < 127 ? c : '?');
        }
        return text.length() > 40 ? shown.append("...").toString() : shown.toString();
    }

    /**
     * Open a writable journal's ledger, creating it if missing, and list in it every cycle file the directory has
     * that it does not list yet; forced if anything was added, else left for the first sync to force (an earlier
     * writer may not have forced its last entries).
     *
     * @param present the cycle files of the directory.
     * @param access  the permissions the ledger file is given.
     * @throws JournalException naming the ledger if it cannot be opened or written.
     */
    static CycleLedger open(final Path directory, final List<CycleFiles.CycleFile> present, final FileAccess access)
    {
        final Path file = directory.resolve(FILE_NAME);
        final Contents contents = read(directory);
        if (null != contents.problem())
        {
            throw new JournalException("cycle ledger " + file + " " + contents.problem());
        }
        final FileChannel channel;
        try
        {
            channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS), access.fileAttributes(directory));
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot open cycle ledger " + file + ": " + ex, ex);
        }
        final CycleLedger ledger = new CycleLedger(file, channel);
        try
        {
            ledger.restrict(access);
            ledger.catchUp(directory, contents, present);
        }
        catch (final RuntimeException ex)
        {
            ledger.close();
            throw ex;
        }
        return ledger;
    }

    /**
     * Add the cycle files the ledger does not list and force them, or leave the ledger to be forced by the first sync.
     */
    private void catchUp(final Path directory, final Contents contents, final List<CycleFiles.CycleFile> present)
    {
        synchronized (lock)
        {
            final boolean created = !contents.exists();
            for (final CycleFiles.CycleFile cycleFile : present)
            {
                if (!contents.lists(cycleFile.cycle()))
                {
                    write(CYCLE, cycleFile.cycle());
                }
            }
            if (created || dirty)
            {
                force();
                if (created)
                {
                    JournalFiles.forceDirectory(directory);
                }
            }
            else
            {
                // an earlier writer, killed before its sync, may have left entries unforced: the first sync forces them
                dirty = true;
            }
        }
    }

    private void restrict(final FileAccess access)
    {
        try
        {
            access.restrictFile(file);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot restrict cycle ledger " + file + " to " + access + ": " + ex, ex);
        }
    }

    /**
     * The first record of a cycle was appended. Not forced here: {@link Journal#sync} forces the ledger with the
     * cycle files. Allocates nothing.
     */
    void started(final int cycle)
    {
        synchronized (lock)
        {
            if (cycle != lastStarted)
            {
                write(CYCLE, cycle);
                lastStarted = cycle;
            }
        }
    }

    /**
     * Every cycle up to this one is about to be removed; forced before this returns, so that no file is gone while
     * the ledger still expects it.
     */
    void released(final int throughCycle)
    {
        synchronized (lock)
        {
            write(RELEASED, throughCycle);
            force();
        }
    }

    /**
     * Force what was written since the last force.
     *
     * @return whether there was anything to force.
     */
    boolean force()
    {
        synchronized (lock)
        {
            if (!dirty)
            {
                return false;
            }
            try
            {
                channel.force(false);
                dirty = false;
                return true;
            }
            catch (final IOException ex)
            {
                throw new JournalException("cannot force cycle ledger " + file + ": " + ex, ex);
            }
        }
    }

    private void write(final String entry, final int cycle)
    {
        line.clear();
        for (int i = 0; i < entry.length(); i++)
        {
            line.put((byte)entry.charAt(i));
        }
        putDigits(cycle);
        line.put((byte)'\n').flip();
        try
        {
            while (line.hasRemaining())
            {
                channel.write(line);
            }
            dirty = true;
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot write cycle " + cycle + " to cycle ledger " + file + ": " + ex, ex);
        }
    }

    private void putDigits(final int value)
    {
        int divisor = 1;
        while (value / divisor >= 10)
        {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10)
        {
            line.put((byte)('0' + value / divisor % 10));
        }
    }

    @Override
    public void close()
    {
        synchronized (lock)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // written entries are in the page cache; close cannot lose them
            }
        }
    }
}
