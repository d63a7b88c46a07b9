package dev.scribe.bench;

import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.codecs.payload.PayloadCodec;
import dev.scribe.journal.Journal;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What the business-logic thread pays to journal one bank command when the commands of a ring batch share journal
 * documents: {@link #journalBatchAppend} builds the command's record (as
 * {@link BankRecordAppendBenchmark#journalAppend} does: one aggregate, one {@code Deposited} event encoded by the
 * record codec, sealed with its CRC32C) and
 * {@link Journal#append appends} it to the journal's open batch; every {@code batch} records it commits the batch
 * ({@link Journal#commitBatch}), which writes the batch's records as one Chronicle document (the journal's default
 * of at most 64 records a document). One op = one record, the commit's cost spread over its batch; in average time,
 * the score is the nanoseconds a command costs.
 *
 * <p>{@code batch} 1 is one document a record, as before batches; 16 and 64 are what a busy ring batch gives. Fresh
 * directories and journals as in {@link BankRecordAppendBenchmark}; appends are not synced.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class BankRecordBatchAppendBenchmark
{
    // JMH subclasses @State classes, so this class cannot be final; @Param fields are set reflectively.
    @Param({"1", "16", "64"})
    private int batch;

    private final RecordWriter writer = new RecordWriter();
    private final PayloadCodec<BenchBank.Deposited> codec = BenchBank.depositedCodec();
    private final BenchBank.Deposited event = new BenchBank.Deposited(BenchBank.AMOUNT);
    private final String accountId = BenchBank.accountId(0);
    private Path trialDirectory;
    private int iteration;
    private AppendTargets targets;
    private Journal journal;
    private long sequence;
    private int inBatch;

    /**
     * Create the trial's directory.
     */
    @Setup(Level.Trial)
    public void setupTrial()
    {
        trialDirectory = BenchFixtures.createTrialDirectory("scribe-bank-batch-");
    }

    /**
     * Open a fresh journal for the iteration.
     */
    @Setup(Level.Iteration)
    public void setupIteration()
    {
        targets = new AppendTargets(trialDirectory.resolve("iteration-" + iteration++));
        journal = targets.journal();
        inBatch = 0;
    }

    /**
     * Commit what the iteration left open, then close and delete its journal.
     */
    @TearDown(Level.Iteration)
    public void tearDownIteration()
    {
        journal.commitBatch();
        targets.close();
    }

    /**
     * Delete the trial's directory.
     */
    @TearDown(Level.Trial)
    public void tearDownTrial()
    {
        BenchFixtures.delete(trialDirectory);
    }

    /**
     * Build, seal and append one bank record to the open batch; commit the batch when it holds {@code batch}.
     *
     * @return the record's position.
     */
    @Benchmark
    public long journalBatchAppend()
    {
        if (0 == inBatch)
        {
            journal.beginBatch();
        }
        BenchBank.writeDepositRecord(writer, codec, event, accountId, ++sequence);
        final long position = journal.append(writer);
        if (++inBatch == batch)
        {
            journal.commitBatch();
            inBatch = 0;
        }
        return position;
    }
}
