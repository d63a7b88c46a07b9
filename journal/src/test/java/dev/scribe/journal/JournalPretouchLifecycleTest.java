package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
    void releaseTruncationAndReopenWhilePretouchingLoseNothingAndLeaveNoFileOpen() throws IOException
    {
        final TestJournals.ManualClock clock = new TestJournals.ManualClock();
        final Path journalDir = dir.resolve("j");
        final Path archive = dir.resolve("archive");
        final List<Long> kept;
        try (Journal journal = Journal.open(TestJournals.secondly(journalDir, clock)))
        {
            final List<Long> positions = TestJournals.appendOverCycles(
                journal, clock, new int[] {30, 30, 30, 30}, new int[] {0, 0, 0, 0}, 1);
            assertEquals(2, journal.releaseBefore(positions.get(60), archive).size());
            for (int n = 121; n <= 150; n++)
            {
                positions.add(journal.append(TestRecords.record(writer, n, 2)));
            }
            kept = positions.subList(60, 150);
            assertEquals(kept, TestJournals.positions(TestJournals.readAll(journal)));
            assertEquals(List.of(), openUnderOrFail(archive), "no released file is held open");
        }
        awaitNothingOpenUnder(journalDir);
        Journal.truncate(TestJournals.secondly(journalDir, clock), kept.get(45), null);
        clock.nextCycles(1);
        try (Journal journal = Journal.open(TestJournals.secondly(journalDir, clock)))
        {
            final List<Long> afterwards = new ArrayList<>(kept.subList(0, 45));
            for (int n = 1; n <= 40; n++)
            {
                afterwards.add(journal.append(TestRecords.record(writer, 1000 + n, 3)));
            }
            assertEquals(afterwards, TestJournals.positions(TestJournals.readAll(journal)));
            assertEquals(1, threads(), "the reopened journal pretouches");
        }
        awaitNothingOpenUnder(journalDir);
        assertEquals(0, threads());
    }

    @Test
    void aJournalClosedFromAnotherThreadWhileItsWriterAppendsStopsThePretouchingThread() throws Exception
    {
        final long before = threads();
        final Path journalDir = dir.resolve("j");
        final Journal journal = Journal.open(new JournalContext().directory(journalDir).pretouchBytes(64 * 1024));
        final AtomicLong appended = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread appending = new Thread(() ->
        {
            final RecordWriter own = new RecordWriter();
            try
            {
                for (long n = 1; ; n++)
                {
                    journal.append(TestRecords.record(own, n, 2));
                    appended.set(n);
                }
            }
            catch (final Throwable ex)
            {
                failure.set(ex);
            }
        });
        appending.start();
        Deadlines.await(() -> appended.get() >= 2000, "the writer to append");
        journal.close();
        appending.join(Deadlines.standard().toMillis());
        assertFalse(appending.isAlive(), "the writer stops at the closed journal");
        assertTrue(failure.get() instanceof RuntimeException, String.valueOf(failure.get()));
        assertEquals(before, threads(), "the pretouching thread has stopped");
        awaitNothingOpenUnder(journalDir);
        assertTrue(TestJournals.readAll(journalDir).size() >= 2000);
    }

    @Test
    void aRollClosesTheChannelOnTheFileBeforeAndTheNextFileIsPretouched() throws IOException
    {
        final int chunk = JournalPretoucher.CHUNK_BYTES;
        final Path first = sized(dir.resolve("first.cq4"), 2L * chunk);
        final Path second = sized(dir.resolve("second.cq4"), 3L * chunk);
        try (JournalPretoucher pretoucher = new JournalPretoucher(8L * chunk, THREAD))
        {
            pretoucher.wrote(first.toFile(), 0);
            Deadlines.await(() -> pretoucher.touched() == 2L * chunk, "the first file to be pretouched");
            assertEquals(List.of(first.toString()), openUnder(dir), "one channel, on the file written");
            pretoucher.wrote(second.toFile(), 100);
            Deadlines.await(() -> pretoucher.touched() == 3L * chunk, "the second file to be pretouched");
            assertEquals(List.of(second.toString()), openUnder(dir), "the channel on the first file is closed");
        }
        assertEquals(List.of(), openUnder(dir), "close closes the channel");
    }

    @Test
    void aFileShorterThanTheWritePositionIsReadOnceItGrows() throws IOException
    {
        final int chunk = JournalPretoucher.CHUNK_BYTES;
        final Path file = sized(dir.resolve("short.cq4"), chunk);
        try (JournalPretoucher pretoucher = new JournalPretoucher(8L * chunk, THREAD))
        {
            pretoucher.wrote(file.toFile(), 3L * chunk);
            Deadlines.await(() -> openUnderOrFail(dir).contains(file.toString()), "the file to be opened");
            sized(file, 6L * chunk);
            pretoucher.wrote(file.toFile(), 3L * chunk + 10);
            Deadlines.await(() -> pretoucher.touched() == 6L * chunk, "the grown file to be pretouched to its end");
        }
        assertEquals(6L * chunk, Files.size(file), "the file is as the test made it");
        assertEquals(List.of(), openUnder(dir));
    }

    private static Path sized(final Path file, final long length) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.setLength(length);
        }
        return file;
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
        for (final String outOfRange : new String[] {"-1", "1073741825", "-2147483648"})
        {
            System.setProperty(property, outOfRange);
            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new JournalContext().directory(dir).conclude());
            assertTrue(refused.getMessage().contains(property), refused.getMessage());
        }
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
