package dev.scribe.engine;

import dev.scribe.engine.testing.ExpectedErrors;
import dev.scribe.test.Deadlines;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static dev.scribe.engine.EngineBank.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Results complete on the business-logic thread at the end of each batch, after the batch's end (its sync): at
 * every durability, in ring order, with the journal position already published; and code attached to them, or a
 * response listener, that throws or asks for what only that thread can give stops nothing.
 */
class ResultCompletionTest
{
    private static final long HOLD = 999;

    @TempDir
    Path dir;

    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    @Test
    void resultsCompleteOnTheBusinessLogicThreadInRingOrderAfterTheEndOfTheirBatchAtEveryDurability()
    {
        final RingHold hold = new RingHold(c -> c instanceof Bank.Deposit d && d.amount() == HOLD);
        final Durability[] levels = {Durability.APPLIED, Durability.JOURNALED, Durability.SYNCED};
        final List<Integer> order = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final List<String> early = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Outcome>> results = new ArrayList<>();
        try (Engine engine = Engine.launch(Bank.context(dir).errorHandler(errors::add).interceptor(hold)))
        {
            assertTrue(await(engine.send(new Bank.Open("a"))).accepted());
            final CompletableFuture<Outcome> held = engine.send(new Bank.Deposit("a", HOLD));
            hold.awaitHolding();
            // none of these can complete before the callbacks are attached: the business logic is held
            for (int i = 0; i < 300; i++)
            {
                final int index = i;
                results.add(engine.send(new Bank.Deposit("a", 1), SendOptions.defaults().durability(levels[i % 3]))
                    .whenComplete((outcome, ex) ->
                    {
                        threads.add(Thread.currentThread().getName());
                        // the batch's end published the journal position before any of its results completed
                        if (null == outcome || outcome.position() > engine.counters().journalPosition())
                        {
                            early.add(outcome + " before the end of its batch");
                        }
                        order.add(index); // last: the test waits for it
                    }));
            }
            hold.release();
            assertTrue(await(held).accepted());
            for (final CompletableFuture<Outcome> result : results)
            {
                assertTrue(await(result).accepted());
            }
            Deadlines.await(() -> order.size() == results.size(), "every attached callback to run");
            final List<Integer> sorted = new ArrayList<>(order);
            sorted.sort(null);
            assertEquals(sorted, order, "completed in the order sent");
            assertEquals(Set.of("scribe-ring-0"), Set.copyOf(threads), "completed on the business-logic thread");
            assertEquals(List.of(), early);
        }
        assertEquals(List.of(), errors);
    }

