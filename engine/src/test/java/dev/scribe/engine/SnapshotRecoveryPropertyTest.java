package dev.scribe.engine;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random bank commands, some under idempotency keys, with snapshots taken and the engine relaunched (from its newest
 * snapshot) at random points: relaunching from a snapshot (the newest, the oldest and one between, each with the
 * journal after it) gives the state hash a replay of the whole journal gives, replaying exactly the records after the
 * snapshot, and every command accepted under a key, before or after the snapshot, is answered again as a duplicate
 * with its first position and version, as it is after a full replay. jqwik reports the seed of a failing try.
 */
class SnapshotRecoveryPropertyTest
{
    private static final int ACCOUNTS = 4;
    private static final int KEYS = 12;

    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    /** What to do after a step's command. */
    enum After
    {
        NOTHING, SNAPSHOT, RESTART
    }

    /**
     * One command, and what to do after it.
     *
     * @param kind     0 open, 1 deposit, 2 withdraw, 3 transfer.
     * @param account  index of the command's account.
     * @param other    index of a transfer's target.
     * @param amount   any amount, invalid ones too.
     * @param key      index of the idempotency key, or -1 for none.
     * @param after    nothing, take a snapshot, or close the engine and launch it again (from the newest snapshot).
     */
    record Step(int kind, int account, int other, long amount, int key, After after)
    {
        Object command()
        {
            return Bank.command(kind, account, other, amount);
        }

        SendOptions options()
        {
            return key < 0 ? SendOptions.defaults() : SendOptions.defaults().idempotencyKey("key-" + key);
        }
    }

    /** A command accepted under a key, as first answered. */
    private record Keyed(Object command, SendOptions options, Outcome first)
    {
    }

