package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Child process for the batch crash tests: {@code DIR FIRST BATCH SEED PAUSE} appends batches of 1 to 64 records
 * (sizes from the seed), records numbered from FIRST and batches from BATCH, and prints {@code ACK batch first count
 * position} once each batch is committed. The records of batch number PAUSE are staged but, halfway through, it
 * prints {@code PAUSED} and waits to be killed (-1: never). Each record carries its batch's number (causation id)
 * and size (its event's payload), so that a test can tell whole batches from partial ones. With PAUSE -2 it commits
 * one batch of 10 records, then writes half of the next batch's document (ten more records) with Chronicle and never
 * finishes it, prints {@code TORN} and waits to be killed.
 */
public final class BatchingChild
{
    private BatchingChild()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final PrintStream out = new PrintStream(System.out, false);
        final Path dir = Path.of(args[0]);
        long n = Long.parseLong(args[1]);
        long batch = Long.parseLong(args[2]);
        final SplittableRandom random = new SplittableRandom(Long.parseLong(args[3]));
        final long pause = Long.parseLong(args[4]);
        final RecordWriter writer = new RecordWriter();
        try (Journal journal = Journal.open(new JournalContext().directory(dir)))
        {
            out.println("OPEN");
            out.flush();
            if (-2 == pause)
            {
                tear(journal, writer, n, batch);
                out.println("TORN");
                out.flush();
                Thread.currentThread().join();
            }
            for (; ; batch++)
            {
                final int size = 1 + random.nextInt(64);
                journal.beginBatch();
                final long first = n;
                long position = Journal.NULL_POSITION;
                for (int i = 0; i < size; i++, n++)
                {
                    final long at = journal.append(record(writer, n, batch, size));
                    position = 0 == i ? at : position;
                    if (batch == pause && i == size / 2)
                    {
                        out.println("PAUSED");
                        out.flush();
                        Thread.currentThread().join();
                    }
                }
                journal.commitBatch();
                out.println("ACK " + batch + " " + first + " " + size + " " + position);
                out.flush();
            }
        }
    }

    /**
     * Commit a batch of ten records, then build the next batch's document as the journal would and write half of it
     * into a Chronicle document that is never finished, as a writer killed inside the write leaves it.
     */
    private static void tear(final Journal journal, final RecordWriter writer, final long first, final long batch)
    {
        journal.beginBatch();
        for (int i = 0; i < 10; i++)
        {
            journal.append(record(writer, first + i, batch, 10));
        }
        final long last = journal.commitBatch();
        final BatchStager stager = new BatchStager(64, 1 << 20, 0);
        stager.begin(last + 1, journal.queue().lastIndex() + 1);
        for (int i = 0; i < 10; i++)
        {
            final RecordWriter next = record(writer, first + 10 + i, batch + 1, 10);
            stager.add(next.buffer(), 0, next.length(), null);
        }
        stager.seal();
        final ExcerptAppender appender = journal.queue().createAppender();
        final DocumentContext document = appender.writingDocument();
        final Bytes<?> bytes = document.wire().bytes();
        for (int i = 0; i < stager.length() / 2; i++)
        {
            bytes.writeByte(stager.buffer().getByte(i));
        }
        // never closed: the document stays incomplete when the process is killed
    }

    /** Record n of a batch: correlation id n, causation id the batch's number, one event naming the batch's size. */
    static RecordWriter record(final RecordWriter writer, final long n, final long batch, final int size)
    {
        final byte[] payload = ("batch-size-" + size).getBytes(StandardCharsets.UTF_8);
        writer.begin(1, n, n, batch).aggregate("agg-" + n, n);
        writer.event(0, 7, 1, new UnsafeBuffer(payload), 0, payload.length);
        writer.idempotencyKey(null).finish();
        return writer;
    }
}
