package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.scribe.journal.TestJournals.ManualClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Truncation keeps every record before the cut at its position with its bytes, drops the others (into a journal of
 * their own if asked) and leaves a journal that appends carry on from.
 */
class JournalTruncationTest
{
    private static final int[] RECORDS_PER_CYCLE = {3, 4, 1, 5};
    private static final int[] SKIPS = {0, 2, 0, 3};

    /** How a property test picks the position to truncate from, given the index of the first record to drop. */
    enum Cut
    {
        /** The position of that record. */
        AT_RECORD,
        /** One past the record before it: the same position within a cycle, not across cycles. */
        AFTER_PREVIOUS,
        /** Sequence 0 of the cycle after the previous record's: drops the rest of no cycle but later ones. */
        NEXT_CYCLE
    }

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();

    @Property(tries = 30)
    void keepsWhatIsBeforeTheCutDropsTheRestAndAppendsCarryOn(
        @ForAll @Size(min = 1, max = 5) final List<@IntRange(min = 1, max = 6) Integer> recordsPerCycle,
        @ForAll @Size(5) final List<@IntRange(min = 0, max = 3) Integer> skips,
        @ForAll @IntRange(min = 0, max = 40) final int cut,
        @ForAll final Cut kind,
        @ForAll final boolean keepDropped) throws IOException
    {
        final Path base = Files.createTempDirectory("journal-truncation");
        try
        {
            final ManualClock ownClock = new ManualClock();
            final Path journalDir = base.resolve("journal");
            final Path droppedTo = keepDropped ? base.resolve("dropped") : null;
            final List<JournalEntry> original = build(journalDir, ownClock,
                recordsPerCycle.stream().mapToInt(Integer::intValue).toArray(),
                skips.stream().mapToInt(Integer::intValue).toArray());
            final long from = from(journalDir, original, cut % (original.size() + 1), kind);
            final List<JournalEntry> kept = original.stream().filter(entry -> entry.position() < from).toList();
            final List<JournalEntry> dropped = original.subList(kept.size(), original.size());

            final Truncation truncation =
                Journal.truncate(TestJournals.secondly(journalDir, ownClock), from, droppedTo);

            assertTruncation(truncation, from, kept, dropped);
            assertEquals(keepDropped && !dropped.isEmpty() ? List.of("dropped", "journal") : List.of("journal"),
                TestJournals.siblings(journalDir));
            if (keepDropped && !dropped.isEmpty())
            {
                TestJournals.assertSameRecords(droppedCopy(journalDir, original, dropped.get(0).position()),
                    TestJournals.readAll(droppedTo));
            }
            try (Journal journal = Journal.open(TestJournals.secondly(journalDir, ownClock)))
            {
                TestJournals.assertSameRecords(kept, journal);
                // what a rejoined standby does: the new primary's records go at their positions
                for (final JournalEntry entry : dropped)
                {
                    journal.appendAt(entry.position(), entry.bytes(), 0, entry.bytes().capacity());
                }
                TestJournals.assertSameRecords(original, journal);
                ownClock.nextCycles(1);
                final long next = journal.append(TestRecords.record(new RecordWriter(), 1000, 1));
                assertEquals(next, journal.lastPosition());
                assertTrue(next > original.get(original.size() - 1).position());
            }
        }
        finally
        {
            TestJournals.delete(base);
        }
    }

    @Test
    void truncatingAtOrBeyondTheEndChangesNothing() throws IOException
    {
        final Path journalDir = dir.resolve("journal");
        final List<JournalEntry> original = build(journalDir, clock, RECORDS_PER_CYCLE, SKIPS);
        final long last = original.get(original.size() - 1).position();
        for (final long from : new long[]{last + 1, last + 1000, Long.MAX_VALUE})
        {
            final Truncation truncation =
                Journal.truncate(TestJournals.secondly(journalDir, clock), from, dir.resolve("dropped"));
            assertEquals(new Truncation(from, Journal.NULL_POSITION, Journal.NULL_POSITION, 0, last), truncation);
            assertFalse(truncation.droppedAny());
            assertTrue(truncation.toString().contains("nothing at or after it"), truncation.toString());
            assertEquals(List.of("journal"), TestJournals.siblings(journalDir));
            TestJournals.assertSameRecords(original, TestJournals.readAll(journalDir));
        }

        final Path emptyDir = dir.resolve("empty");
        Journal.open(TestJournals.secondly(emptyDir, clock)).close();
        assertEquals(new Truncation(0, Journal.NULL_POSITION, Journal.NULL_POSITION, 0, Journal.NULL_POSITION),
            Journal.truncate(TestJournals.secondly(emptyDir, clock), 0, null));
    }

