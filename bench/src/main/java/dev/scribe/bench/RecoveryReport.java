package dev.scribe.bench;

import dev.scribe.codecs.journal.RecordView;
import dev.scribe.engine.Engine;
import dev.scribe.engine.EngineContext;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.Recovery;
import dev.scribe.engine.SnapshotInfo;
import dev.scribe.engine.SnapshotPolicy;
import dev.scribe.journal.Journal;
import dev.scribe.journal.RecordHandler;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Replay speed, snapshot pause and recovery time of the engine on bank journals of a million and ten million events,
 * next to the raw Chronicle read-back rate of the same journal in the same run.
 * <pre>
 * java -Xmx4g -cp bench/target/benchmarks.jar dev.scribe.bench.RecoveryReport \
 *     [--events 1000000,10000000] [--aggregates 1000000] [--rounds 3] [--tail 10000] [--fixture-dir DIR]
 * </pre>
 * It re-runs itself in a child JVM with Scribe's JVM flags ({@link Relauncher}); JVM options given to {@code java}
 * ({@code -Xmx}, {@code -Dscribe.bench.dir=...}) pass on to the child.
 *
 * <p>For each journal size, the bank journal of a {@link RecoveryFixture} ({@code events} records of one event each,
 * over {@code aggregates} accounts, cached under {@code --fixture-dir}) is copied into a fresh engine directory, and
 * measured there, each measurement {@code rounds} times:
 * <ol>
 *     <li>Read-back: a raw Chronicle tailer reading every document's first long (after one unrecorded pass, which
 *     also puts the files in the page cache), and a Scribe journal replay, CRC32C checked, whose handler reads each
 *     record's first long. Both times include opening the queue or journal.</li>
 *     <li>Full replay: {@link Engine#launch} of the bank ({@link BenchBank}, no projection) with no snapshot;
 *     {@link Recovery#nanos()} (journal open to end of replay) over the events gives events per second, compared
 *     with the raw read-back rate: the target is 50% or more.</li>
 *     <li>Snapshot: one engine takes {@code rounds} snapshots with {@link Engine#snapshot()}, each after one command
 *     so that each is at its own position; {@link SnapshotInfo#captureNanos()} is the business-logic pause and
 *     {@link SnapshotInfo#writeNanos()} the snapshot thread's work. A deposit sent right after each snapshot request
 *     waits behind the copy in the ring: its send-to-outcome time is the pause as a client sees it, next to the
 *     same deposit's time without a snapshot (median and maximum of a thousand). Then the engine takes more
 *     deposits, so that {@code tail} records follow the last snapshot (the deposit behind it first), and closes.</li>
 *     <li>Recovery: {@link Engine#launch} again, which loads the newest snapshot and replays the tail, with
 *     {@link SnapshotPolicy#verify(boolean)} on and off, in this JVM and in a fresh JVM (a child started with this
 *     JVM's options), where nothing is compiled yet, as after a restart.</li>
 * </ol>
 * Every launch is checked: the records replayed, the snapshot loaded or not, and the state hash equal to the
 * first full replay's or to the hash when the snapshot engine closed. A full collection runs before each timed
 * launch and snapshot. It prints three markdown tables, each figure the median over the rounds with the minimum and
 * maximum in brackets. The engine directory is deleted after each size; the fixtures stay.
 */
public final class RecoveryReport
{
    /** Journal sizes, in events, when {@code --events} is not given. */
    public static final String EVENTS_DEFAULT = "1000000,10000000";
    /** Accounts the events go to when {@code --aggregates} is not given. */
    public static final int AGGREGATES_DEFAULT = 1_000_000;
    /** Rounds of each measurement when {@code --rounds} is not given. */
    public static final int ROUNDS_DEFAULT = 3;
    /** Commands journaled after the last snapshot when {@code --tail} is not given. */
    public static final int TAIL_DEFAULT = 10_000;
    /** Smallest share of the raw Chronicle read-back rate a full replay aims for. */
    public static final double REPLAY_RATIO_TARGET = 0.50;
    /** Recovery time from a snapshot of a million aggregates plus a short tail the engine aims to stay under. */
    public static final double RECOVERY_TARGET_MS = 2000;
    /** Snapshot size, in aggregates, the recovery target is set for. */
    public static final int RECOVERY_TARGET_AGGREGATES = 1_000_000;

    private static final String USAGE = "usage: java -Xmx4g -cp bench/target/benchmarks.jar " +
        "dev.scribe.bench.RecoveryReport [--events N,N,...] [--aggregates N] [--rounds N] [--tail N] " +
        "[--fixture-dir DIR]";
    private static final String RECOVER_ONCE = "--recover-once";
    private static final String RECOVERED = "recovered";
    private static final int PROBES = 1000;
    private static final long CHILD_TIMEOUT_SECONDS = 600;
    private static final double NANOS_PER_MILLI = 1e6;

    private static volatile long sink;

    private final RecoverySettings settings;
    private final PrintStream out;
    private final PrintStream progress;

    private RecoveryReport(final RecoverySettings settings, final PrintStream out, final PrintStream progress)
    {
        this.settings = settings;
        this.out = out;
        this.progress = progress;
    }

    /**
     * Measure every journal size asked for and print the tables.
     *
     * @param args the options; see the class documentation.
     * @throws Exception if the child JVM cannot be run, or a measurement fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        final PrintStream err = System.err;
        final RecoverySettings settings =
            BenchMain.settingsOrExit(args, RecoverySettings::parse, RecoverySettings::help, USAGE, out, err);
        if (null == settings)
        {
            return;
        }
        if (!Relauncher.isChild())
        {
            System.exit(Relauncher.run(RecoveryReport.class, args));
            return;
        }
        if (null != settings.recoverOnce())
        {
            recoverOnce(settings.recoverOnce(), settings.verify(), out);
            return;
        }
        new RecoveryReport(settings, out, err).run();
    }

    /**
     * Measure one journal size, as the command line does for each, for the benchmark report.
     *
     * @param settings the settings; their {@code events} are not used.
     * @param events   the journal's size in events, at least the settings' aggregates.
     * @param progress where each round's figures go.
     * @return what was measured.
     * @throws IOException          if the fixture or the engine directory cannot be written.
     * @throws InterruptedException if interrupted while a fresh JVM recovers.
     */
    static RecoveryResult measureOne(final RecoverySettings settings, final long events, final PrintStream progress)
        throws IOException, InterruptedException
    {
        return new RecoveryReport(settings, progress, progress).measure(events);
    }

    private void run() throws IOException, InterruptedException
    {
        progress.println(String.format(Locale.ROOT, "Recovery report: JDK %s, %d CPUs, max heap %,d MB, %d rounds, " +
            "%,d accounts, tail %,d, fixtures in %s", Runtime.version(), Runtime.getRuntime().availableProcessors(),
            Runtime.getRuntime().maxMemory() >> 20, settings.rounds(), settings.aggregates(), settings.tail(),
            settings.fixtureDirectory()));
        final List<RecoveryResult> results = new ArrayList<>();
        for (final long events : settings.events())
        {
            results.add(measure(events));
        }
        new RecoveryTables(out, settings.rounds()).print(results);
    }

    private RecoveryResult measure(final long events) throws IOException, InterruptedException
    {
        final Path fixture = RecoveryFixture.ensure(settings.fixtureDirectory(), events, settings.aggregates(),
            progress);
        final Path directory = BenchFixtures.createTrialDirectory("scribe-recovery-");
        try
        {
            final Path journal = RecoveryFixture.copyJournal(fixture, directory);
            final RecoveryResult result = new RecoveryResult(events, settings.aggregates(), settings.tail());
            readBack(journal, result);
            fullReplay(directory, result);
            final long hash = snapshotAndTail(directory, result);
            recoverFromSnapshot(directory, hash, result);
            return result;
        }
        finally
        {
            BenchFixtures.delete(directory);
        }
    }

    private void readBack(final Path journal, final RecoveryResult result)
    {
        for (int round = 0; round <= settings.rounds(); round++)
        {
            final long raw = rawRead(journal, result.events());
            final long scribe = journalRead(journal, result.events());
            progress.println(String.format(Locale.ROOT, "%,d events, read-back %s: raw Chronicle %.1f ms, " +
                "Scribe journal %.1f ms", result.events(), 0 == round ? "warm-up" : "round " + round,
                raw / NANOS_PER_MILLI, scribe / NANOS_PER_MILLI));
            if (round > 0)
            {
                result.rawRead().add(raw);
                result.journalRead().add(scribe);
            }
        }
    }

    private static long rawRead(final Path journal, final long expected)
    {
        final long start = System.nanoTime();
        final long[] countAndSum = new long[2];
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(journal)
                .rollCycle(RollCycles.FAST_DAILY).readOnly(true).build();
            ExcerptTailer tailer = queue.createTailer())
        {
            JournalReadBenchmark.readFirstLongs(tailer, countAndSum);
        }
        final long nanos = System.nanoTime() - start;
        check("raw Chronicle read", expected, countAndSum[0]);
        sink = countAndSum[1];
        return nanos;
    }

    private static long journalRead(final Path journal, final long expected)
    {
        final FirstLongHandler handler = new FirstLongHandler();
        final long start = System.nanoTime();
        final long count;
        try (Journal reader = Journal.openReadOnly(journal))
        {
            count = reader.replay(Journal.NULL_POSITION, handler);
        }
        final long nanos = System.nanoTime() - start;
        check("Scribe journal read", expected, count);
        sink = handler.sum;
        return nanos;
    }

    private void fullReplay(final Path directory, final RecoveryResult result)
    {
        long hash = 0;
        for (int round = 1; round <= settings.rounds(); round++)
        {
            System.gc();
            try (Engine engine = Engine.launch(context(directory, new SnapshotPolicy())))
            {
                final Recovery recovery = engine.recovery();
                if (null != recovery.snapshot())
                {
                    throw new IllegalStateException("a full replay loaded a snapshot: " + recovery);
                }
                check("full replay", result.events(), recovery.replayedRecords());
                final long roundHash = engine.stateHash();
                if (round > 1 && roundHash != hash)
                {
                    throw new IllegalStateException("full replay round " + round + " rebuilt another state hash");
                }
                hash = roundHash;
                result.fullReplay().add(recovery.nanos());
                progress.println(String.format(Locale.ROOT, "%,d events, full replay round %d: %.1f ms, %,.0f " +
                    "events/s", result.events(), round, recovery.nanos() / NANOS_PER_MILLI,
                    result.events() / (recovery.nanos() / 1e9)));
            }
        }
    }

    /**
     * Take the snapshots, with a deposit behind each, then journal the tail.
     *
     * @return the state hash as the engine closes.
     */
    private long snapshotAndTail(final Path directory, final RecoveryResult result)
    {
        try (Engine engine = Engine.launch(context(directory, new SnapshotPolicy())))
        {
            for (int i = 0; i < PROBES; i++)
            {
                result.probeAlone().add(probe(engine, i));
            }
            for (int round = 1; round <= settings.rounds(); round++)
            {
                probe(engine, round); // a record after the last snapshot, so that this one has a position of its own
                System.gc();
                final CompletableFuture<SnapshotInfo> snapshot = engine.snapshot();
                final long behind = probe(engine, round);
                final SnapshotInfo info = snapshot.join();
                if (info.aggregates() != result.aggregates())
                {
                    throw new IllegalStateException("the snapshot holds " + info.aggregates() + " aggregates, not " +
                        result.aggregates());
                }
                result.capture().add(info.captureNanos());
                result.write().add(info.writeNanos());
                result.snapshotBytes().add(info.bytes());
                result.probeBehind().add(behind);
                progress.println(String.format(Locale.ROOT, "%,d events, snapshot round %d: pause %.1f ms, write " +
                    "%.1f ms, %,d bytes; deposit behind it %.1f ms", result.events(), round,
                    info.captureNanos() / NANOS_PER_MILLI, info.writeNanos() / NANOS_PER_MILLI, info.bytes(),
                    behind / NANOS_PER_MILLI));
            }
            // the deposit behind the last snapshot is the tail's first record
            final List<CompletableFuture<Outcome>> tail = new ArrayList<>(settings.tail());
            for (int i = 1; i < settings.tail(); i++)
            {
                tail.add(engine.send(deposit(i)));
            }
            tail.forEach(future -> BenchBank.checkAccepted(future.join()));
            return engine.stateHash();
        }
    }

    /** Send one deposit and wait for its outcome; the time from the send to the outcome, in nanoseconds. */
    private long probe(final Engine engine, final int index)
    {
        final BenchBank.Deposit deposit = deposit(index);
        final long start = System.nanoTime();
        final Outcome outcome = engine.send(deposit).join();
        final long nanos = System.nanoTime() - start;
        BenchBank.checkAccepted(outcome);
        return nanos;
    }

    private BenchBank.Deposit deposit(final int index)
    {
        return new BenchBank.Deposit(RecoveryFixture.accountId(index % settings.aggregates()), BenchBank.AMOUNT);
    }

    private void recoverFromSnapshot(final Path directory, final long hash, final RecoveryResult result)
        throws IOException, InterruptedException
    {
        for (final boolean verify : new boolean[] {true, false})
        {
            for (int round = 1; round <= settings.rounds(); round++)
            {
                System.gc();
                final long nanos;
                try (Engine engine = Engine.launch(context(directory, new SnapshotPolicy().verify(verify))))
                {
                    nanos = checkRecovery(engine.recovery(), engine.stateHash(), hash, result.tail());
                }
                result.fromSnapshot(verify).add(nanos);
                final long cold = recoverInChild(directory, verify, hash, result.tail());
                result.fromSnapshotFreshJvm(verify).add(cold);
                progress.println(String.format(Locale.ROOT, "%,d events, recovery from snapshot, verify %s, " +
                    "round %d: %.1f ms in this JVM, %.1f ms in a fresh JVM", result.events(), verify ? "on" : "off",
                    round, nanos / NANOS_PER_MILLI, cold / NANOS_PER_MILLI));
            }
        }
    }

    /**
     * Check a recovery from the snapshot loaded it, replayed the tail and rebuilt the expected state.
     *
     * @return the recovery's time in nanoseconds.
     */
    private static long checkRecovery(final Recovery recovery, final long hash, final long expectedHash,
        final long tail)
    {
        if (null == recovery.snapshot() || !recovery.skipped().isEmpty())
        {
            throw new IllegalStateException("recovery did not load the newest snapshot: " + recovery);
        }
        check("replay of the tail", tail, recovery.replayedRecords());
        if (hash != expectedHash)
        {
            throw new IllegalStateException("recovery from the snapshot rebuilt another state hash: " + recovery);
        }
        return recovery.nanos();
    }

    /**
     * Recover in a fresh JVM with this JVM's options, which include Scribe's flags.
     *
     * @return the recovery's time in that JVM, in nanoseconds.
     */
    private long recoverInChild(final Path directory, final boolean verify, final long hash, final long tail)
        throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RecoveryReport.class.getName());
        command.addAll(List.of(RECOVER_ONCE, directory.toString(), "--verify", Boolean.toString(verify)));
        final Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try
        {
            String result = null;
            try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while (null != (line = reader.readLine()))
                {
                    if (line.startsWith(RECOVERED + " "))
                    {
                        result = line;
                    }
                }
            }
            if (!child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS) || 0 != child.exitValue() || null == result)
            {
                throw new IllegalStateException("the recovery in a fresh JVM failed: exit " +
                    (child.isAlive() ? "none (timed out)" : child.exitValue()));
            }
            final String[] fields = result.split(" ");
            final long nanos = Long.parseLong(fields[1]);
            check("replay of the tail in a fresh JVM", tail, Long.parseLong(fields[2]));
            if (!"snapshot".equals(fields[3]) || Long.parseLong(fields[4]) != hash)
            {
                throw new IllegalStateException("the recovery in a fresh JVM did not load the snapshot or rebuilt " +
                    "another state hash: " + result);
            }
            return nanos;
        }
        finally
        {
            if (child.isAlive())
            {
                child.destroyForcibly();
            }
        }
    }

    /**
     * The fresh JVM's part: launch once, print {@code recovered <nanos> <records replayed> <snapshot|journal>
     * <state hash>}, close.
     */
    private static void recoverOnce(final Path directory, final boolean verify, final PrintStream out)
    {
        try (Engine engine = Engine.launch(context(directory, new SnapshotPolicy().verify(verify))))
        {
            final Recovery recovery = engine.recovery();
            out.println(RECOVERED + " " + recovery.nanos() + " " + recovery.replayedRecords() + " " +
                (null == recovery.snapshot() ? "journal" : "snapshot") + " " + engine.stateHash());
        }
    }

    private static EngineContext context(final Path directory, final SnapshotPolicy policy)
    {
        return BenchBank.context(directory, null).snapshots(policy);
    }

    private static void check(final String what, final long expected, final long actual)
    {
        if (expected != actual)
        {
            throw new IllegalStateException(what + " saw " + actual + " records, expected " + expected);
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
