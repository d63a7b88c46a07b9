package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordView;
import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.test.Deadlines;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static dev.scribe.journal.TestJournals.ManualClock;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every document goes to the Chronicle index worked out for it when its records were given their positions, in the
 * cycle those positions name, whatever the clock does between the staging of a record and the writing of its
 * document: a roll to a later cycle, a clock that runs backwards or jumps at every read, a reopened journal, a
 * standby whose clock is behind or ahead of its primary's positions, a truncation's copy; in both formats, with and
 * without record MACs. A document that cannot be written leaves the clock reading as it is and the journal refusing
 * appends; no thread but the writer ever reads a time other than the clock's.
 */
class JournalDocumentPlacementTest
{
    private static final byte[] KEY = HexFormat.of().parseHex(
        "4a6f75726e616c20706c6163656d656e74206b657920666f7220746573747321");
    private static final long CYCLE_MS = JournalRollCycle.SECONDLY.lengthMs();
    private static final long START_MS = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final RecordWriter writer = new RecordWriter();
    private final List<Long> positions = new ArrayList<>();
    private final List<byte[]> records = new ArrayList<>();

    /**
     * A clock that moves on by some cycles every time it is read, by any thread.
     */
    static final class LeapingClock implements EpochClock
    {
        private final AtomicLong nowMs;
        private final long leapMs;

        LeapingClock(final long startMs, final int cyclesPerRead)
        {
            nowMs = new AtomicLong(startMs);
            leapMs = cyclesPerRead * CYCLE_MS;
        }

        @Override
        public long time()
        {
            return nowMs.getAndAdd(leapMs);
        }
    }

    @Test
    void aDocumentStagedBeforeTheClockRollsIsWrittenInTheCycleOfItsPositions()
    {
        final ManualClock clock = new ManualClock();
        try (Journal journal = Journal.open(TestJournals.secondly(dir, clock).maxBatchRecords(3)))
        {
            append(journal, 1);
            append(journal, 2);
            journal.beginBatch();
            append(journal, 3);
            append(journal, 4);
            clock.nextCycles(3);
            append(journal, 5); // fills the document begun before the roll
            append(journal, 6); // writes it, and begins the next in the clock's cycle
            append(journal, 7);
            assertEquals(positions.get(6), journal.commitBatch());
            append(journal, 8);

            final int first = journal.cycleOf(positions.get(0));
            for (int i = 0; i < 8; i++)
            {
                final long position = positions.get(i);
                assertEquals(i < 5 ? first : first + 3, journal.cycleOf(position), "cycle of record " + (i + 1));
                assertEquals(i < 5 ? i : i - 5, journal.sequenceOf(position), "sequence of record " + (i + 1));
            }
            assertHoldsEveryRecordAtItsPosition(journal);
            assertEquals(5, assertDocumentsFollowOnInTheCyclesOfTheirPositions(journal, RecordMac.NONE));

            // the clock runs back past the last cycle: appends at the clock are refused, nothing is lost, and a
            // position named by the caller still goes where it says
            clock.advanceMs(-5 * CYCLE_MS);
            final JournalException back = assertThrows(JournalException.class, () -> journal.append(
                TestRecords.record(writer, 9, 1)));
            assertTrue(back.getMessage().contains("before the cycle of its last position"), back.getMessage());
            appendAt(journal, positions.get(7) + 1, 9);
            journal.beginBatch();
            appendAt(journal, positions.get(8) + 1, 10);
            appendAt(journal, positions.get(9) + 1, 11);
            journal.commitBatch();
            clock.nextCycles(5);
            append(journal, 12);
            assertEquals(first + 3, journal.cycleOf(positions.get(11)));
            assertEquals(6, journal.sequenceOf(positions.get(11)));
            assertHoldsEveryRecordAtItsPosition(journal);
            assertDocumentsFollowOnInTheCyclesOfTheirPositions(journal, RecordMac.NONE);
        }
        try (Journal journal = Journal.openReadOnly(dir))
        {
            assertHoldsEveryRecordAtItsPosition(journal);
            assertEquals(8, assertDocumentsFollowOnInTheCyclesOfTheirPositions(journal, RecordMac.NONE));
        }
    }

