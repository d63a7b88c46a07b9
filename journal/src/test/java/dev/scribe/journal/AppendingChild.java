package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Child process for crash tests. {@code append DIR FIRST} appends records FIRST, FIRST+1, ... forever and prints
 * {@code ACK n position} once each append has returned. {@code tear DIR FIRST COUNT} appends COUNT records, then
 * starts a record it never finishes, prints {@code TORN} and waits to be killed. {@code hold DIR 0} only opens the
 * journal for writing, prints {@code OPEN} and waits to be killed. {@code cycles DIR FIRST COUNT} appends COUNT
 * records to a journal rolling every second of {@link TestJournals.ManualClock}, moving the clock on two cycles after
 * each (so every record has its own cycle file and one cycle between two files is skipped), prints
 * {@code AT n position} for each, then {@code WRITTEN}, and waits to be killed without ever syncing.
 */
public final class AppendingChild
{
    private AppendingChild()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final PrintStream out = new PrintStream(System.out, false);
        final Path dir = Path.of(args[1]);
        final long first = Long.parseLong(args[2]);
        final RecordWriter writer = new RecordWriter();
        if ("cycles".equals(args[0]))
        {
            appendOverCycles(out, dir, first, Long.parseLong(args[3]), writer);
        }
        try (Journal journal = Journal.open(new JournalContext().directory(dir)))
        {
            out.println("OPEN");
            out.flush();
            if ("hold".equals(args[0]))
            {
                Thread.currentThread().join();
            }
            if ("append".equals(args[0]))
            {
                for (long n = first; ; n++)
                {
                    final long position = journal.append(TestRecords.record(writer, n, (int)(n % 3) + 1));
                    out.println("ACK " + n + " " + position);
                    out.flush();
                }
            }
            final long count = Long.parseLong(args[3]);
            for (long n = first; n < first + count; n++)
            {
                journal.append(TestRecords.record(writer, n, (int)(n % 3) + 1));
            }
            tear(journal.queue(), TestRecords.record(writer, first + count, 2));
            out.println("TORN");
            out.flush();
            Thread.currentThread().join();
        }
    }

    private static void appendOverCycles(
        final PrintStream out, final Path dir, final long first, final long count, final RecordWriter writer)
        throws InterruptedException
    {
        final TestJournals.ManualClock clock = new TestJournals.ManualClock();
        try (Journal journal = Journal.open(TestJournals.secondly(dir, clock)))
        {
            for (long n = first; n < first + count; n++)
            {
                final long position = journal.append(TestRecords.record(writer, n, 1));
                out.println("AT " + n + " " + position);
                clock.nextCycles(2);
            }
            out.println("WRITTEN");
            out.flush();
            Thread.currentThread().join();
        }
    }

    private static void tear(final SingleChronicleQueue queue, final RecordWriter writer)
    {
        final ExcerptAppender appender = queue.createAppender();
        final DocumentContext context = appender.writingDocument();
        final int half = writer.length() / 2;
        for (int i = 0; i < half; i++)
        {
            context.wire().bytes().writeByte(writer.buffer().getByte(i));
        }
        // never closed: the record stays incomplete when the process is killed
    }
}