    @Test
    @ExpectedErrors("the listener fails on purpose")
    void aListenerThatThrowsHoldsUpNoOtherResult()
    {
        final List<Long> heard = new CopyOnWriteArrayList<>();
        final ResponseListener listener = (correlationId, status, position, version, reason) ->
        {
            heard.add(correlationId);
            if (correlationId % 3 == 0)
            {
                throw new IllegalStateException("the listener fails on purpose on " + correlationId);
            }
        };
        try (Engine engine = Engine.launch(BatchPublishTest.ledger(dir).errorHandler(errors::add)))
        {
            final CommandPublisher publisher = engine.publisher(listener);
            final int count = publisher.claimBatch(12);
            for (int i = 0; i < count; i++)
            {
                BatchPublishTest.deposit(publisher.buffer(i), 7, 1);
                publisher.command(i, BinaryPathTest.DEPOSIT, 16, i + 1);
            }
            publisher.publishBatch();
            Deadlines.await(() -> heard.size() == 12, "every response");
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L), heard);
            // each failure reaches the error handler right after the listener heard of its command
            Deadlines.await(() -> errors.size() == 4, () -> "four errors reported: " + errors, Deadlines.standard());
            // and the engine goes on
            final MutableDirectBuffer buffer = publisher.claim(BinaryPathTest.DEPOSIT);
            BatchPublishTest.deposit(buffer, 7, 1);
            publisher.publish(16, 13);
            Deadlines.await(() -> heard.size() == 13, "the response to a later command");
        }
    }

    @Test
    void codeAttachedToAResultThatThrowsFailsOnlyItsOwnStage()
    {
        try (Engine engine = Engine.launch(Bank.context(dir).errorHandler(errors::add)))
        {
            assertTrue(await(engine.send(new Bank.Open("a"))).accepted());
            final CompletableFuture<Void> failing = engine.send(new Bank.Deposit("a", 1)).thenAccept(outcome ->
            {
                throw new IllegalStateException("attached code fails on purpose");
            });
            final CompletionException failure = assertThrows(CompletionException.class, failing::join);
            assertTrue(failure.getCause().getMessage().contains("on purpose"), failure.toString());
            assertTrue(await(engine.send(new Bank.Deposit("a", 1))).accepted());
            assertEquals(2, Bank.balance(engine, "a"));
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void attachedCodeCannotWaitForWhatOnlyTheEngineThreadsGive()
    {
        final RingHold hold = new RingHold(c -> c instanceof Bank.Deposit d && d.amount() == HOLD);
        try (Engine engine = Engine.launch(Bank.context(dir).errorHandler(errors::add).interceptor(hold).ringSize(4)))
        {
            assertTrue(await(engine.send(new Bank.Open("a"))).accepted());
            final CompletableFuture<Outcome> held = engine.send(new Bank.Deposit("a", HOLD));
            hold.awaitHolding();
            // attached while the business logic is held, so the code runs on its thread
            final CompletableFuture<Long> hash = engine.send(new Bank.Deposit("a", 1))
                .thenApply(outcome -> engine.stateHash());
            final Engine running = engine;
            final CompletableFuture<Void> close = engine.send(new Bank.Deposit("a", 1))
                .thenAccept(outcome -> running.close());
            // sends that wait for room: the ring fills (only the business logic, busy running this code, empties
            // it), and then one is refused instead of waiting forever
            final List<CompletableFuture<Outcome>> sent = new CopyOnWriteArrayList<>();
            final CompletableFuture<Void> flood = engine.send(new Bank.Deposit("a", 1)).thenAccept(outcome ->
            {
                for (int i = 0; i < 10; i++)
                {
                    sent.add(engine.send(new Bank.Deposit("a", 1)));
                }
            });
            hold.release();
            assertTrue(await(held).accepted());
            assertEngineThreadRefused(hash, "the state hash would wait on thread 'scribe-ring-0'");
            assertEngineThreadRefused(close, "closing the engine would wait on thread 'scribe-ring-0'");
            assertEngineThreadRefused(flood, "a claim in the full command ring would wait on thread 'scribe-ring-0'");
            assertTrue(sent.size() < 10, "sent " + sent.size());
            for (final CompletableFuture<Outcome> result : sent)
            {
                assertTrue(await(result).accepted());
            }
            assertEquals(HOLD + 3 + sent.size(), Bank.balance(engine, "a"), "the engine goes on");
            assertTrue(engine.stateHash() != 0);
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void aListenerThatWaitsForRoomIsRefusedAndTheEngineStillCloses() throws InterruptedException
    {
        final List<EngineException> refusals = new CopyOnWriteArrayList<>();
        final AtomicReference<CommandPublisher> inner = new AtomicReference<>();
        final ResponseListener listener = (correlationId, status, position, version, reason) ->
        {
            if (correlationId != 1)
            {
                return;
            }
            try
            {
                for (int i = 0; i < 100; i++) // more than the ring, which only this thread empties
                {
                    BatchPublishTest.deposit(inner.get().claim(BinaryPathTest.DEPOSIT), 7, 1);
                    inner.get().publish(16, 1000 + i);
                }
            }
            catch (final EngineException ex)
            {
                refusals.add(ex);
            }
        };
        final Engine engine = Engine.launch(BatchPublishTest.ledger(dir).errorHandler(errors::add));
        try
        {
            inner.set(engine.publisher(listener));
            final CommandPublisher outer = engine.publisher(listener);
            BatchPublishTest.deposit(outer.claim(BinaryPathTest.DEPOSIT), 7, 1);
            outer.publish(16, 1);
            Deadlines.await(() -> !refusals.isEmpty(), "the listener's claim to be refused");
            assertTrue(refusals.get(0).getMessage().contains(
                "a claim in the full command ring would wait on thread 'scribe-ring-0'"), refusals.toString());
        }
        finally
        {
            final Thread closing = new Thread(engine::close, "closing");
            closing.start();
            closing.join(Deadlines.standard().toMillis());
            assertTrue(!closing.isAlive(), "the close finished: the refused claim is not counted as in flight");
        }
        assertEquals(List.of(), errors);
    }

    private static void assertEngineThreadRefused(final CompletableFuture<?> stage, final String message)
    {
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        Deadlines.await(stage::isDone, "the attached code to finish");
        stage.whenComplete((value, ex) -> failure.set(ex));
        final Throwable cause = null == failure.get() ? null : failure.get().getCause();
        assertInstanceOf(EngineException.class, cause, String.valueOf(failure.get()));
        assertTrue(cause.getMessage().contains(message), cause.getMessage());
    }
}