    @Test
    void aClockThatRunsBackInsideABatchLeavesItsDocumentsInTheCycleOfTheirPositions()
    {
        final ManualClock clock = new ManualClock();
        try (Journal journal = Journal.open(TestJournals.secondly(dir, clock).maxBatchRecords(2)))
        {
            append(journal, 1);
            journal.beginBatch();
            append(journal, 2);
            clock.advanceMs(-3 * CYCLE_MS);
            append(journal, 3); // joins the open document, whose cycle is the last one's
            final JournalException back = assertThrows(JournalException.class,
                () -> journal.append(TestRecords.record(writer, 4, 1))); // writes the full document, then refuses
            assertTrue(back.getMessage().contains("before the cycle of its last position"), back.getMessage());
            assertTrue(journal.inBatch());
            assertEquals(positions.get(2), journal.lastPosition(), "the full document was written");
            clock.advanceMs(3 * CYCLE_MS);
            append(journal, 4);
            append(journal, 5);
            clock.nextCycles(1);
            append(journal, 6); // writes the document of 4 and 5 in their cycle, and begins one in the clock's
            assertEquals(positions.get(5), journal.commitBatch());
            final int first = journal.cycleOf(positions.get(0));
            for (int i = 0; i < 6; i++)
            {
                final String what = "record " + (i + 1);
                assertEquals(i < 5 ? first : first + 1, journal.cycleOf(positions.get(i)), "cycle of " + what);
                assertEquals(i < 5 ? i : 0, journal.sequenceOf(positions.get(i)), "sequence of " + what);
            }
            assertHoldsEveryRecordAtItsPosition(journal);
            assertEquals(4, assertDocumentsFollowOnInTheCyclesOfTheirPositions(journal, RecordMac.NONE));
        }
    }

    @Test
    void aKeyedPrimaryThatCopiesPositionsAndAppendsAgainKeepsEveryRecordAtThePositionItsMacNames()
    {
        for (final JournalFormat format : JournalFormat.values())
        {
            positions.clear();
            records.clear();
            final Path journalDir = dir.resolve(format.name());
            final ManualClock clock = new ManualClock();
            try (Journal journal = Journal.open(context(journalDir, clock, format, true)))
            {
                append(journal, 1);
                append(journal, 2);
                // demoted: it copies a primary's next positions while its own clock runs ahead
                clock.nextCycles(4);
                appendAt(journal, positions.get(1) + 1, 3);
                journal.beginBatch();
                appendAt(journal, positions.get(2) + 1, 4);
                appendAt(journal, positions.get(3) + 1, 5);
                journal.commitBatch();
                // promoted again: appends go to the clock's cycle
                append(journal, 6);
                journal.beginBatch();
                append(journal, 7);
                append(journal, 8);
                journal.commitBatch();
                appendAt(journal, positions.get(7) + 1, 9);
            }
            final int first = cycleOf(positions.get(0));
            for (int i = 0; i < positions.size(); i++)
            {
                assertEquals(i < 5 ? first : first + 4, cycleOf(positions.get(i)), format + " record " + (i + 1));
                assertEquals(i < 5 ? i : i - 5, JournalRollCycle.SECONDLY.chronicle().toSequenceNumber(
                    positions.get(i)), format + " record " + (i + 1));
            }
            try (Journal journal = Journal.open(context(journalDir, clock, format, true).readOnly(true)))
            {
                assertHoldsEveryRecordAtItsPosition(journal);
                if (format == JournalFormat.V2)
                {
                    assertDocumentsFollowOnInTheCyclesOfTheirPositions(journal, RecordMac.forJournal(journalDir,
                        context(journalDir, clock, format, true).conclude(), false, false));
                }
            }
        }
    }

    @Test
    void aStandbyWhoseClockIsBehindItsPrimaryPutsEveryDocumentAtItsPosition() throws Exception
    {
        copyInEveryFormat("behind", () -> START_MS - 50 * CYCLE_MS);
    }

    @Test
    void aStandbyWhoseClockIsAheadOfItsPrimaryPutsEveryDocumentAtItsPosition() throws Exception
    {
        final ManualClock ahead = new ManualClock();
        ahead.nextCycles(1000);
        copyInEveryFormat("ahead", ahead);
    }

    @Test
    void aStandbyWhoseClockJumpsACycleAtEveryReadPutsEveryDocumentAtItsPosition() throws Exception
    {
        // it starts behind the primary's positions and overtakes them while copying
        copyInEveryFormat("leaping", new LeapingClock(START_MS - 20 * CYCLE_MS, 1));
    }