    @Test
    void truncatingFromTheFirstRecordEmptiesTheJournal() throws IOException
    {
        final Path journalDir = dir.resolve("journal");
        final List<JournalEntry> original = build(journalDir, clock, RECORDS_PER_CYCLE, SKIPS);
        final long first = original.get(0).position();
        final Truncation truncation = Journal.truncate(TestJournals.secondly(journalDir, clock), first, null);
        assertTruncation(truncation, first, List.of(), original);
        assertTrue(truncation.toString().contains("dropped 13 records (" + PositionFormat.position(first) + ".."),
            truncation.toString());
        assertTrue(truncation.toString().endsWith("last kept none"), truncation.toString());
        assertEquals(List.of(), TestJournals.cycleFiles(journalDir));
        try (Journal journal = Journal.open(TestJournals.secondly(journalDir, clock)))
        {
            assertEquals(Journal.NULL_POSITION, journal.lastPosition());
            final long position = journal.append(TestRecords.record(new RecordWriter(), 1, 1));
            assertEquals(List.of(position), TestJournals.positions(TestJournals.readAll(journal)));
        }
    }

    @Test
    void aWriterThatHasTheJournalOpenIsNotTruncatedUnder() throws IOException
    {
        final Path journalDir = dir.resolve("journal");
        final List<JournalEntry> original = build(journalDir, clock, RECORDS_PER_CYCLE, SKIPS);
        try (Journal writer = Journal.open(TestJournals.secondly(journalDir, clock)))
        {
            final JournalException ex = assertThrows(JournalException.class,
                () -> Journal.truncate(TestJournals.secondly(journalDir, clock), original.get(2).position(), null));
            assertTrue(ex.getMessage().contains("cannot truncate journal " + journalDir), ex.getMessage());
            assertTrue(ex.getMessage().contains("already open for writing"), ex.getMessage());
            TestJournals.assertSameRecords(original, writer);
        }
        assertEquals(List.of("journal"), TestJournals.siblings(journalDir));
    }

    @Test
    void aMissingJournalOrABadDroppedDirectoryIsRefused() throws IOException
    {
        final Path missing = dir.resolve("missing");
        final JournalException ex = assertThrows(JournalException.class,
            () -> Journal.truncate(TestJournals.secondly(missing, clock), 0, null));
        assertTrue(ex.getMessage().contains("does not exist"), ex.getMessage());
        assertFalse(Files.exists(missing));

        final Path journalDir = dir.resolve("journal");
        final List<JournalEntry> original = build(journalDir, clock, RECORDS_PER_CYCLE, SKIPS);
        final Path full = Files.createDirectories(dir.resolve("full"));
        Files.writeString(full.resolve("something"), "x");
        final JournalException fullEx = assertThrows(JournalException.class,
            () -> Journal.truncate(TestJournals.secondly(journalDir, clock), original.get(2).position(), full));
        assertTrue(fullEx.getMessage().contains(full + ", must not exist or be empty"), fullEx.getMessage());
        final JournalException insideEx = assertThrows(JournalException.class, () -> Journal.truncate(
            TestJournals.secondly(journalDir, clock), original.get(2).position(), journalDir.resolve("dropped")));
        assertTrue(insideEx.getMessage().contains("must be outside the journal directory"), insideEx.getMessage());
        TestJournals.assertSameRecords(original, TestJournals.readAll(journalDir));
        assertEquals(List.of("full", "journal"), TestJournals.siblings(journalDir));
        assertFalse(Files.exists(journalDir.resolve("dropped")));
    }

