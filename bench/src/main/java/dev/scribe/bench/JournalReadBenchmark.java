package dev.scribe.bench;

import dev.scribe.codecs.journal.RecordView;
import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalContext;
import dev.scribe.journal.JournalRollCycle;
import dev.scribe.journal.JournalTailer;
import dev.scribe.journal.RecordHandler;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Journal read-back throughput next to a raw Chronicle Queue read of the same documents, in the same run.
 *
 * <p>Each trial appends {@link #RECORDS} benchmark records (one aggregate, one event of {@code payloadBytes}) to a
 * fresh journal, and the same record bytes to a fresh raw queue with the journal's roll cycle, so both hold
 * identical documents. An invocation then reads all of them from the start with a new reader:
 * <ul>
 *     <li>{@link #scribeRead}: a {@link JournalTailer} poll loop; each record's CRC32C and structure are checked
 *     before the handler sees it, and the handler reads the record's first long.</li>
 *     <li>{@link #rawChronicleRead}: an {@code ExcerptTailer.readingDocument()} loop reading each document's first
 *     long, and nothing else.</li>
 * </ul>
 * One invocation is {@link #RECORDS} operations ({@code @OperationsPerInvocation}), so the score is records per
 * second. A whole scan per invocation, rather than one record per invocation with a rewind at the end, keeps the
 * reader's creation and seek out of the per-record figure (amortised over a million records) and keeps the loop the
 * one a replay runs. Each invocation checks it read every record, so a short read fails the run rather than
 * inflating it. The files stay in the page cache: this is read-back from memory, not from storage.
 *
 * <p>Each trial's directory (under {@code -Dscribe.bench.dir}, default {@code java.io.tmpdir}) is deleted at its
 * end. Thread scope: each benchmark thread reads its own journal and queue.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class JournalReadBenchmark
{
    /** Records written once per trial and read by every invocation. */
    public static final int RECORDS = 1_000_000;

    private static final int POLL_LIMIT = 1024;

    // JMH subclasses @State classes, so this class cannot be final; @Param fields are set reflectively.
    @Param({"64", "256"})
    private int payloadBytes;

    private Path trialDirectory;
    private Journal journal;
    private SingleChronicleQueue rawQueue;
    private final FirstLongHandler handler = new FirstLongHandler();

    /**
     * Write the same records to a fresh journal and a fresh raw queue.
     */
    @Setup(Level.Trial)
    public void setupTrial()
    {
        trialDirectory = BenchFixtures.createTrialDirectory("scribe-read-");
        journal = Journal.open(new JournalContext()
            .directory(trialDirectory.resolve("journal"))
            .rollCycle(JournalRollCycle.DAILY));
        rawQueue = BenchFixtures.rawQueue(trialDirectory.resolve("raw"));

        final RecordWriter writer = new RecordWriter();
        final UnsafeBuffer payload = BenchFixtures.payload(payloadBytes);
        final int recordLength = BenchFixtures.recordLength(payloadBytes);
        final Bytes<?> bytes = Bytes.allocateDirect(recordLength);
        final byte[] copy = new byte[recordLength];
        try (ExcerptAppender appender = rawQueue.createAppender())
        {
            for (long sequence = 1; sequence <= RECORDS; sequence++)
            {
                BenchFixtures.writeRecord(writer, sequence, payload, payloadBytes);
                journal.append(writer);
                writer.buffer().getBytes(0, copy);
                bytes.clear().write(copy);
                appender.writeBytes(bytes);
            }
        }
        finally
        {
            bytes.releaseLast();
        }
    }

    /**
     * Close the journal and queue and delete the trial's directory.
     */
    @TearDown(Level.Trial)
    public void tearDownTrial()
    {
        rawQueue.close();
        journal.close();
        BenchFixtures.delete(trialDirectory);
    }

    /**
     * Read every record through a journal tailer.
     *
     * @return the sum of the records' first longs.
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long scribeRead()
    {
        handler.sum = 0;
        long count = 0;
        try (JournalTailer tailer = journal.tailer(Journal.NULL_POSITION))
        {
            int read;
            while ((read = tailer.poll(handler, POLL_LIMIT)) > 0)
            {
                count += read;
            }
        }
        checkCount(count);
        return handler.sum;
    }

    /**
     * Read every document through a raw Chronicle tailer.
     *
     * @return the sum of the documents' first longs.
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long rawChronicleRead()
    {
        final long[] countAndSum = new long[2];
        try (ExcerptTailer tailer = rawQueue.createTailer())
        {
            readFirstLongs(tailer, countAndSum);
        }
        checkCount(countAndSum[0]);
        return countAndSum[1];
    }

    /**
     * The raw read-back loop: every document to the end, reading its first long; the limit Scribe's reads are
     * measured against (also used by {@link RecoveryReport}).
     *
     * @param tailer      reads the queue.
     * @param countAndSum receives the number of documents read and the sum of their first longs.
     */
    static void readFirstLongs(final ExcerptTailer tailer, final long[] countAndSum)
    {
        long sum = 0;
        long count = 0;
        while (true)
        {
            try (DocumentContext context = tailer.readingDocument())
            {
                if (!context.isPresent())
                {
                    break;
                }
                final Bytes<?> bytes = Objects.requireNonNull(context.wire(), "a present document's wire").bytes();
                sum += bytes.readLong(bytes.readPosition());
                count++;
            }
        }
        countAndSum[0] = count;
        countAndSum[1] = sum;
    }

    private static void checkCount(final long count)
    {
        if (RECORDS != count)
        {
            throw new IllegalStateException("read " + count + " records, expected " + RECORDS);
        }
    }

    private static final class FirstLongHandler implements RecordHandler
    {
        private long sum;

        @Override
        public void onRecord(final long position, final RecordView record)
        {
            sum += record.buffer().getLong(record.offset());
        }
    }
}
