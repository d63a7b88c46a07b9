package dev.scribe.engine;

import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.scribe.engine.EngineBank.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each command's result reaches its own caller once, whatever the caller did with its future first and however many
 * times the ring wrapped: a future the caller cancelled or completed before the business logic took its slot is left
 * as the caller left it (its command still counts), and on an engine that replicates, results that wait for the
 * standby are completed by the replication gate only, the others at the end of their batch.
 */
class ResultSlotTest
{
    private static final long HOLD = 999;

    @TempDir
    Path dir;

    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    /** Accepted with no events. */
    record Touch(String account) {}

    private EngineContext context(final RingHold hold)
    {
        return Bank.context(dir).errorHandler(errors::add).interceptor(hold).ringSize(8)
            .command(Touch.class, Bank.Account.class, Touch::account,
                (final Touch cmd, final Bank.Account own, final Decision out) ->
                {
                });
    }

    @Test
    void aFutureItsCallerCancelledOrCompletedIsLeftAloneAndEveryOtherGetsItsOwnResultAsTheRingWraps()
    {
        final RingHold hold = new RingHold(c -> c instanceof Bank.Deposit d && d.amount() == HOLD);
        try (Engine engine = Engine.launch(context(hold)))
        {
            assertTrue(await(engine.send(new Bank.Open("a"))).accepted());
            final CompletableFuture<Outcome> held = engine.send(new Bank.Deposit("a", HOLD));
            hold.awaitHolding();
            final CompletableFuture<Outcome> cancelled = engine.send(new Bank.Deposit("a", 1));
            assertTrue(cancelled.cancel(false));
            final CompletableFuture<Outcome> answered = engine.send(new Bank.Deposit("a", 2));
            final Outcome mine = Outcome.rejected("answered by its caller");
            assertTrue(answered.complete(mine));
            final AtomicInteger completions = new AtomicInteger();
            final CompletableFuture<Outcome> last = engine.send(new Bank.Deposit("a", 4));
            last.whenComplete((outcome, ex) -> completions.incrementAndGet());
            hold.release();
            assertEquals(2, await(held).version());
            assertEquals(5, await(last).version(), "the commands whose futures were done still count");
            assertTrue(cancelled.isCancelled());
            assertSame(mine, answered.join(), "the caller's own answer stays");
            assertEquals(1, completions.get());

            // round the ring of 8 many times, every third future cancelled as soon as it is sent
            final int sends = 600;
            final List<CompletableFuture<Outcome>> results = new ArrayList<>();
            final AtomicInteger[] counts = new AtomicInteger[sends];
            for (int i = 0; i < sends; i++)
            {
                final AtomicInteger count = new AtomicInteger();
                counts[i] = count;
                final CompletableFuture<Outcome> result = engine.send(new Bank.Deposit("a", 1),
                    SendOptions.defaults().durability(Durability.values()[i % 3]));
                result.whenComplete((outcome, ex) -> count.incrementAndGet());
                if (i % 3 == 2)
                {
                    result.cancel(false);
                }
                results.add(result);
            }
            for (int i = 0; i < sends; i++)
            {
                final CompletableFuture<Outcome> result = results.get(i);
                if (!result.isCancelled())
                {
                    final Outcome outcome = await(result);
                    assertTrue(outcome.accepted(), outcome.toString());
                    assertEquals(6 + i, outcome.version(), "command " + i + " has its own result");
                }
            }
            Deadlines.await(() ->
            {
                for (final AtomicInteger count : counts)
                {
                    if (count.get() != 1)
                    {
                        return false;
                    }
                }
                return true;
            }, "every future to complete once");
            assertEquals(HOLD + 7 + sends, Bank.balance(engine, "a"));
            for (final AtomicInteger count : counts)
            {
                assertEquals(1, count.get(), "no future completes twice");
            }
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void onAReplicatingEngineOnlyResultsWithARecordWaitForTheStandbyAndEachCompletesOnce()
    {
        final RingHold hold = new RingHold(c -> c instanceof Bank.Deposit d && d.amount() == HOLD);
        final SendOptions replicated = SendOptions.defaults().durability(Durability.REPLICATED);
        try (Engine engine = Engine.launch(context(hold).role(EngineRole.PRIMARY)
            .replicationLink(new RecordingLink())))
        {
            engine.standbyConnected(true);
            assertTrue(await(engine.send(new Bank.Open("a"))).accepted());
            final CompletableFuture<Outcome> held = engine.send(new Bank.Deposit("a", HOLD));
            hold.awaitHolding();
            // one batch: a refusal, a command with no events, a cancelled one and a waiting one, then a JOURNALED one
            final List<AtomicInteger> counts = new ArrayList<>();
            final CompletableFuture<Outcome> refused = counted(engine.send(new Bank.Deposit("nope", 1), replicated),
                counts);
            final CompletableFuture<Outcome> touched = counted(engine.send(new Touch("a"), replicated), counts);
            final CompletableFuture<Outcome> cancelled = engine.send(new Bank.Deposit("a", 1), replicated);
            assertTrue(cancelled.cancel(false));
            final CompletableFuture<Outcome> waiting = counted(engine.send(new Bank.Deposit("a", 2), replicated),
                counts);
            final CompletableFuture<Outcome> journaled = counted(engine.send(new Bank.Deposit("a", 4)), counts);
            hold.release();
            final Outcome last = await(journaled);
            assertTrue(last.accepted(), last.toString());
            assertEquals(Outcome.Status.REJECTED, await(refused).status(), "a refusal has no record to wait for");
            assertTrue(await(touched).accepted(), "a command with no events has no record to wait for");
            assertTrue(await(held).accepted(), "a JOURNALED result does not wait for the standby");
            assertFalse(waiting.isDone(), "a REPLICATED record waits for the standby");
            assertTrue(cancelled.isCancelled());
            assertTrue(engine.acknowledged(engine.epoch(), last.position()));
            final Outcome acknowledged = await(waiting);
            assertTrue(acknowledged.accepted(), acknowledged.toString());
            assertFalse(acknowledged.degraded());
            assertEquals(last.version() - 1, acknowledged.version());
            assertTrue(cancelled.isCancelled());
            Deadlines.await(() -> counts.stream().allMatch(count -> count.get() == 1), "every result to complete");
            // a later batch goes round the same slots: nothing completes again
            final Outcome after = await(engine.send(new Bank.Deposit("a", 8)));
            assertTrue(after.accepted(), after.toString());
            for (final AtomicInteger count : counts)
            {
                assertEquals(1, count.get(), "no result completes twice");
            }
        }
        assertEquals(List.of(), errors);
    }

    private static CompletableFuture<Outcome> counted(final CompletableFuture<Outcome> result,
        final List<AtomicInteger> counts)
    {
        final AtomicInteger count = new AtomicInteger();
        counts.add(count);
        result.whenComplete((outcome, ex) -> count.incrementAndGet());
        return result;
    }
}