    @Test
    void aCorruptRecordStopsTheTruncationIfKeptAndIsCopiedAsItIsIfDropped() throws IOException
    {
        final Path journalDir = dir.resolve("journal");
        final List<JournalEntry> original = build(journalDir, clock, RECORDS_PER_CYCLE, SKIPS);
        final int victim = 5;
        TestJournals.flipInside(journalDir, "payload-" + (victim + 1) + "-0");
        final long victimPosition = original.get(victim).position();

        final Path droppedTo = dir.resolve("dropped");
        final CorruptRecordException ex = assertThrows(CorruptRecordException.class,
            () -> Journal.truncate(TestJournals.secondly(journalDir, clock), original.get(9).position(), droppedTo));
        assertEquals(victimPosition, ex.position());
        assertEquals(List.of("journal"), TestJournals.siblings(journalDir));
        try (Journal journal = Journal.openReadOnly(journalDir))
        {
            TestJournals.assertSameRecords(original.subList(0, victim), journal.readForward(0, victim).entries());
            TestJournals.assertSameRecords(original.subList(victim + 1, original.size()),
                journal.readForward(original.get(victim + 1).position(), 100).entries());
        }

        final Truncation truncation =
            Journal.truncate(TestJournals.secondly(journalDir, clock), victimPosition, droppedTo);
        assertTruncation(truncation, victimPosition, original.subList(0, victim),
            original.subList(victim, original.size()));
        TestJournals.assertSameRecords(original.subList(0, victim), TestJournals.readAll(journalDir));
        try (Journal dropped = Journal.openReadOnly(droppedTo))
        {
            assertEquals(victimPosition, assertThrows(CorruptRecordException.class,
                () -> dropped.replay(Journal.NULL_POSITION, (position, record) -> { })).position());
            TestJournals.assertSameRecords(original.subList(victim + 1, original.size()),
                dropped.readForward(original.get(victim + 1).position(), 100).entries());
        }
    }

    private static List<JournalEntry> build(
        final Path journalDir, final ManualClock clock, final int[] recordsPerCycle, final int[] skips)
    {
        try (Journal journal = Journal.open(TestJournals.secondly(journalDir, clock)))
        {
            TestJournals.appendOverCycles(journal, clock, recordsPerCycle, skips, 1);
            return TestJournals.readAll(journal);
        }
    }

    private static long from(final Path journalDir, final List<JournalEntry> entries, final int index, final Cut kind)
    {
        final long last = entries.get(entries.size() - 1).position();
        if (0 == index)
        {
            return kind == Cut.AT_RECORD ? entries.get(0).position() : 0;
        }
        final long previous = entries.get(index - 1).position();
        return switch (kind)
        {
            case AT_RECORD -> index < entries.size() ? entries.get(index).position() : last + 1;
            case AFTER_PREVIOUS -> previous + 1;
            case NEXT_CYCLE -> nextCycleStart(journalDir, previous);
        };
    }

    /**
     * What the copy of the dropped records holds: they and, since a Chronicle cycle starts at sequence 0, the kept
     * records of the first dropped one's cycle.
     */
    private static List<JournalEntry> droppedCopy(
        final Path journalDir, final List<JournalEntry> original, final long firstDropped)
    {
        final long cycleStart;
        try (Journal journal = Journal.openReadOnly(journalDir))
        {
            cycleStart = journal.queue().rollCycle().toIndex(journal.cycleOf(firstDropped), 0);
        }
        return original.stream().filter(entry -> entry.position() >= cycleStart).toList();
    }

    private static long nextCycleStart(final Path journalDir, final long position)
    {
        try (Journal journal = Journal.openReadOnly(journalDir))
        {
            return journal.queue().rollCycle().toIndex(journal.cycleOf(position) + 1, 0);
        }
    }

    static void assertTruncation(
        final Truncation truncation, final long from, final List<JournalEntry> kept, final List<JournalEntry> dropped)
    {
        assertEquals(from, truncation.fromPosition());
        assertEquals(dropped.size(), truncation.droppedCount());
        assertEquals(dropped.isEmpty() ? Journal.NULL_POSITION : dropped.get(0).position(), truncation.firstDropped());
        assertEquals(dropped.isEmpty() ? Journal.NULL_POSITION : dropped.get(dropped.size() - 1).position(),
            truncation.lastDropped());
        assertEquals(kept.isEmpty() ? Journal.NULL_POSITION : kept.get(kept.size() - 1).position(),
            truncation.lastKept());
    }
}