    @Test
    void appendsAfterAReopenGoOnFromTheLastDocumentWhereverTheClockIs()
    {
        for (final JournalFormat format : JournalFormat.values())
        {
            positions.clear();
            records.clear();
            final Path journalDir = dir.resolve(format.name());
            final ManualClock clock = new ManualClock();
            try (Journal journal = Journal.open(TestJournals.secondly(journalDir, clock).newJournalFormat(format)))
            {
                append(journal, 1);
                append(journal, 2);
                journal.beginBatch();
                append(journal, 3);
                append(journal, 4);
                journal.commitBatch();
            }
            try (Journal journal = Journal.open(TestJournals.secondly(journalDir, clock)))
            {
                append(journal, 5);
                journal.beginBatch();
                append(journal, 6);
                append(journal, 7);
                journal.commitBatch();
            }
            clock.advanceMs(-4 * CYCLE_MS);
            try (Journal journal = Journal.open(TestJournals.secondly(journalDir, clock)))
            {
                assertThrows(JournalException.class, () -> journal.append(TestRecords.record(writer, 8, 1)));
                appendAt(journal, positions.get(6) + 1, 8);
                journal.beginBatch();
                appendAt(journal, positions.get(7) + 1, 9);
                appendAt(journal, positions.get(8) + 1, 10);
                journal.commitBatch();
            }
            clock.nextCycles(9);
            try (Journal journal = Journal.open(TestJournals.secondly(journalDir, clock)))
            {
                appendAt(journal, positions.get(9) + 1, 11);
                append(journal, 12);
                journal.beginBatch();
                append(journal, 13);
                append(journal, 14);
                journal.commitBatch();
            }
            final int first = cycleOf(positions.get(0));
            for (int i = 0; i < positions.size(); i++)
            {
                assertEquals(i < 11 ? first : first + 5, cycleOf(positions.get(i)), format + " record " + (i + 1));
            }
            try (Journal journal = Journal.openReadOnly(journalDir))
            {
                assertEquals(format.version(), journal.formatVersion());
                assertHoldsEveryRecordAtItsPosition(journal);
                if (format == JournalFormat.V2)
                {
                    assertDocumentsFollowOnInTheCyclesOfTheirPositions(journal, RecordMac.NONE);
                }
                assertTailedInOrder(journal);
            }
        }
    }

    @Test
    void aDocumentThatCannotBeWrittenLeavesTheClockAsItIsAndTheJournalRefusingUntilReopened()
    {
        final ManualClock clock = new ManualClock();
        try (Journal journal = Journal.open(TestJournals.secondly(dir, clock)))
        {
            append(journal, 1);
            append(journal, 2);
            append(journal, 3);
            final int cycle = journal.cycleOf(positions.get(0));
            journal.beginBatch();
            final long lost = journal.append(TestRecords.record(writer, 4, 1));
            journal.append(TestRecords.record(writer, 5, 1));
            clock.nextCycles(2);
            // the queue closes under the journal: the document cannot be written
            journal.queue().close();
            final JournalException failed = assertThrows(JournalException.class, journal::commitBatch);
            assertTrue(failed.getMessage().contains("which are lost"), failed.getMessage());
            assertFalse(journal.inBatch());
            // the writing thread reads the clock as it is, not the cycle of the document it failed to write
            assertEquals(clock.time(), journal.queue().time().currentTimeMillis());
            assertEquals(cycle + 2, journal.queue().cycle());
            final JournalException refused = assertThrows(JournalException.class,
                () -> journal.append(TestRecords.record(writer, 6, 1)));
            assertTrue(refused.getMessage().contains("refuses appends until it is reopened"), refused.getMessage());
            final byte[] bytes = recordBytes(6);
            final JournalException refusedAt = assertThrows(JournalException.class,
                () -> journal.appendAt(lost, new UnsafeBuffer(bytes), 0, bytes.length));
            assertTrue(refusedAt.getMessage().contains("refuses appends until it is reopened"),
                refusedAt.getMessage());
        }
        try (Journal journal = Journal.open(TestJournals.secondly(dir, clock)))
        {
            assertHoldsEveryRecordAtItsPosition(journal);
            append(journal, 6);
            append(journal, 7);
            assertEquals(journal.cycleOf(positions.get(0)) + 2, journal.cycleOf(positions.get(3)));
            assertEquals(0, journal.sequenceOf(positions.get(3)));
            assertEquals(positions.get(3) + 1, positions.get(4));
            assertHoldsEveryRecordAtItsPosition(journal);
            assertDocumentsFollowOnInTheCyclesOfTheirPositions(journal, RecordMac.NONE);
        }
    }

