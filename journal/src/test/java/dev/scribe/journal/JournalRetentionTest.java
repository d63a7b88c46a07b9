package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import org.agrona.concurrent.EpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Cycles roll with the journal's clock; retention keeps the newest cycles and reading carries on across cycles.
 */
class JournalRetentionTest
{
    @TempDir
    Path dir;

    private final AtomicLong nowMs = new AtomicLong(1_700_000_000_000L);
    private final EpochClock clock = nowMs::get;

    @Test
    void readsAcrossCyclesAndKeepsEverythingByDefault() throws IOException
    {
        final List<Long> positions = appendOverCycles(new JournalContext().directory(dir), 5);
        assertEquals(5, cycleFiles());
        try (Journal journal = Journal.openReadOnly(dir))
        {
            final List<Long> read = new ArrayList<>();
            journal.replay(Journal.NULL_POSITION, (position, record) -> read.add(position));
            assertEquals(positions, read);
            final List<Long> paged = new ArrayList<>();
            long cursor = Journal.NULL_POSITION;
            JournalPage page;
            do
            {
                page = journal.readForward(cursor, 2);
                page.entries().forEach(entry -> paged.add(entry.position()));
                cursor = page.nextCursor();
            }
            while (!page.end());
            assertEquals(positions, paged);
        }
    }

    @Test
    void retentionDeletesOldCycles() throws IOException
    {
        final List<Long> positions = appendOverCycles(new JournalContext().directory(dir).retainCycles(2), 5);
        assertEquals(2, cycleFiles());
        try (Journal journal = Journal.openReadOnly(dir))
        {
            final List<Long> read = new ArrayList<>();
            journal.replay(Journal.NULL_POSITION, (position, record) -> read.add(position));
            assertEquals(positions.subList(positions.size() - 6, positions.size()), read);
        }
    }

    @Test
    void retentionKeepsTheCycleOfTheRetentionFloor() throws IOException
    {
        final List<Long> positions = new ArrayList<>();
        final RecordWriter writer = new RecordWriter();
        try (Journal journal = Journal.open(new JournalContext().directory(dir).retainCycles(2)
            .rollCycle(JournalRollCycle.SECONDLY).epochClock(clock)))
        {
            for (int cycle = 0; cycle < 5; cycle++)
            {
                for (int i = 0; i < 3; i++)
                {
                    positions.add(journal.append(TestRecords.record(writer, positions.size() + 1, 1)));
                }
                if (cycle == 0)
                {
                    journal.retentionFloor(positions.get(1));
                }
                nowMs.addAndGet(1_000);
            }
            assertEquals(5, cycleFiles(), "the floor's cycle and every later one are kept");
            assertEquals(positions.get(0), journal.firstPosition());

            journal.retentionFloor(positions.get(9)); // the fourth cycle
            journal.append(TestRecords.record(writer, positions.size() + 1, 1)); // a sixth cycle starts
            assertEquals(3, cycleFiles(), "the floor moved on: retention keeps the last two and the floor's");
            assertEquals(positions.get(9), journal.firstPosition());
        }
    }

    private List<Long> appendOverCycles(final JournalContext context, final int cycles)
    {
        final List<Long> positions = new ArrayList<>();
        final RecordWriter writer = new RecordWriter();
        try (Journal journal = Journal.open(context.rollCycle(JournalRollCycle.SECONDLY).epochClock(clock)))
        {
            for (int cycle = 0; cycle < cycles; cycle++)
            {
                for (int i = 0; i < 3; i++)
                {
                    positions.add(journal.append(TestRecords.record(writer, positions.size() + 1, 1)));
                }
                journal.sync(positions.get(positions.size() - 1));
                nowMs.addAndGet(1_000);
            }
        }
        return positions;
    }

    private long cycleFiles() throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(file -> file.toString().endsWith(".cq4")).count();
        }
    }
}
