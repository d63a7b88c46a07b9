package dev.scribe.journal;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Removes the cycle files that lie wholly before a position, for {@link Journal#releaseBefore}: each is moved into an
 * archive directory or deleted, oldest first; then both directories are forced to storage, Chronicle's listing of
 * the journal's cycles is refreshed (its first cycle is what readers start from), and the archive's Chronicle
 * metadata is written again so that the archive opens as a journal of the cycles it holds.
 */
final class JournalRelease
{
    private final SingleChronicleQueue queue;
    private final JournalReader reader;
    private final JournalContext context;
    private final Path directory;
    private final AtomicLong floor;
    private final CycleLedger ledger;

    /**
     * A release of a queue's cycle files.
     *
     * @param floor  the journal's retention floor: its cycle and every later one are kept whatever the position.
     * @param ledger the journal's cycle ledger, told of the release before any file is removed; null if none.
     */
    JournalRelease(
        final JournalReader reader,
        final JournalContext context,
        final AtomicLong floor,
        final CycleLedger ledger)
    {
        this.queue = reader.queue();
        this.reader = reader;
        this.context = context;
        this.directory = context.directory();
        this.floor = floor;
        this.ledger = ledger;
    }

    List<Path> releaseBefore(final long position, final Path archiveDirectory)
    {
        checkPosition(position);
        final Path archive = null == archiveDirectory ? null : checkArchive(archiveDirectory);
        final CycleFiles names = new CycleFiles(queue);
        final List<Path> files = filesBefore(names, keptCycle(position));
        if (files.isEmpty())
        {
            return files;
        }
        if (null != archive)
        {
            JournalFiles.createDirectories(archive, context.fileAccess());
            // the archive's documents are read by its journal's format, known before any of them is there
            JournalFormat.copyMarker(directory, archive, context.fileAccess());
            for (final Path file : files)
            {
                JournalFiles.requireAbsent(file, archive.resolve(JournalFiles.nameOf(file)));
            }
        }
        if (null != ledger)
        {
            ledger.released(names.cycleOf(JournalFiles.nameOf(files.get(files.size() - 1))));
        }
        final List<Path> removed = new ArrayList<>(files.size());
        try
        {
            for (final Path file : files)
            {
                if (remove(file, archive))
                {
                    removed.add(file);
                }
            }
        }
        catch (final RuntimeException ex)
        {
            try
            {
                afterRemoval(removed, archive);
            }
            catch (final RuntimeException suppressed)
            {
                ex.addSuppressed(suppressed);
            }
            throw ex;
        }
        afterRemoval(removed, archive);
        return removed;
    }

    /**
     * The first cycle to keep: the position's, or the retention floor's if that is earlier.
     */
    private int keptCycle(final long position)
    {
        final int cycle = queue.rollCycle().toCycle(position);
        final long floorPosition = floor.get();
        return Journal.NULL_POSITION == floorPosition ? cycle :
            Math.min(cycle, queue.rollCycle().toCycle(floorPosition));
    }

    private void checkPosition(final long position)
    {
        if (position < 0)
        {
            throw new IllegalArgumentException("cannot release journal " + directory + " before position " +
                position + ": not a record position" +
                (Journal.NULL_POSITION == position ? " (NULL_POSITION)" : ""));
        }
        final long last = reader.lastPosition();
        if (Journal.NULL_POSITION == last)
        {
            throw new IllegalArgumentException("cannot release journal " + directory + " before position " +
                PositionFormat.position(position) + ": the journal is empty");
        }
        if (position > last)
        {
            throw new IllegalArgumentException("cannot release journal " + directory + " before position " +
                PositionFormat.position(position) + ": it is after the last position " + PositionFormat.position(last));
        }
    }

    private Path checkArchive(final Path archiveDirectory)
    {
        final Path archive = archiveDirectory.toAbsolutePath().normalize();
        if (archive.startsWith(directory))
        {
            throw new IllegalArgumentException("archive directory " + archive +
                " must be outside the journal directory " + directory);
        }
        return archive;
    }

    /**
     * The cycle files before a cycle, oldest first; never the newest file, which the appender may be writing.
     */
    private List<Path> filesBefore(final CycleFiles names, final int keptCycle)
    {
        final List<CycleFiles.CycleFile> all = names.list(directory);
        final List<Path> before = new ArrayList<>();
        for (int i = 0; i < all.size() - 1 && all.get(i).cycle() < keptCycle; i++)
        {
            before.add(all.get(i).path());
        }
        return before;
    }

    /**
     * Move a file into the archive, or delete it if there is none.
     *
     * @return false if the file was gone already (retention deleted it meanwhile).
     */
    private static boolean remove(final Path file, final Path archive)
    {
        if (null == archive)
        {
            return JournalFiles.delete(file);
        }
        return JournalFiles.moveFile(file, archive.resolve(JournalFiles.nameOf(file)));
    }

    private void afterRemoval(final List<Path> removed, final Path archive)
    {
        if (removed.isEmpty())
        {
            return;
        }
        queue.refreshDirectoryListing();
        JournalFiles.forceDirectory(directory);
        if (null != archive)
        {
            JournalFiles.forceDirectory(archive);
            writeArchiveMetadata(archive);
        }
    }

    /**
     * Chronicle keeps the roll cycle and the first and last cycle of a queue in its metadata file, and a read-only
     * queue takes them from there (without it, it guesses the roll cycle from the file names). Opening the archive as
     * a writable queue writes that file, or brings the cycles in it up to date; no cycle file is touched.
     */
    private void writeArchiveMetadata(final Path archive)
    {
        try
        {
            RecordMac.copyMarker(directory, archive, context.fileAccess());
            ChronicleQueues.writable(archive, context.rollCycle().chronicle(), context).close();
        }
        catch (final RuntimeException ex)
        {
            throw new JournalException("cannot write the Chronicle metadata of archive " + archive + ": " + ex, ex);
        }
    }
}
