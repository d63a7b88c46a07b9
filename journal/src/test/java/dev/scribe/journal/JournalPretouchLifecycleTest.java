package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pretouching thread follows the writer from cycle to cycle, holds no file the journal has let go of, stops at
 * every close, and leaves the journal's bytes as they would be without it.
 */
class JournalPretouchLifecycleTest
{
    private static final String THREAD = "scribe-journal-pretouch";

    @TempDir
    Path dir;

    private final RecordWriter writer = new RecordWriter();

    @AfterEach
    void clearProperty()
    {
        System.clearProperty(JournalContext.Configuration.PRETOUCH_BYTES_PROP_NAME);
        Thread.interrupted();
    }

    @Test
    void theThreadFollowsTheRollsAndHoldsNoCycleFileThatRetentionDeleted() throws IOException
    {
        final TestJournals.ManualClock clock = new TestJournals.ManualClock();
        final Path journalDir = dir.resolve("j");
        try (Journal journal = Journal.open(TestJournals.secondly(journalDir, clock).retainCycles(2)))
        {
            final List<Long> positions = TestJournals.appendOverCycles(
                journal, clock, new int[] {20, 20, 20, 20, 20}, new int[] {0, 0, 0, 0, 0}, 1);
            assertEquals(2, TestJournals.cycleFiles(journalDir).size());
            Deadlines.await(() -> deletedCycleFilesOpen(journalDir).isEmpty(),
                () -> "no deleted cycle file to be held open: " + deletedCycleFilesOpen(journalDir),
                Deadlines.standard());
            assertEquals(positions.subList(60, 100), TestJournals.positions(TestJournals.readAll(journal)));
        }
        awaitNothingOpenUnder(journalDir);
    }

    @Test
    void aCloseOnAnInterruptedThreadHasStoppedThePretouchingThreadWhenItReturns()
    {
        for (int round = 0; round < 20; round++)
        {
            final Path journalDir = dir.resolve("j" + round);
            final Journal journal = Journal.open(new JournalContext().directory(journalDir));
            journal.append(TestRecords.record(writer, 1, 1));
            final List<Thread> pretouching = pretouchingThreads();
            assertEquals(1, pretouching.size());
            Thread.currentThread().interrupt();
            journal.close();
            final boolean alive = pretouching.get(0).isAlive();
            assertTrue(Thread.interrupted(), "the closer's interrupt is kept for it");
            assertFalse(alive, "the pretouching thread has stopped when close returns, round " + round);
            assertEquals(1, TestJournals.readAll(journalDir).size());
        }
    }

    @Test
    void journalsOpenedAndClosedOverAndOverLeaveNoThreadAndNoFileOpen() throws IOException
    {
        final long before = threads();
        final Path journalDir = dir.resolve("j");
        for (int round = 0; round < 30; round++)
        {
            try (Journal journal = Journal.open(new JournalContext().directory(journalDir)))
            {
                if (round % 3 != 0) // and some closed before any append
                {
                    journal.append(TestRecords.record(writer, round, 1));
                }
            }
            assertEquals(before, threads(), "no pretouching thread is left after close, round " + round);
        }
        awaitNothingOpenUnder(journalDir);
        assertEquals(20, TestJournals.readAll(journalDir).size());
    }

    @Test
    void theCycleFilesAreTheSameByteForByteWithAndWithoutPretouching() throws IOException
    {
        final Path with = dir.resolve("with");
        final Path without = dir.resolve("without");
        write(with, 64 * 1024);
        write(without, 0);
        final List<String> files = TestJournals.cycleFiles(with);
        assertEquals(files, TestJournals.cycleFiles(without));
        assertEquals(3, files.size());
        for (final String file : files)
        {
            assertArrayEquals(Files.readAllBytes(without.resolve(file)), Files.readAllBytes(with.resolve(file)), file);
        }
    }