    @Provide
    Arbitrary<List<Step>> steps()
    {
        final Arbitrary<Integer> kind = Arbitraries.frequencyOf(
            Tuple.of(2, Arbitraries.just(0)),
            Tuple.of(4, Arbitraries.just(1)),
            Tuple.of(2, Arbitraries.just(2)),
            Tuple.of(3, Arbitraries.just(3)));
        final Arbitrary<Integer> account = Arbitraries.integers().between(0, ACCOUNTS - 1);
        final Arbitrary<Long> amount = Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.longs().between(1, 300)),
            Tuple.of(1, Arbitraries.longs().between(-5, 0)),
            Tuple.of(1, Arbitraries.longs().between(301, 10_000)));
        final Arbitrary<Integer> key = Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just(-1)),
            Tuple.of(1, Arbitraries.integers().between(0, KEYS - 1)));
        final Arbitrary<After> after = Arbitraries.frequency(
            Tuple.of(24, After.NOTHING), Tuple.of(5, After.SNAPSHOT), Tuple.of(1, After.RESTART));
        return Combinators.combine(kind, account, account, amount, key, after).as(Step::new)
            .list().ofMinSize(5).ofMaxSize(40).withSizeDistribution(RandomDistribution.uniform());
    }

    @Property(tries = 30, edgeCases = EdgeCasesMode.NONE)
    void recoveryFromSnapshotsMatchesAFullReplay(@ForAll("steps") final List<Step> steps) throws IOException
    {
        final Path dir = Files.createTempDirectory("snapshot-property");
        try
        {
            final List<Long> journaled = new ArrayList<>();
            final Map<String, Keyed> keyed = new LinkedHashMap<>();
            final List<SnapshotInfo> snapshots = new ArrayList<>();
            errors.clear();
            final long hash = run(dir, steps, journaled, keyed, snapshots);
            final Recovery full = SnapshotTesting.withoutSnapshots(dir, () -> check(dir, hash, journaled, keyed));
            assertNull(full.snapshot(), full.toString());
            assertEquals(journaled.size(), full.replayedRecords(), full.toString());

            // the newest, the oldest and one between, newest first; the snapshots after the one checked are deleted
            final List<Integer> checked = List.of(snapshots.size() - 1, snapshots.size() / 2, 0);
            for (int i = snapshots.size() - 1; i >= 0; i--)
            {
                final SnapshotInfo info = snapshots.get(i);
                if (checked.contains(i))
                {
                    final Recovery recovery = check(dir, hash, journaled, keyed);
                    assertEquals(info.file(), recovery.snapshot(), recovery.toString());
                    assertEquals(info.position(), recovery.snapshotPosition());
                    assertEquals(List.of(), recovery.skipped());
                    assertEquals(journaled.stream().filter(p -> p > info.position()).count(),
                        recovery.replayedRecords(), "records after the snapshot: " + recovery);
                }
                Files.delete(info.file());
            }
            assertEquals(List.of(), errors, "errors reported by the engine");
        }
        finally
        {
            SnapshotTesting.deleteTree(dir);
        }
    }

    /** Send every step, taking the snapshots and relaunches asked for; returns the state hash at the end. */
    private long run(
        final Path dir,
        final List<Step> steps,
        final List<Long> journaled,
        final Map<String, Keyed> keyed,
        final List<SnapshotInfo> snapshots)
    {
        Engine engine = Engine.launch(context(dir));
        try
        {
            for (int i = 0; i < steps.size(); i++)
            {
                final Step step = steps.get(i);
                final Object command = step.command();
                final Outcome outcome = EngineBank.await(engine.send(command, step.options()));
                if (outcome.accepted() && !outcome.duplicate())
                {
                    journaled.add(outcome.position());
                    if (step.key() >= 0)
                    {
                        assertNull(keyed.put(step.options().idempotencyKey(),
                            new Keyed(command, step.options(), outcome)), "step " + i + ": a key is accepted once");
                    }
                }
                if (step.after() == After.SNAPSHOT && !journaled.isEmpty())
                {
                    final SnapshotInfo info = EngineBank.await(engine.snapshot());
                    assertEquals(journaled.get(journaled.size() - 1), info.position(), "step " + i + ": " + info);
                    assertEquals(engine.stateHash(), info.stateHash(), "step " + i + ": " + info);
                    snapshots.removeIf(s -> s.position() == info.position());
                    snapshots.add(info);
                }
                else if (step.after() == After.RESTART)
                {
                    final long hash = engine.stateHash();
                    engine.close();
                    engine = Engine.launch(context(dir));
                    assertEquals(hash, engine.stateHash(), "step " + i + ": relaunched: " + engine.recovery());
                }
            }
            return engine.stateHash();
        }
        finally
        {
            engine.close();
        }
    }

    /**
     * Launch, check the state hash and that every keyed command is a duplicate with its first outcome and changes
     * nothing; returns how the engine recovered.
     */
    private Recovery check(
        final Path dir, final long hash, final List<Long> journaled, final Map<String, Keyed> keyed)
    {
        try (Engine engine = Engine.launch(context(dir)))
        {
            final Recovery recovery = engine.recovery();
            assertEquals(hash, engine.stateHash(), "state hash after " + recovery);
            for (final Map.Entry<String, Keyed> entry : keyed.entrySet())
            {
                final Keyed sent = entry.getValue();
                final Outcome again = EngineBank.await(engine.send(sent.command(), sent.options()));
                final String where = entry.getKey() + " (first " + sent.first() + ") sent again after " + recovery;
                assertTrue(again.accepted() && again.duplicate(), where + ": " + again);
                assertEquals(sent.first().position(), again.position(), where);
                assertEquals(sent.first().version(), again.version(), where);
            }
            assertEquals(hash, engine.stateHash(), "duplicates change nothing");
            assertEquals(journaled.isEmpty() ? -1 : journaled.get(journaled.size() - 1), engine.lastPosition(),
                "duplicates journal nothing");
            return recovery;
        }
    }

    /** The bank keeping every snapshot; errors reported to the engine are collected for the property to check. */
    private EngineContext context(final Path dir)
    {
        return Bank.context(dir).errorHandler(errors::add).snapshots(new SnapshotPolicy().keep(Integer.MAX_VALUE));
    }
}
