package dev.scribe.bench;

import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.codecs.payload.PayloadCodec;
import dev.scribe.journal.Journal;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The raw limits under {@link EngineThroughputBenchmark}: appending the record the engine journals for one bank
 * command, on one thread, as the engine's business-logic thread does.
 * <ul>
 *     <li>{@link #rawChronicleAppend}: {@code ExcerptAppender.writeBytes} of that record's bytes, built once, to a
 *     raw queue with the journal's roll cycle: the baseline of the engine's target (engine at {@code JOURNALED}
 *     at 50% or more of this).</li>
 *     <li>{@link #journalAppend}: what the business logic does to journal a command, and nothing else: build the
 *     record with a {@link RecordWriter} (one aggregate, one {@link BenchBank.Deposited} event encoded by the
 *     engine's record codec, sealed with its CRC32C) and {@link Journal#append} it.</li>
 * </ul>
 *
 * <p>Each trial works in a fresh directory (under {@code -Dscribe.bench.dir}, default {@code java.io.tmpdir}),
 * deleted at its end; each iteration appends to a fresh journal and queue, deleted when it ends, to bound disk use.
 * Appends are not synced.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class BankRecordAppendBenchmark
{
    // JMH subclasses @State classes, so this class cannot be final.
    private final RecordWriter writer = new RecordWriter();
    private final PayloadCodec<BenchBank.Deposited> codec = BenchBank.depositedCodec();
    private final BenchBank.Deposited event = new BenchBank.Deposited(BenchBank.AMOUNT);
    private final String accountId = BenchBank.accountId(0);
    private Path trialDirectory;
    private int iteration;
    private AppendTargets targets;
    private Bytes<?> recordBytes;
    private long sequence;

    private Journal journal;
    private ExcerptAppender rawAppender;

    /**
     * Create the trial's directory and the bytes the raw appends write.
     */
    @Setup(Level.Trial)
    public void setupTrial()
    {
        trialDirectory = BenchFixtures.createTrialDirectory("scribe-bank-record-");
        final int length = BenchBank.writeDepositRecord(writer, codec, event, accountId, 1);
        recordBytes = BenchFixtures.directBytes(writer.buffer(), length);
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
        BenchFixtures.delete(trialDirectory);
    }

    /**
     * Append the bank record's bytes as one raw Chronicle document.
     *
     * @return the document's index.
     */
    @Benchmark
    public long rawChronicleAppend()
    {
        recordBytes.readPosition(0);
        rawAppender.writeBytes(recordBytes);
        return rawAppender.lastIndexAppended();
    }

    /**
     * Build, seal and append the bank record to a journal.
     *
     * @return the record's position.
     */
    @Benchmark
    public long journalAppend()
    {
        final long next = ++sequence;
        BenchBank.writeDepositRecord(writer, codec, event, accountId, next);
        return journal.append(writer);
    }
}
