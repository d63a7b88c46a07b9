package dev.scribe.journal;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.RollingResourcesCache;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParsePosition;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;

/**
 * The cycle files of a journal directory: Chronicle names each after its cycle, in the roll cycle's date format,
 * with the suffix {@code .cq4}. Anything else in the directory (Chronicle's {@code .cq4t} metadata, the writer lock)
 * is not a cycle file. Not thread-safe (the date format is not): one instance a thread.
 *
 * <p>A name is read back by parsing its date, which gives the cycle or one next to it (for the weekly cycle the week
 * fields depend on the locale), and then naming the cycles around it as Chronicle does until one gives the name:
 * a cycle is only ever taken for one whose file Chronicle would give that very name.
 */
final class CycleFiles
{
    /** Suffix of a cycle file's name. */
    static final String SUFFIX = ".cq4";
    /** What {@link #cycleOf} returns for a name that is not a cycle file's. */
    static final int NOT_A_CYCLE = -1;
    private static final int SEARCH = 2;

    /**
     * A cycle file and its cycle.
     *
     * @param cycle the cycle number, as in a position.
     * @param path  the file.
     */
    record CycleFile(int cycle, Path path)
    {
    }

    private final long cycleLengthMs;
    private final long epochMs;
    private final SimpleDateFormat format;
    private final RollingResourcesCache names;

    /**
     * The cycle files of a queue, with the roll cycle and epoch it has on disk.
     */
    CycleFiles(final SingleChronicleQueue queue)
    {
        this(queue.rollCycle(), queue.epoch());
    }

    /**
     * The cycle files of a roll cycle counted from an epoch, as read from a queue's metadata before it is opened.
     */
    CycleFiles(final RollCycle rollCycle, final long epochMs)
    {
        cycleLengthMs = rollCycle.lengthInMillis();
        this.epochMs = epochMs;
        format = new SimpleDateFormat(rollCycle.format());
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        names = new RollingResourcesCache(rollCycle, epochMs, File::new, File::getName);
    }

    /**
     * The cycle a file name stands for.
     *
     * @param fileName a file name, without directory.
     * @return the cycle, or {@link #NOT_A_CYCLE} if the name is not a cycle file's.
     */
    int cycleOf(final String fileName)
    {
        if (!fileName.endsWith(SUFFIX))
        {
            return NOT_A_CYCLE;
        }
        final String date = fileName.substring(0, fileName.length() - SUFFIX.length());
        final ParsePosition parsed = new ParsePosition(0);
        final Date start = format.parse(date, parsed);
        if (null == start || parsed.getIndex() != date.length())
        {
            return NOT_A_CYCLE;
        }
        final long near = Math.floorDiv(start.getTime() - epochMs, cycleLengthMs);
        for (long cycle = Math.max(0, near - SEARCH); cycle <= near + SEARCH && cycle <= Integer.MAX_VALUE; cycle++)
        {
            if (names.resourceFor(cycle).text.equals(date))
            {
                return (int)cycle;
            }
        }
        return NOT_A_CYCLE;
    }

    /**
     * The file Chronicle keeps a cycle's records in.
     *
     * @param directory the journal directory.
     * @param cycle     the cycle.
     * @return the file's path, whether or not it exists.
     */
    Path pathOf(final Path directory, final int cycle)
    {
        return directory.resolve(names.resourceFor(cycle).text + SUFFIX);
    }

    /**
     * The cycle files of a directory, oldest first.
     *
     * @param directory a journal directory.
     * @return its cycle files.
     * @throws JournalException naming the directory if it cannot be listed.
     */
    List<CycleFile> list(final Path directory)
    {
        final List<CycleFile> files = new ArrayList<>();
        for (final Path path : JournalFiles.list(directory))
        {
            final int cycle = cycleOf(JournalFiles.nameOf(path));
            if (NOT_A_CYCLE != cycle && Files.isRegularFile(path))
            {
                files.add(new CycleFile(cycle, path));
            }
        }
        files.sort(Comparator.comparingInt(CycleFile::cycle));
        return files;
    }
}
