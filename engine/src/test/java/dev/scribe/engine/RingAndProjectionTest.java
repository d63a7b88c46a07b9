package dev.scribe.engine;

import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingAndProjectionTest
{
    private static final Duration DEADLINE = Deadlines.standard();

    @TempDir
    Path dir;

    @Test
    void aFullRingAnswersAtOnceOrWaitsAsTheCallerChose() throws Exception
    {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final EngineContext context = Bank.context(dir).ringSize(4)
            .command(Bank.Stamp.class, Bank.Stamp::account, (Bank.Stamp cmd, Bank.Account account, Decision out) ->
            {
                entered.countDown();
                try
                {
                    assertTrue(release.await(DEADLINE.toNanos(), TimeUnit.NANOSECONDS),
                        "the test to release the stamp command within " + Deadlines.describe(DEADLINE));
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
                out.reject("stamped");
            });
        try (Engine engine = Engine.launch(context))
        {
            final CompletableFuture<Outcome> blocker = engine.send(new Bank.Stamp("a"));
            assertTrue(entered.await(DEADLINE.toNanos(), TimeUnit.NANOSECONDS),
                "the business logic to take the stamp command within " + Deadlines.describe(DEADLINE));
            final List<CompletableFuture<Outcome>> queued = new ArrayList<>();
            final SendOptions noWait = SendOptions.defaults().waitWhenFull(false);
            Outcome refused = null;
            for (int i = 0; i < 16 && null == refused; i++)
            {
                final CompletableFuture<Outcome> future = engine.send(new Bank.Open("acc-" + i), noWait);
                if (future.isDone() && future.join().status() == Outcome.Status.BACK_PRESSURE)
                {
                    refused = future.join();
                }
                else
                {
                    queued.add(future);
                }
            }
            assertTrue(null != refused, "a full ring answered with back pressure");
            assertTrue(refused.reason().startsWith("the command ring is full"), refused.reason());
            release.countDown();
            assertEquals("stamped", EngineBank.await(blocker).reason());
            for (final CompletableFuture<Outcome> future : queued)
            {
                assertTrue(EngineBank.await(future).accepted());
            }
            assertTrue(EngineBank.await(engine.send(new Bank.Open("later"))).accepted());
        }
    }

    /** A projection keeping what it saw, resuming from its checkpoint. */
    static final class Seen implements Projection
    {
        final List<Long> positions = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(final long position, final String aggregateId, final long version, final Object event)
        {
            positions.add(position);
        }

        @Override
        public String checkpointName()
        {
            return "seen";
        }
    }

    @Test
    void checkpointedProjectionResumesAfterItsLastPosition()
    {
        final Seen first = new Seen();
        final long lastPosition;
        try (Engine engine = Engine.launch(Bank.context(dir).projection(first)))
        {
            engine.send(new Bank.Open("a")).join();
            lastPosition = engine.send(new Bank.Deposit("a", 5)).join().position();
        }
        assertEquals(2, first.positions.size());
        assertEquals(lastPosition, first.positions.get(1));

        final Seen second = new Seen();
        final List<Object> tapped = new CopyOnWriteArrayList<>();
        try (Engine engine = Engine.launch(Bank.context(dir).projection(second)
            .tap((position, id, version, event) -> tapped.add(event))))
        {
            assertTrue(second.positions.isEmpty(), "nothing replayed into a projection that had seen it all");
            final long position = engine.send(new Bank.Deposit("a", 7)).join().position();
            Deadlines.await(() -> !second.positions.isEmpty() && tapped.size() >= 3,
                () -> "projection and tap to catch up: projection saw " + second.positions + ", tap " + tapped,
                DEADLINE);
            assertEquals(List.of(position), second.positions);
            assertEquals(new Bank.Deposited(7), tapped.get(2), "an in-memory tap sees the replay, then live events");
        }
    }
}
