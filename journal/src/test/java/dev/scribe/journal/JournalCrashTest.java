package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.test.ChildJvm;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A writer killed with SIGKILL loses nothing it acknowledged, leaves nothing partial visible, and the journal is
 * writable again.
 */
class JournalCrashTest
{
    private static final Duration DEADLINE = Deadlines.scaled(Duration.ofSeconds(60));

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {0x5C81BEL, 20261123L, 7L})
    void killedWriterLosesNothingAcknowledged(final long seed) throws Exception
    {
        final SplittableRandom random = new SplittableRandom(seed);
        System.out.println("JournalCrashTest seed " + seed);
        final Path journalDir = dir.resolve("journal");
        long next = 1;
        for (int round = 0; round < 2; round++)
        {
            final int acksBeforeKill = 1 + random.nextInt(5000);
            final String killAfter = "ACK " + (next + acksBeforeKill - 1) + " ";
            final List<long[]> acked = new ArrayList<>();
            try (ChildJvm child = ChildJvm.start(
                AppendingChild.class, dir.resolve("child-" + round + ".err"), "append", journalDir.toString(),
                Long.toString(next)))
            {
                child.awaitLine("OPEN"::equals, DEADLINE);
                child.awaitLine(line -> line.startsWith(killAfter), DEADLINE);
                child.kill(DEADLINE);
                for (final String line : child.seen())
                {
                    if (line.startsWith("ACK "))
                    {
                        final String[] parts = line.split(" ");
                        acked.add(new long[]{Long.parseLong(parts[1]), Long.parseLong(parts[2])});
                    }
                }
            }
            assertTrue(acked.size() >= acksBeforeKill, "acknowledged " + acked.size());
            next = checkJournal(journalDir, acked) + 1;
        }
    }

    @Test
    void tornTailIsSkippedAndTheJournalIsWritableAgain() throws Exception
    {
        final Path journalDir = dir.resolve("journal");
        try (ChildJvm child = ChildJvm.start(
            AppendingChild.class, dir.resolve("child.err"), "tear", journalDir.toString(), "1", "10"))
        {
            child.awaitLine("TORN"::equals, DEADLINE);
            child.kill(DEADLINE);
        }
        final List<Long> seen = new ArrayList<>();
        try (Journal journal = Journal.open(new JournalContext().directory(journalDir)))
        {
            journal.replay(Journal.NULL_POSITION, (position, record) -> seen.add(record.correlationId()));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), seen);

            final long position = journal.append(TestRecords.record(new RecordWriter(), 11, 2));
            assertEquals(position, journal.lastPosition());
            seen.clear();
            journal.replay(Journal.NULL_POSITION, (p, record) ->
            {
                assertTrue(TestRecords.matches(record, record.correlationId(), (int)(record.correlationId() % 3) + 1) ||
                    record.correlationId() == 11);
                seen.add(record.correlationId());
            });
            assertEquals(11, seen.size());
            assertEquals(11L, seen.get(10));
        }
    }

    @Test
    void aSecondWritingProcessIsRefusedUntilTheFirstDies() throws Exception
    {
        final Path journalDir = dir.resolve("journal");
        try (ChildJvm child = ChildJvm.start(
            AppendingChild.class, dir.resolve("holder.err"), "hold", journalDir.toString(), "1"))
        {
            child.awaitLine("OPEN"::equals, DEADLINE);
            final JournalException ex = assertThrows(JournalException.class,
                () -> Journal.open(new JournalContext().directory(journalDir)));
            assertTrue(ex.getMessage().contains("already open for writing by another process"), ex.getMessage());
            try (Journal reader = Journal.openReadOnly(journalDir))
            {
                assertEquals(Journal.NULL_POSITION, reader.lastPosition());
            }
            child.kill(DEADLINE);
        }
        try (Journal journal = Journal.open(new JournalContext().directory(journalDir)))
        {
            assertEquals(journal.append(TestRecords.record(new RecordWriter(), 1, 1)), journal.lastPosition());
        }
    }

    /** Every acknowledged record is there, intact and in order; returns the last record number found. */
    private static long checkJournal(final Path journalDir, final List<long[]> acked)
    {
        final List<long[]> found = new ArrayList<>();
        try (Journal journal = Journal.open(new JournalContext().directory(journalDir)))
        {
            journal.replay(Journal.NULL_POSITION, (position, record) ->
            {
                final long n = record.correlationId();
                assertTrue(TestRecords.matches(record, n, (int)(n % 3) + 1), "record " + n + " is intact");
                found.add(new long[]{n, position});
            });
            for (int i = 0; i < found.size(); i++)
            {
                assertEquals(i + 1, found.get(i)[0], "records are consecutive from 1");
            }
            for (final long[] ack : acked)
            {
                final long[] record = found.get((int)ack[0] - 1);
                assertEquals(ack[1], record[1], "record " + ack[0] + " is at its acknowledged position");
            }
            final long last = found.get(found.size() - 1)[0];
            final long n = last + 1;
            final long position = journal.append(TestRecords.record(new RecordWriter(), n, (int)(n % 3) + 1));
            assertEquals(position, journal.lastPosition());
            return last + 1;
        }
    }
}