    @Test
    void noOtherThreadReadsAnyTimeButTheClocksWhileDocumentsAreWrittenInAnEarlierCycle() throws Exception
    {
        final ManualClock clock = new ManualClock();
        clock.nextCycles(100);
        final int count = 3000;
        try (Journal journal = Journal.open(TestJournals.secondly(dir, clock)))
        {
            final long now = clock.time();
            final int clockCycle = journal.queue().cycle();
            final long start = journal.queue().rollCycle().toIndex(clockCycle - 100, 0);
            final AtomicBoolean done = new AtomicBoolean();
            final AtomicReference<String> seen = new AtomicReference<>();
            final AtomicLong reads = new AtomicLong();
            final Thread reader = new Thread(() ->
            {
                while (!done.get() && null == seen.get())
                {
                    final long time = journal.queue().time().currentTimeMillis();
                    final int cycle = journal.queue().cycle();
                    if (time != now || cycle != clockCycle)
                    {
                        seen.set("time " + time + " in cycle " + cycle);
                    }
                    reads.incrementAndGet();
                }
            }, "clock-reader");
            final List<Long> tailed = new CopyOnWriteArrayList<>();
            final AtomicReference<Throwable> tailerFailure = new AtomicReference<>();
            final Thread tailerThread = new Thread(() ->
            {
                try (JournalTailer tailer = journal.tailer(Journal.NULL_POSITION))
                {
                    while (tailed.size() < count && !done.get())
                    {
                        if (0 == tailer.poll((position, record) -> tailed.add(position), 100))
                        {
                            Thread.yield();
                        }
                    }
                }
                catch (final RuntimeException | AssertionError ex)
                {
                    tailerFailure.set(ex);
                }
            }, "tailer");
            reader.start();
            tailerThread.start();
            try (JournalTailer own = journal.tailer(Journal.NULL_POSITION))
            {
                for (int i = 0; i < count; i++)
                {
                    appendAt(journal, start + i, i + 1);
                    final long expected = start + i;
                    final AtomicLong read = new AtomicLong(Journal.NULL_POSITION);
                    assertEquals(1, own.poll((position, record) -> read.set(position), 10));
                    assertEquals(expected, read.get(), "the writing thread's tailer reads what it just wrote");
                }
                Deadlines.await(() -> tailed.size() == count || null != tailerFailure.get(),
                    "the other thread's tailer reads every record");
            }
            finally
            {
                done.set(true);
                reader.join(Deadlines.standard().toMillis());
                tailerThread.join(Deadlines.standard().toMillis());
            }
            assertFalse(reader.isAlive());
            assertFalse(tailerThread.isAlive());
            assertNull(seen.get(), "another thread read a time that is not the clock's");
            assertTrue(reads.get() > 0);
            assertNull(tailerFailure.get());
            assertEquals(positions, tailed);
            assertHoldsEveryRecordAtItsPosition(journal);
            assertEquals(count, assertDocumentsFollowOnInTheCyclesOfTheirPositions(journal, RecordMac.NONE));
        }
    }

    @Test
    void aTruncationCopiesEveryDocumentToItsPositionWhileItsClockJumps() throws Exception
    {
        final ManualClock clock = new ManualClock();
        final Path journalDir = dir.resolve("journal");
        try (Journal journal = Journal.open(TestJournals.secondly(journalDir, clock)))
        {
            long n = 1;
            for (int cycle = 0; cycle < 3; cycle++)
            {
                for (int document = 0; document < 4; document++)
                {
                    journal.beginBatch();
                    for (int i = 0; i <= document; i++)
                    {
                        append(journal, n++);
                    }
                    journal.commitBatch();
                }
                clock.nextCycles(2);
            }
        }
        final int kept = positions.size() - 3;
        final long cut = positions.get(kept);
        final JournalContext leaping = new JournalContext().directory(journalDir).rollCycle(JournalRollCycle.SECONDLY)
            .epochClock(new LeapingClock(START_MS + 40 * CYCLE_MS, 3));
        final Truncation truncation = Journal.truncate(leaping, cut, dir.resolve("dropped"));
        assertEquals(cut, truncation.fromPosition());
        positions.subList(kept, positions.size()).clear();
        records.subList(kept, records.size()).clear();
        clock.advanceMs(-2 * CYCLE_MS); // back in the cycle of the last record kept
        try (Journal journal = Journal.open(TestJournals.secondly(journalDir, clock)))
        {
            assertHoldsEveryRecordAtItsPosition(journal);
            assertEquals(12, assertDocumentsFollowOnInTheCyclesOfTheirPositions(journal, RecordMac.NONE));
            assertEquals(cut, append(journal, 99), "appends go on from the cut");
        }
    }

