package dev.scribe.bench;

import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.journal.Journal;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Journal append throughput next to the raw Chronicle Queue append it is built on, in the same run.
 *
 * <ul>
 *     <li>{@link #scribeAppend}: build a record with a {@link RecordWriter} (one aggregate {@code "acc-1"}, one
 *     event of {@code payloadBytes}, sealed with its CRC32C) and {@link Journal#append} it.</li>
 *     <li>{@link #rawChronicleAppend}: {@code ExcerptAppender.writeBytes} of the same record bytes, built once, to a
 *     queue with the journal's roll cycle: the same document size, without building or checking anything.</li>
 *     <li>{@link #rawChronicleAppendPayloadOnly}: {@code ExcerptAppender.writeBytes} of only {@code payloadBytes}
 *     bytes, the raw limit for a payload of that size.</li>
 * </ul>
 *
 * <p>Each trial works in a fresh directory (under {@code -Dscribe.bench.dir}, default {@code java.io.tmpdir}),
 * deleted at its end. Each iteration opens a fresh journal and a fresh raw queue in that directory and deletes them
 * when it ends, so disk use is bounded by one iteration's appends (gigabytes at these rates) rather than a whole
 * trial's; every append still lands on pages never written before, as it does in a journal that only grows.
 * Appends are not synced: this is the cost of the append path into the mapped file, not of storage.
 *
 * <p>Thread scope: the journal has a single writer, so each benchmark thread gets its own journal and queue.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class JournalAppendBenchmark
{
    // JMH subclasses @State classes, so this class cannot be final; @Param fields are set reflectively.
    @Param({"64", "256"})
    private int payloadBytes;

    private Path trialDirectory;
    private int iteration;
    private AppendTargets targets;
    private final RecordWriter writer = new RecordWriter();
    private UnsafeBuffer payload;
    private Bytes<?> recordBytes;
    private Bytes<?> payloadOnlyBytes;
    private long sequence;

    private Journal journal;
    private ExcerptAppender rawAppender;

    /**
     * Create the trial's directory and the bytes the raw appends write.
     */
    @Setup(Level.Trial)
    public void setupTrial()
    {
        trialDirectory = BenchFixtures.createTrialDirectory("scribe-append-");
        payload = BenchFixtures.payload(payloadBytes);
        final int recordLength = BenchFixtures.writeRecord(writer, 1, payload, payloadBytes);
        recordBytes = BenchFixtures.directBytes(writer.buffer(), recordLength);
        payloadOnlyBytes = BenchFixtures.directBytes(payload, payloadBytes);
    }

    /**
     * Open a fresh journal and raw queue for the iteration.
     */
    @Setup(Level.Iteration)
    public void setupIteration()
    {
        targets = new AppendTargets(trialDirectory.resolve("iteration-" + iteration++));
        journal = targets.journal();
        rawAppender = targets.rawAppender();
    }

    /**
     * Close and delete the iteration's journal and raw queue.
     */
    @TearDown(Level.Iteration)
    public void tearDownIteration()
    {
        targets.close();
    }

    /**
     * Release the raw bytes and delete the trial's directory.
     */
    @TearDown(Level.Trial)
    public void tearDownTrial()
    {
        recordBytes.releaseLast();
        payloadOnlyBytes.releaseLast();
        BenchFixtures.delete(trialDirectory);
    }

    /**
     * Build, seal and append one journal record.
     *
     * @return the record's position.
     */
    @Benchmark
    public long scribeAppend()
    {
        BenchFixtures.writeRecord(writer, ++sequence, payload, payloadBytes);
        return journal.append(writer);
    }

    /**
     * Append the same record bytes as one raw Chronicle document.
     *
     * @return the document's index, as {@link Journal#append} returns it.
     */
    @Benchmark
    public long rawChronicleAppend()
    {
        return rawAppend(recordBytes);
    }

    /**
     * Append only the payload bytes as one raw Chronicle document.
     *
     * @return the document's index.
     */
    @Benchmark
    public long rawChronicleAppendPayloadOnly()
    {
        return rawAppend(payloadOnlyBytes);
    }

    private long rawAppend(final Bytes<?> bytes)
    {
        // Reset the read window as Journal.append does for its wrapped record.
        bytes.readPosition(0);
        rawAppender.writeBytes(bytes);
        return rawAppender.lastIndexAppended();
    }
}