    @Test
    void theSmallestAndLargestDistancesAreTakenAndTheLowestIntIsRefused()
    {
        for (final int bytes : new int[] {1, JournalContext.Configuration.PRETOUCH_BYTES_LIMIT})
        {
            final Path journalDir = dir.resolve("j" + bytes);
            try (Journal journal = Journal.open(new JournalContext().directory(journalDir).pretouchBytes(bytes)))
            {
                for (int n = 1; n <= 20; n++)
                {
                    journal.append(TestRecords.record(writer, n, 2));
                }
                assertEquals(20, TestJournals.readAll(journal).size());
            }
        }
        final JournalContext lowest = new JournalContext().directory(dir.resolve("low"))
            .pretouchBytes(Integer.MIN_VALUE);
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, lowest::conclude);
        assertTrue(refused.getMessage().contains("pretouchBytes"), refused.getMessage());
        final JournalContext above = new JournalContext().directory(dir.resolve("high"))
            .pretouchBytes(JournalContext.Configuration.PRETOUCH_BYTES_LIMIT + 1);
        assertThrows(IllegalArgumentException.class, above::conclude);
    }

    @Test
    void theSystemPropertySetsTheDistanceAndABadValueIsRefusedNamingIt()
    {
        final String property = JournalContext.Configuration.PRETOUCH_BYTES_PROP_NAME;
        System.setProperty(property, " 0x10000 ");
        assertEquals(0x10000, new JournalContext().directory(dir).conclude().pretouchBytes());
        System.setProperty(property, "0");
        final long before = threads();
        try (Journal journal = Journal.open(new JournalContext().directory(dir.resolve("off"))))
        {
            journal.append(TestRecords.record(writer, 1, 1));
            assertEquals(before, threads(), "0 from the property turns pretouching off");
        }
        for (final String bad : new String[] {"8MiB", "4294967296", ""})
        {
            System.setProperty(property, bad);
            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new JournalContext().directory(dir).conclude());
            assertTrue(refused.getMessage().contains(property), refused.getMessage());
        }
        System.setProperty(property, "-1");
        final IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
            () -> new JournalContext().directory(dir).conclude());
        assertTrue(negative.getMessage().contains("pretouchBytes"), negative.getMessage());
    }

    private void write(final Path journalDir, final int pretouchBytes)
    {
        final TestJournals.ManualClock clock = new TestJournals.ManualClock();
        try (Journal journal = Journal.open(TestJournals.secondly(journalDir, clock).pretouchBytes(pretouchBytes)))
        {
            TestJournals.appendOverCycles(journal, clock, new int[] {300, 1, 200}, new int[] {0, 1, 0}, 1);
        }
    }

    private static void awaitNothingOpenUnder(final Path directory)
    {
        Deadlines.await(() -> openUnderOrFail(directory).isEmpty(),
            () -> "every file of the closed journal to be let go of: " + openUnderOrFail(directory),
            Deadlines.standard());
    }

    private static List<Thread> pretouchingThreads()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> THREAD.equals(t.getName()) && t.isAlive()).toList();
    }

    private static long threads()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> THREAD.equals(t.getName()) && t.isAlive()).count();
    }

    /** The files under a directory this process has open, as their descriptors name them. */
    private static List<String> openUnder(final Path directory) throws IOException
    {
        final String prefix = directory.toAbsolutePath().toString();
        final List<String> open = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd")))
        {
            for (final Path fd : (Iterable<Path>)fds::iterator)
            {
                try
                {
                    final String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(prefix))
                    {
                        open.add(target);
                    }
                }
                catch (final IOException ignore)
                {
                    // closed meanwhile, or the listing's own descriptor
                }
            }
        }
        return open;
    }

    private static List<String> deletedCycleFilesOpen(final Path directory)
    {
        return openUnderOrFail(directory).stream().filter(f -> f.contains(".cq4") && f.endsWith("(deleted)"))
            .toList();
    }

    private static List<String> openUnderOrFail(final Path directory)
    {
        try
        {
            return openUnder(directory);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void noCycleFileIsHeldOpenByTheJournalItWasClosedFor() throws IOException
    {
        final Path journalDir = dir.resolve("j");
        try (Journal journal = Journal.open(new JournalContext().directory(journalDir)))
        {
            journal.append(TestRecords.record(writer, 1, 1));
            assertFalse(openUnder(journalDir).isEmpty(), "the open journal holds its files");
        }
        awaitNothingOpenUnder(journalDir);
    }
}
