package dev.scribe.journal;

import net.openhft.chronicle.queue.RollCycle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The health check of a journal directory, run before Chronicle maps anything in it (see
 * {@link Journal#inspect}). Chronicle trusts its files: a cycle file of foreign bytes reads as an empty cycle, a header
 * it cannot parse is a raw exception without the file's name, and a file shorter than its content faults the JVM
 * (SIGBUS, an {@link InternalError}) when the mapped page past its end is read. So every file is checked first, with
 * plain reads:
 * <ul>
 *     <li>every entry of the directory is a file a journal has: cycle files named for the roll cycle, Chronicle's
 *     {@code metadata.cq4t}, the writer lock, the cycle ledger, a truncation's mark, the record MAC marker and the
 *     format marker (and the temporary files they are written through, which a crash may leave);</li>
 *     <li>the format marker, if there is one, names a format this version reads ({@link JournalFormat});</li>
 *     <li>the metadata and every cycle file pass {@link QueueFileCheck} (header, documents within the file, the last
 *     record the header names present);</li>
 *     <li>every cycle the {@link CycleLedger ledger} lists after its last release has its file, holding records; only
 *     the newest cycle file may be unwritten (a crash or a live writer creating it), and only if the ledger does not
 *     list it.</li>
 * </ul>
 * A directory that does not exist, or is empty, is a healthy journal not written yet. The check tolerates a live
 * writer and retention beside it: the ledger is read before the files are listed (a listed cycle's file was created
 * before its entry) and again after (a release is entered before any file goes).
 */
final class JournalCheck
{
    static final String METADATA_FILE = "metadata.cq4t";
    private static final int NEWEST_RECHECKS = 2;
    private static final Set<String> KNOWN_FILES = Set.of(METADATA_FILE, WriterLock.FILE_NAME, CycleLedger.FILE_NAME,
        TruncationRecovery.COMPLETE_FILE, RecordMac.MARKER_FILE, RecordMac.MARKER_FILE + OwnedFiles.TEMPORARY_SUFFIX,
        JournalFormat.MARKER_FILE, JournalFormat.MARKER_FILE + OwnedFiles.TEMPORARY_SUFFIX);

    private final Path directory;
    private final List<JournalInspection.Problem> problems = new ArrayList<>();
    private final List<CycleFiles.CycleFile> cycleFiles = new ArrayList<>();
    private long records;
    private long documents;
    private boolean batched;

    private JournalCheck(final Path directory)
    {
        this.directory = directory;
    }

    /**
     * Check a journal directory.
     *
     * @param directory the directory.
     * @param fallback  the roll cycle to read file names with if the directory has no Chronicle metadata.
     * @return what was found.
     */
    static JournalInspection inspect(final Path directory, final JournalRollCycle fallback)
    {
        final Path dir = directory.toAbsolutePath().normalize();
        final JournalCheck check = new JournalCheck(dir);
        if (Files.exists(dir))
        {
            check.run(fallback);
        }
        return new JournalInspection(dir, check.problems, check.cycleFiles.size(), check.records, check.documents);
    }

    private void run(final JournalRollCycle fallback)
    {
        if (!Files.isDirectory(directory))
        {
            problem(directory, "is not a directory");
            return;
        }
        final CycleLedger.Contents before = CycleLedger.read(directory);
        final List<Path> entries;
        try
        {
            entries = JournalFiles.list(directory).stream().sorted().toList();
        }
        catch (final JournalException ex)
        {
            problem(directory, "cannot be listed: " + ex.getMessage());
            return;
        }
        final CycleFiles names = names(fallback);
        final String format = JournalFormat.problemOf(directory);
        if (null != format)
        {
            problem(directory.resolve(JournalFormat.MARKER_FILE), format);
        }
        batched = null == format && JournalFormat.V2 == JournalFormat.marked(directory);
        for (final Path entry : entries)
        {
            classify(entry, names);
        }
        final CycleLedger.Contents after = CycleLedger.read(directory);
        if (null != after.problem())
        {
            problem(directory.resolve(CycleLedger.FILE_NAME), after.problem());
        }
        cycleFiles.sort(Comparator.comparingInt(CycleFiles.CycleFile::cycle));
        for (int i = 0; i < cycleFiles.size(); i++)
        {
            checkCycleFile(cycleFiles.get(i), i == cycleFiles.size() - 1, after);
        }
        checkLedger(before, after, names);
    }

    /**
     * How cycle files are named: after the roll cycle and epoch in the metadata, else the fallback's.
     */
    private CycleFiles names(final JournalRollCycle fallback)
    {
        final Path metadata = directory.resolve(METADATA_FILE);
        if (!Files.isRegularFile(metadata))
        {
            return new CycleFiles(fallback.chronicle(), 0);
        }
        final QueueFileCheck.Roll roll = QueueFileCheck.metadata(metadata);
        if (null != roll.problem())
        {
            problem(metadata, roll.problem());
            return new CycleFiles(fallback.chronicle(), 0);
        }
        for (final JournalRollCycle candidate : JournalRollCycle.values())
        {
            final RollCycle rollCycle = candidate.chronicle();
            if (rollCycle.format().equals(roll.format()) && rollCycle.lengthInMillis() == roll.lengthMs())
            {
                return new CycleFiles(rollCycle, roll.epochMs());
            }
        }
        problem(metadata, "names a roll cycle no journal has (cycles of " + roll.lengthMs() + " ms named '" +
            roll.format() + "')");
        return new CycleFiles(fallback.chronicle(), 0);
    }

    private void classify(final Path entry, final CycleFiles names)
    {
        final String name = JournalFiles.nameOf(entry);
        if (Files.isDirectory(entry))
        {
            problem(entry, "is a directory, which is not part of a journal");
        }
        else if (KNOWN_FILES.contains(name))
        {
            if (!Files.isRegularFile(entry))
            {
                problem(entry, "is not a regular file");
            }
        }
        else if (name.endsWith(CycleFiles.SUFFIX) && Files.isRegularFile(entry))
        {
            final int cycle = names.cycleOf(name);
            if (CycleFiles.NOT_A_CYCLE == cycle)
            {
                problem(entry, "is named like a cycle file but is not one of this journal's roll cycle");
            }
            else
            {
                cycleFiles.add(new CycleFiles.CycleFile(cycle, entry));
            }
        }
        else
        {
            problem(entry, "is not part of a journal");
        }
    }

    private void checkCycleFile(
        final CycleFiles.CycleFile file, final boolean newest, final CycleLedger.Contents ledger)
    {
        if (!Files.exists(file.path()) && file.cycle() <= ledger.releasedThrough())
        {
            return; // released while this check ran
        }
        QueueFileCheck.CycleSummary summary = QueueFileCheck.cycleFile(file.path(), batched);
        // the newest file may be in the middle of being created or written by a live writer: a problem must persist
        for (int again = 0; newest && null != summary.problem() && again < NEWEST_RECHECKS; again++)
        {
            summary = QueueFileCheck.cycleFile(file.path(), batched);
        }
        final boolean expected = ledger.lists(file.cycle()) && file.cycle() > ledger.releasedThrough();
        if (null != summary.problem())
        {
            problem(file.path(), summary.problem());
        }
        else if (summary.unwritten() && (!newest || expected))
        {
            problem(file.path(), "holds nothing, not even a Chronicle header, but " + (expected ?
                "the cycle ledger says records were appended to it: they were lost" :
                "a later cycle file exists: it was emptied or overwritten with zeros"));
        }
        else if (expected && 0 == summary.records())
        {
            problem(file.path(), "holds no records, but the cycle ledger says records were appended to it: they " +
                "were lost");
        }
        records += summary.records();
        documents += summary.documents();
    }

    /**
     * Every cycle the ledger listed before the files were listed, and has not released since, must have its file.
     */
    private void checkLedger(
        final CycleLedger.Contents before, final CycleLedger.Contents after, final CycleFiles names)
    {
        if (null != before.problem() || null != after.problem())
        {
            return;
        }
        final int[] present = cycleFiles.stream().mapToInt(CycleFiles.CycleFile::cycle).toArray();
        for (final int cycle : before.cycles())
        {
            if (cycle > after.releasedThrough() && Arrays.binarySearch(present, cycle) < 0)
            {
                problem(names.pathOf(directory, cycle), "is missing: the cycle ledger " + CycleLedger.FILE_NAME +
                    " says records were appended in cycle " + cycle + ", and no release removed it; a cycle file " +
                    "in the middle or at the end of the journal was lost");
            }
        }
    }

    private void problem(final Path file, final String reason)
    {
        problems.add(new JournalInspection.Problem(file, reason));
    }
}
