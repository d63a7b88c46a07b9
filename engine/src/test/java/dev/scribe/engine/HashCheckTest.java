package dev.scribe.engine;

import dev.scribe.engine.testing.ExpectedErrors;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The periodic state-hash check runs after a record is journaled; whatever it does, the record's bookkeeping stands:
 * its idempotency key is remembered, its SYNCED result waits for the batch's sync, its result is given. An aggregate
 * holding JDK value types (an {@link Instant}) is hashed like any other.
 */
class HashCheckTest
{
    @TempDir
    Path dir;

    record Stamp(String id, Instant at, boolean hold) {}
    record Stamped(Instant at) {}
    record Crack(String id, boolean hold) {}
    record Cracked(long at) {}

    /** State with a JDK value type in it. */
    static final class Dated implements Aggregate
    {
        Instant last;
        long stamps;

        void apply(final Stamped event)
        {
            last = event.at();
            stamps++;
        }
    }

    /** State whose hash cannot be taken. */
    static final class Brittle implements Aggregate
    {
        long cracks;

        void apply(final Cracked event)
        {
            cracks++;
        }

        @Override
        public void hashState(final StateHasher hasher)
        {
            throw new IllegalStateException("this state cannot be hashed");
        }
    }

    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final List<Long> journaled = new CopyOnWriteArrayList<>();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    private EngineContext context(final RecordingLink link)
    {
        return new EngineContext()
            .directory(dir)
            .errorHandler(errors::add)
            .replicationLink(link)
            .hashCheckInterval(1)
            .journalListener((position, record) -> journaled.add(position))
            .aggregate(Dated.class, Dated::new)
            .aggregate(Brittle.class, Brittle::new)
            .command(Stamp.class, Dated.class, Stamp::id, (Stamp cmd, Dated state, Decision out) ->
            {
                hold(cmd.hold());
                out.emit(new Stamped(cmd.at()));
            })
            .command(Crack.class, Brittle.class, Crack::id, (Crack cmd, Brittle state, Decision out) ->
            {
                hold(cmd.hold());
                out.emit(new Cracked(state.cracks));
            });
    }

    /** Keep the business logic in this handler until the test has queued the next batch behind it. */
    private void hold(final boolean hold)
    {
        if (!hold)
        {
            return;
        }
        entered.countDown();
        try
        {
            final Duration deadline = Deadlines.standard();
            if (!release.await(deadline.toNanos(), TimeUnit.NANOSECONDS))
            {
                throw new IllegalStateException("the test did not release the held command within " +
                    Deadlines.describe(deadline));
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anAggregateHoldingAnInstantIsHashedAtEveryCheckPosition()
    {
        final RecordingLink link = new RecordingLink();
        try (Engine engine = Engine.launch(context(link)))
        {
            final Instant at = Instant.parse("2024-05-06T07:08:09.123456789Z");
            final List<Outcome> outcomes = syncedBatch(engine, link,
                i -> new Stamp("d-" + (i % 2), at.plusNanos(i), i < 0));
            for (final Outcome outcome : outcomes)
            {
                assertTrue(link.hashes.containsKey(outcome.position()), "hashed at " + outcome.position());
            }
            assertEquals(engine.stateHash(), link.hashes.get(outcomes.get(outcomes.size() - 1).position()),
                "the last check hashed the state as it is");
            assertRepeatIsDuplicate(engine, new Stamp("d-1", at.plusNanos(1), false), outcomes.get(1));
        }
        assertTrue(errors.isEmpty(), "errors reported: " + errors);
    }

    @ExpectedErrors("the state hash check after the record")
    @Test
    void aCheckThatThrowsAfterTheAppendLeavesTheKeyTheSyncAndTheResultInPlace()
    {
        final RecordingLink link = new RecordingLink();
        try (Engine engine = Engine.launch(context(link)))
        {
            final List<Outcome> outcomes = syncedBatch(engine, link, i -> new Crack("c-" + (i % 2), i < 0));
            assertRepeatIsDuplicate(engine, new Crack("c-1", false), outcomes.get(1));
            assertTrue(link.hashes.isEmpty(), "no hash was sent: " + link.hashes);
            assertFalse(errors.isEmpty(), "the failed check is reported");
            assertTrue(errors.stream().anyMatch(e -> String.valueOf(e.getCause()).contains("cannot be hashed")),
                "the report says why: " + errors);
        }
    }

    /**
     * A held command, then three SYNCED keyed commands queued behind it so they form one batch; each result must
     * complete only after its batch's sync, which the link hears of at the end of the batch.
     *
     * @param command the i-th command; i = -1 is the held one.
     * @return the outcomes of the three keyed commands.
     */
    private List<Outcome> syncedBatch(
        final Engine engine, final RecordingLink link, final Function<Integer, Object> command)
    {
        final CompletableFuture<Outcome> held = engine.send(command.apply(-1));
        try
        {
            assertTrue(entered.await(Deadlines.standard().toNanos(), TimeUnit.NANOSECONDS),
                "the business logic reached the held command within " + Deadlines.describe(Deadlines.standard()));
        }
        catch (final InterruptedException ex)
        {
            throw new AssertionError(ex);
        }
        final List<String> tooEarly = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Outcome>> results = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            final SendOptions synced = SendOptions.defaults().durability(Durability.SYNCED).idempotencyKey("k-" + i);
            results.add(engine.send(command.apply(i), synced).whenComplete((outcome, ex) ->
            {
                final long syncedUpTo = link.journaled;
                if (null == outcome || outcome.position() > syncedUpTo)
                {
                    tooEarly.add(outcome + " completed before the end of its batch (synced up to " + syncedUpTo +
                        ")");
                }
            }));
        }
        release.countDown();
        assertTrue(EngineBank.await(held).accepted());
        final List<Outcome> outcomes = new ArrayList<>();
        for (final CompletableFuture<Outcome> result : results)
        {
            outcomes.add(EngineBank.await(result));
        }
        assertTrue(tooEarly.isEmpty(), tooEarly.toString());
        for (final Outcome outcome : outcomes)
        {
            assertTrue(outcome.accepted(), outcome.toString());
            assertFalse(outcome.duplicate(), outcome.toString());
            assertTrue(journaled.contains(outcome.position()), "the journal listener heard of " + outcome);
        }
        return outcomes;
    }

    private void assertRepeatIsDuplicate(final Engine engine, final Object command, final Outcome original)
    {
        final int records = journaled.size();
        final Outcome repeat = EngineBank.await(engine.send(command,
            SendOptions.defaults().durability(Durability.SYNCED).idempotencyKey("k-1")));
        assertTrue(repeat.accepted(), repeat.toString());
        assertTrue(repeat.duplicate(), "the key was remembered: " + repeat);
        assertEquals(original.position(), repeat.position());
        assertEquals(original.version(), repeat.version());
        assertEquals(records, journaled.size(), "nothing journaled for the repeat");
    }
}