    private void copyInEveryFormat(final String name, final EpochClock standbyClock) throws Exception
    {
        for (final JournalFormat format : JournalFormat.values())
        {
            for (final boolean keyed : new boolean[]{false, true})
            {
                final Path base = dir.resolve(name + "-" + format.name() + (keyed ? "-keyed" : ""));
                final Path primaryDir = base.resolve("primary");
                final Path standbyDir = base.resolve("standby");
                final ManualClock primaryClock = new ManualClock();
                final List<JournalEntry> primary = writePrimary(context(primaryDir, primaryClock, format, keyed),
                    primaryClock);
                try (Journal standby = Journal.open(context(standbyDir, standbyClock, format, keyed)))
                {
                    copy(primary, standby);
                    TestJournals.assertSameRecords(primary, standby);
                }
                final String what = name + " " + format + (keyed ? " keyed" : "");
                assertEquals(TestJournals.cycleFiles(primaryDir), TestJournals.cycleFiles(standbyDir), what);
                try (Journal standby = Journal.open(context(standbyDir, standbyClock, format, keyed).readOnly(true)))
                {
                    TestJournals.assertSameRecords(primary, standby);
                    positions.clear();
                    records.clear();
                    for (final JournalEntry entry : primary)
                    {
                        positions.add(entry.position());
                        records.add(TestJournals.bytes(entry));
                    }
                    assertHoldsEveryRecordAtItsPosition(standby);
                    if (format == JournalFormat.V2)
                    {
                        final RecordMac mac = RecordMac.forJournal(standbyDir,
                            context(standbyDir, standbyClock, format, keyed).conclude(), false, false);
                        assertDocumentsFollowOnInTheCyclesOfTheirPositions(standby, mac);
                    }
                }
            }
        }
    }

    /**
     * A primary over cycles, some skipped: in each, a record alone, a batch, and another record alone.
     */
    private List<JournalEntry> writePrimary(final JournalContext context, final ManualClock clock)
    {
        final int[] batches = {3, 1, 5, 2};
        final int[] skips = {0, 2, 0, 7};
        try (Journal primary = Journal.open(context))
        {
            long n = 1;
            for (int cycle = 0; cycle < batches.length; cycle++)
            {
                clock.nextCycles(0 == cycle ? 0 : 1 + skips[cycle]);
                primary.append(TestRecords.record(writer, n++, 1));
                primary.beginBatch();
                for (int i = 0; i < batches[cycle]; i++)
                {
                    primary.append(TestRecords.record(writer, n++, 2));
                }
                primary.commitBatch();
                primary.append(TestRecords.record(writer, n++, 3));
            }
            final List<JournalEntry> entries = TestJournals.readAll(primary);
            assertEquals(n - 1, entries.size());
            return entries;
        }
    }

    /**
     * Copy a primary's records to a standby at their positions: three in a batch, three one by one, and so on.
     */
    private static void copy(final List<JournalEntry> primary, final Journal standby)
    {
        for (int i = 0; i < primary.size(); i++)
        {
            final boolean batched = (i / 3) % 2 == 0;
            if (batched && !standby.inBatch())
            {
                standby.beginBatch();
            }
            if (!batched && standby.inBatch())
            {
                standby.commitBatch();
            }
            final JournalEntry entry = primary.get(i);
            assertEquals(entry.position(), standby.appendAt(entry.position(), entry.bytes(), 0,
                entry.bytes().capacity()));
        }
        if (standby.inBatch())
        {
            standby.commitBatch();
        }
    }

    private static JournalContext context(
        final Path directory, final EpochClock clock, final JournalFormat format, final boolean keyed)
    {
        return new JournalContext().directory(directory).rollCycle(JournalRollCycle.SECONDLY).epochClock(clock)
            .newJournalFormat(format).macKey(keyed ? KEY : null);
    }

    private static int cycleOf(final long position)
    {
        return JournalRollCycle.SECONDLY.chronicle().toCycle(position);
    }

    private byte[] recordBytes(final long n)
    {
        TestRecords.record(writer, n, (int)(n % 3) + 1);
        final byte[] bytes = new byte[writer.length()];
        writer.buffer().getBytes(0, bytes);
        return bytes;
    }

