package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordView;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A writer of batches killed with SIGKILL, halfway through staging a batch or at a seeded moment (inside the write of
 * a document, as often as not): the journal holds whole batches only, every acknowledged one at its position, and is
 * writable again from where it ends.
 */
class JournalBatchCrashTest
{
    private static final Duration DEADLINE = Deadlines.scaled(Duration.ofSeconds(60));

    @TempDir
    Path dir;

    /** A batch as acknowledged: its number, first record number, size and first position. */
    private record Ack(long batch, long first, int size, long position)
    {
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {0xBA7C4L, 20261124L, 3L})
    void killedInsideABatchLeavesWholeBatchesAndEveryAcknowledgedOne(final long seed) throws Exception
    {
        System.out.println("JournalBatchCrashTest seed " + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final Path journalDir = dir.resolve("journal");
        long nextRecord = 1;
        long nextBatch = 1;
        for (int round = 0; round < 4; round++)
        {
            final boolean paused = 0 == round % 2;
            final long killAt = nextBatch + 1 + random.nextInt(300);
            final List<Ack> acks = new ArrayList<>();
            try (ChildJvm child = ChildJvm.start(BatchingChild.class, dir.resolve("child-" + round + ".err"),
                journalDir.toString(), Long.toString(nextRecord), Long.toString(nextBatch),
                Long.toString(random.nextLong()), Long.toString(paused ? killAt : -1)))
            {
                child.awaitLine("OPEN"::equals, DEADLINE);
                if (paused)
                {
                    child.awaitLine("PAUSED"::equals, DEADLINE);
                }
                else
                {
                    child.awaitLine(line -> line.startsWith("ACK " + killAt + " "), DEADLINE);
                }
                child.kill(DEADLINE);
                for (final String line : child.seen())
                {
                    if (line.startsWith("ACK "))
                    {
                        final String[] parts = line.split(" ");
                        acks.add(new Ack(Long.parseLong(parts[1]), Long.parseLong(parts[2]),
                            Integer.parseInt(parts[3]), Long.parseLong(parts[4])));
                    }
                }
            }
            assertTrue(acks.size() >= killAt - nextBatch, "acknowledged " + acks.size() + " batches");
            final long[] next = check(journalDir, acks, paused ? killAt : -1);
            nextRecord = next[0];
            nextBatch = next[1];
        }
    }

    @Test
    void aTornBatchDocumentIsDroppedWhole() throws Exception
    {
        final Path journalDir = dir.resolve("journal");
        try (ChildJvm child = ChildJvm.start(BatchingChild.class, dir.resolve("child.err"), journalDir.toString(),
            "1", "1", "0", "-2"))
        {
            child.awaitLine("TORN"::equals, DEADLINE);
            child.kill(DEADLINE);
        }
        final long[] next = check(journalDir, List.of(), -1);
        assertEquals(12, next[0], "the ten records of the first batch, and the one appended after the kill");
        try (Journal journal = Journal.openReadOnly(journalDir))
        {
            assertEquals(11, TestJournals.readAll(journal).size());
        }
    }

    /**
     * Every record there is in a whole batch, batches follow one another, every acknowledged batch is there at its
     * position, the paused batch is not, and the journal takes the next record. Returns the next record and batch
     * numbers.
     */
    private static long[] check(final Path journalDir, final List<Ack> acks, final long pausedBatch)
    {
        final List<long[]> records = new ArrayList<>();
        try (Journal journal = Journal.open(new JournalContext().directory(journalDir)))
        {
            assertEquals(2, journal.formatVersion());
            journal.replay(Journal.NULL_POSITION, (position, record) ->
                records.add(new long[]{record.correlationId(), record.causationId(), sizeOf(record), position}));
            long batch = 0;
            for (int i = 0; i < records.size(); )
            {
                final long[] first = records.get(i);
                assertEquals(i + 1, first[0], "records follow one another from 1");
                assertTrue(first[1] > batch, "batches follow one another");
                batch = first[1];
                assertTrue(i + first[2] <= records.size(), "batch " + batch + " is whole: " + first[2] + " records");
                for (int j = 0; j < first[2]; j++)
                {
                    final long[] record = records.get(i + j);
                    assertEquals(batch, record[1], "record " + record[0] + " is in batch " + batch);
                    assertEquals(first[3] + j, record[3], "record " + record[0] + " follows the one before");
                }
                assertTrue(batch != pausedBatch, "the batch killed while staged is not there");
                i += (int)first[2];
            }
            for (final Ack ack : acks)
            {
                final long[] record = records.get((int)ack.first() - 1);
                assertEquals(ack.batch(), record[1], "acknowledged batch " + ack.batch() + " is there");
                assertEquals(ack.size(), record[2]);
                assertEquals(ack.position(), record[3], "at its acknowledged position");
            }
            final long last = records.get(records.size() - 1)[3];
            final long appended = journal.append(BatchingChild.record(new RecordWriter(),
                records.size() + 1, batch + 1, 1));
            assertEquals(last + 1, appended, "the journal goes on from its last record");
            return new long[]{records.size() + 2, batch + 2};
        }
    }

    private static long sizeOf(final RecordView record)
    {
        final String payload = TestRecords.payload(record, 0);
        return Long.parseLong(payload.substring("batch-size-".length()));
    }
}
