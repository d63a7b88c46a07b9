package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import org.agrona.concurrent.EpochClock;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Journals over several one-second cycles, some skipped, written with a clock the test moves; and comparisons of
 * journals record by record.
 */
final class TestJournals
{
    private TestJournals()
    {
    }

    /**
     * A clock the test moves, starting on a second boundary.
     */
    static final class ManualClock implements EpochClock
    {
        private final AtomicLong nowMs = new AtomicLong(1_700_000_000_000L);

        @Override
        public long time()
        {
            return nowMs.get();
        }

        void advanceMs(final long ms)
        {
            nowMs.addAndGet(ms);
        }

        void nextCycles(final int cycles)
        {
            advanceMs(cycles * JournalRollCycle.SECONDLY.lengthMs());
        }
    }

    /**
     * Settings of a journal rolling every second of a manual clock.
     */
    static JournalContext secondly(final Path directory, final ManualClock clock)
    {
        return new JournalContext().directory(directory).rollCycle(JournalRollCycle.SECONDLY).epochClock(clock);
    }

    /**
     * Append {@code recordsPerCycle[i]} records in each cycle, first moving the clock on by {@code 1 + skips[i]}
     * cycles (none before the first), records numbered from {@code firstN}.
     *
     * @return the positions, in order.
     */
    static List<Long> appendOverCycles(
        final Journal journal, final ManualClock clock, final int[] recordsPerCycle, final int[] skips,
        final long firstN)
    {
        final RecordWriter writer = new RecordWriter();
        final List<Long> positions = new ArrayList<>();
        long n = firstN;
        for (int cycle = 0; cycle < recordsPerCycle.length; cycle++)
        {
            if (cycle > 0)
            {
                clock.nextCycles(1 + skips[cycle]);
            }
            for (int i = 0; i < recordsPerCycle[cycle]; i++, n++)
            {
                positions.add(journal.append(TestRecords.record(writer, n, (int)(n % 3) + 1)));
            }
        }
        return positions;
    }

    /**
     * Every record of a journal, read forward in pages (small ones for small journals, so that they cross cycles).
     */
    static List<JournalEntry> readAll(final Journal journal)
    {
        final List<JournalEntry> entries = new ArrayList<>();
        long cursor = Journal.NULL_POSITION;
        JournalPage page;
        do
        {
            page = journal.readForward(cursor, entries.size() < 100 ? 7 : 1000);
            entries.addAll(page.entries());
            cursor = page.nextCursor();
        }
        while (!page.end());
        return entries;
    }

    static List<JournalEntry> readAll(final Path directory)
    {
        try (Journal journal = Journal.openReadOnly(directory))
        {
            return readAll(journal);
        }
    }

    /**
     * The same records at the same positions with the same bytes, and replay agrees with the pages.
     */
    static void assertSameRecords(final List<JournalEntry> expected, final Journal actual)
    {
        assertSameRecords(expected, readAll(actual));
        final List<Long> replayed = new ArrayList<>();
        actual.replay(Journal.NULL_POSITION, (position, record) ->
        {
            final JournalEntry entry = expected.get(replayed.size());
            assertEquals(entry.position(), position);
            final byte[] bytes = new byte[record.length()];
            record.buffer().getBytes(record.offset(), bytes);
            assertArrayEquals(bytes(entry), bytes, "record at " + position);
            replayed.add(position);
        });
        assertEquals(expected.size(), replayed.size());
        assertEquals(expected.isEmpty() ? Journal.NULL_POSITION : expected.get(expected.size() - 1).position(),
            actual.lastPosition());
    }

    static void assertSameRecords(final List<JournalEntry> expected, final List<JournalEntry> actual)
    {
        assertEquals(positions(expected), positions(actual));
        for (int i = 0; i < expected.size(); i++)
        {
            assertArrayEquals(bytes(expected.get(i)), bytes(actual.get(i)), "record at " + expected.get(i).position());
        }
    }

    static List<Long> positions(final List<JournalEntry> entries)
    {
        return entries.stream().map(JournalEntry::position).toList();
    }

    static byte[] bytes(final JournalEntry entry)
    {
        final byte[] bytes = new byte[entry.bytes().capacity()];
        entry.bytes().getBytes(0, bytes);
        return bytes;
    }

    /**
     * Names of the cycle files of a journal, sorted.
     */
    static List<String> cycleFiles(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".cq4")).sorted()
                .toList();
        }
    }

    /**
     * Whatever is next to a journal directory: leftovers of a truncation would be here.
     */
    static List<String> siblings(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.list(directory.toAbsolutePath().getParent()))
        {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * Flip bits inside the first occurrence of a string in a journal's cycle files, in place.
     */
    static void flipInside(final Path journalDir, final String marker) throws IOException
    {
        final byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        for (final String name : cycleFiles(journalDir))
        {
            try (FileChannel channel = FileChannel.open(journalDir.resolve(name), StandardOpenOption.READ,
                StandardOpenOption.WRITE))
            {
                final MappedByteBuffer bytes = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
                final int at = indexOf(bytes, needle);
                if (at >= 0)
                {
                    bytes.put(at + 3, (byte)(bytes.get(at + 3) ^ 0x5A));
                    bytes.put(at + 4, (byte)(bytes.get(at + 4) ^ 0x01));
                    bytes.force();
                    return;
                }
            }
        }
        throw new AssertionError(marker + " not found in " + journalDir);
    }

    private static int indexOf(final MappedByteBuffer haystack, final byte[] needle)
    {
        outer:
        for (int i = 0; i + needle.length <= haystack.limit(); i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (haystack.get(i + j) != needle[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * Delete a directory and everything in it.
     */
    static void delete(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.walk(directory))
        {
            for (final Path path : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
    }
}