    private long append(final Journal journal, final long n)
    {
        final byte[] bytes = recordBytes(n);
        final long position = journal.append(writer);
        if (!positions.isEmpty())
        {
            assertTrue(position > positions.get(positions.size() - 1), "positions grow");
        }
        positions.add(position);
        records.add(bytes);
        return position;
    }

    private void appendAt(final Journal journal, final long position, final long n)
    {
        final byte[] bytes = recordBytes(n);
        assertEquals(position, journal.appendAt(position, new UnsafeBuffer(bytes), 0, bytes.length));
        positions.add(position);
        records.add(bytes);
    }

    private static byte[] copyOf(final RecordView record)
    {
        final byte[] bytes = new byte[record.length()];
        record.buffer().getBytes(record.offset(), bytes);
        return bytes;
    }

    /**
     * The journal holds the records appended, in order, each at its position: read forward page by page, replayed,
     * and read one by one at its position, last first.
     */
    private void assertHoldsEveryRecordAtItsPosition(final Journal journal)
    {
        final List<JournalEntry> read = TestJournals.readAll(journal);
        assertEquals(positions, TestJournals.positions(read));
        for (int i = 0; i < read.size(); i++)
        {
            assertArrayEquals(records.get(i), TestJournals.bytes(read.get(i)), "record at " + positions.get(i));
        }
        TestJournals.assertSameRecords(read, journal);
        try (JournalTailer tailer = journal.tailer(Journal.NULL_POSITION))
        {
            for (int i = positions.size() - 1; i >= 0; i--)
            {
                final long position = positions.get(i);
                final AtomicReference<byte[]> bytes = new AtomicReference<>();
                assertTrue(tailer.readAt(position, (at, record) ->
                {
                    assertEquals(position, at);
                    bytes.set(copyOf(record));
                }), "no record at " + position);
                assertArrayEquals(records.get(i), bytes.get(), "record read at " + position);
            }
        }
    }

    /**
     * A tailer from the start reads every record in order, going from cycle to cycle.
     */
    private void assertTailedInOrder(final Journal journal)
    {
        final List<Long> tailed = new ArrayList<>();
        try (JournalTailer tailer = journal.tailer(Journal.NULL_POSITION))
        {
            Deadlines.await(() ->
            {
                tailer.poll((position, record) -> tailed.add(position), 100);
                return tailed.size() >= positions.size();
            }, "a tailer reads every record");
        }
        assertEquals(positions, tailed);
    }

    /**
     * Walk a journal of format 2 document by document, as Chronicle holds them: every document is in the cycle of
     * its records' positions; in a cycle the first is at sequence 0 and holds the cycle's first record, and each
     * next one is at the next index and holds the records after the previous one's.
     *
     * @return the number of documents.
     */
    private static int assertDocumentsFollowOnInTheCyclesOfTheirPositions(final Journal journal, final RecordMac mac)
    {
        final RollCycle rollCycle = journal.queue().rollCycle();
        final DocumentLookup lookup = new DocumentLookup(journal.queue(), mac);
        long previousIndex = Journal.NULL_POSITION;
        long previousLast = Journal.NULL_POSITION;
        int documents = 0;
        try (ExcerptTailer tailer = journal.queue().createTailer())
        {
            while (lookup.peekNext(tailer))
            {
                final long first = lookup.first();
                final long last = lookup.last();
                final long index;
                try (DocumentContext document = tailer.readingDocument())
                {
                    assertTrue(document.isPresent());
                    index = document.index();
                }
                final String what = "document at " + PositionFormat.position(index) + " holding " +
                    PositionFormat.position(first) + ".." + PositionFormat.position(last);
                final int cycle = rollCycle.toCycle(index);
                assertEquals(cycle, rollCycle.toCycle(first), what);
                assertEquals(cycle, rollCycle.toCycle(last), what);
                if (Journal.NULL_POSITION != previousIndex && rollCycle.toCycle(previousIndex) == cycle)
                {
                    assertEquals(previousIndex + 1, index, what);
                    assertEquals(previousLast + 1, first, what);
                }
                else
                {
                    assertEquals(0, rollCycle.toSequenceNumber(index), what);
                    assertEquals(0, rollCycle.toSequenceNumber(first), what);
                }
                previousIndex = index;
                previousLast = last;
                documents++;
            }
        }
        return documents;
    }
}
