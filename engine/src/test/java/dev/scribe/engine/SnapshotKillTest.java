package dev.scribe.engine;

import dev.scribe.engine.snapshot.SnapshotReader;
import dev.scribe.test.ChildJvm;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An engine taking snapshots of a large state in a loop is killed with SIGKILL a random moment after a snapshot's
 * temporary file appears. At the next launch the temporary file is gone, recovery loads the newest complete snapshot
 * (or replays the whole journal if there is none) and never a partial one, and the state hash is the one a replay
 * of the whole journal gives. Rounds ({@value #ROUNDS_PROP_NAME}) and seed ({@value #SEED_PROP_NAME}) can be set.
 */
class SnapshotKillTest
{
    static final String ROUNDS_PROP_NAME = "scribe.test.snapshot.kill.rounds";
    static final String SEED_PROP_NAME = "scribe.test.snapshot.kill.seed";

    private static final int ACCOUNTS = 10_000;
    private static final long MAX_EXTRA_DELAY_NS = 10_000_000;

    @TempDir
    Path dir;

    @Test
    void killedWhileWritingASnapshotRecoversFromACompleteOneOrTheJournal() throws Exception
    {
        final int rounds = Integer.getInteger(ROUNDS_PROP_NAME, 3);
        final long seed = Long.getLong(SEED_PROP_NAME, 0x5AF3_C0DEL);
        final SplittableRandom random = new SplittableRandom(seed);
        final Path engineDir = dir.resolve("engine");
        for (int round = 0; round < rounds; round++)
        {
            final int snapshotsFirst = random.nextInt(3);
            final long extraDelayNs = random.nextLong(MAX_EXTRA_DELAY_NS + 1);
            final String where = "seed " + seed + " round " + round + " (kill " + extraDelayNs / 1000 +
                " us after a temporary file appeared, after " + snapshotsFirst + " snapshots)";
            final Path stderr = dir.resolve("child-" + round + ".err");
            final List<String> seen;
            try (ChildJvm child = ChildJvm.start(SnapshotLoopChild.class, stderr, engineDir.toString(),
                Integer.toString(ACCOUNTS)))
            {
                child.awaitLine("READY"::equals, Deadlines.standard());
                for (int i = 0; i < snapshotsFirst; i++)
                {
                    child.awaitLine(line -> line.startsWith("SNAPSHOT "), Deadlines.standard());
                }
                awaitTempFile(child, engineDir, where);
                // the extra delay is the experiment: where in the write (or after it) the kill lands
                final long killAt = System.nanoTime() + extraDelayNs;
                while (System.nanoTime() - killAt < 0)
                {
                    Thread.onSpinWait();
                }
                child.kill(Deadlines.standard());
                seen = child.seen();
            }
            assertTrue(seen.stream().noneMatch(line -> line.startsWith("ERROR")), where + ": " + seen);
            System.out.println(where + ": child wrote " + seen.stream().filter(line -> line.startsWith("SNAPSHOT "))
                .toList());
            final String errors = Files.readString(stderr);
            assertFalse(errors.contains("Exception"), where + ": the child's error output: " + errors);
            check(engineDir, where);
        }
    }

    /**
     * Wait, polling without pause (not {@link Deadlines#await}, which parks between polls: the kill is to land within
     * microseconds of the file appearing), for a snapshot's temporary file to be there, failing at once if the child
     * dies.
     */
    private static void awaitTempFile(final ChildJvm child, final Path engineDir, final String where)
    {
        final Duration deadline = Deadlines.standard();
        final long deadlineNs = System.nanoTime() + deadline.toNanos();
        final ProcessHandle process = ProcessHandle.of(child.pid()).orElseThrow();
        while (SnapshotTesting.tempFiles(engineDir).isEmpty())
        {
            if (System.nanoTime() - deadlineNs > 0 || !process.isAlive())
            {
                final List<String> seen = child.seen();
                throw new AssertionError(where + ": " + (process.isAlive() ?
                    "the child was slow: no snapshot temporary file within " + Deadlines.describe(deadline) :
                    "the child died before a snapshot temporary file appeared") + "; its last lines read: " +
                    seen.subList(Math.max(0, seen.size() - 5), seen.size()));
            }
        }
    }

    private static void check(final Path engineDir, final String where)
    {
        final List<Path> complete = SnapshotTesting.snapshotFiles(engineDir);
        final boolean killedMidWrite = !SnapshotTesting.tempFiles(engineDir).isEmpty();
        for (final Path file : complete)
        {
            try (SnapshotReader reader = SnapshotReader.open(file))
            {
                assertTrue(reader.sectionCount() > 0, where + ": " + reader);
            }
        }
        final long hash;
        try (Engine engine = Engine.launch(Bank.context(engineDir)))
        {
            final Recovery recovery = engine.recovery();
            System.out.println(where + ": " + (killedMidWrite ? "killed mid-write" : "killed between writes") +
                "; " + recovery);
            assertEquals(List.of(), SnapshotTesting.tempFiles(engineDir), where + ": the temporary file is removed");
            assertEquals(List.of(), recovery.skipped(), where + ": every snapshot under its final name is complete");
            if (complete.isEmpty())
            {
                assertNull(recovery.snapshot(), where);
            }
            else
            {
                assertEquals(complete.get(complete.size() - 1), recovery.snapshot(), where + ": the newest");
            }
            hash = engine.stateHash();
        }
        final long replayed = SnapshotTesting.withoutSnapshots(engineDir, () ->
        {
            try (Engine engine = Engine.launch(Bank.context(engineDir)))
            {
                assertNull(engine.recovery().snapshot(), where);
                return engine.stateHash();
            }
        });
        assertEquals(replayed, hash, where + ": the state hash is that of a replay of the whole journal");
    }
}
