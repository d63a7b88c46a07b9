package dev.scribe.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Prints what {@link RecoveryReport} measured as the three markdown tables of {@code docs/BENCHMARKS.md}: replay
 * next to raw read-back, the snapshot's pause, and recovery from a snapshot plus a tail.
 */
final class RecoveryTables
{
    private static final double MILLION = 1e6;
    private static final double MS = 1e6;
    private static final double MB = 1 << 20;

    private final PrintStream out;
    private final int rounds;

    RecoveryTables(final PrintStream out, final int rounds)
    {
        this.out = out;
        this.rounds = rounds;
    }

    void print(final List<RecoveryResult> results)
    {
        out.println();
        out.println(1 == rounds ? "Each figure: one round." : "Each figure: median of " + rounds + " rounds " +
            "(minimum-maximum).");
        out.println("One event per record, so records/s = events/s.");
        out.println();
        out.println("| Events | Accounts | Raw Chronicle read (M records/s) | Scribe journal read, CRC32C checked " +
            "(M records/s) | Full replay, Engine.launch (M events/s) | Replay / raw read (target >= 50%) | " +
            "Full replay time (ms) |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (final RecoveryResult r : results)
        {
            final Samples raw = r.rawRead().ratesOf(r.events());
            final Samples replay = r.fullReplay().ratesOf(r.events());
            final double ratio = replay.median() / raw.median();
            out.println(String.format(Locale.ROOT, "| %,d | %,d | %s | %s | %s | %.1f%% (%s) | %s |", r.events(),
                r.aggregates(), raw.format(MILLION, 2), r.journalRead().ratesOf(r.events()).format(MILLION, 2),
                replay.format(MILLION, 2), 100 * ratio, ratio >= RecoveryReport.REPLAY_RATIO_TARGET ? "met" :
                "below target", r.fullReplay().format(MS, 1)));
        }
        out.println();
        out.println("| Events | Aggregates in the snapshot | Snapshot file (MB) | " +
            "Business-logic pause, capture (ms) | Check, hash and write on the snapshot thread (ms) | " +
            "Deposit sent behind the snapshot request (ms) | " +
            "Deposit without a snapshot, median / max (ms) |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (final RecoveryResult r : results)
        {
            out.println(String.format(Locale.ROOT, "| %,d | %,d | %s | %s | %s | %s | %.3f / %.3f |", r.events(),
                r.aggregates(), r.snapshotBytes().format(MB, 1), r.capture().format(MS, 1), r.write().format(MS, 1),
                r.probeBehind().format(MS, 1), r.probeAlone().median() / MS, r.probeAlone().max() / MS));
        }
        out.println();
        out.println("| Events | Aggregates in the snapshot | Tail (records) | From snapshot + tail, verify on (ms) | " +
            "Verify off (ms) | Fresh JVM, verify on (ms) | Fresh JVM, verify off (ms) | Full replay, for comparison " +
            "(ms) | Target < 2 s (1M aggregates, slowest verify on) |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (final RecoveryResult r : results)
        {
            out.println(String.format(Locale.ROOT, "| %,d | %,d | %,d | %s | %s | %s | %s | %s | %s |", r.events(),
                r.aggregates(), r.tail(), r.fromSnapshot(true).format(MS, 1), r.fromSnapshot(false).format(MS, 1),
                r.fromSnapshotFreshJvm(true).format(MS, 1), r.fromSnapshotFreshJvm(false).format(MS, 1),
                r.fullReplay().format(MS, 1), verdict(r)));
        }
    }

    /**
     * The recovery target holds for a snapshot of a million aggregates; the slowest recovery with verification
     * (the default), in this JVM or a fresh one, is what it is judged on.
     */
    private static String verdict(final RecoveryResult r)
    {
        final double slowestMs = Math.max(r.fromSnapshot(true).max(), r.fromSnapshotFreshJvm(true).max()) / MS;
        final String figure = String.format(Locale.ROOT, "%,.0f ms", slowestMs);
        if (r.aggregates() < RecoveryReport.RECOVERY_TARGET_AGGREGATES)
        {
            return figure + " (fewer aggregates than the target's)";
        }
        return figure + (slowestMs < RecoveryReport.RECOVERY_TARGET_MS ? " (met)" : " (missed)");
    }
}
