package dev.scribe.engine;

import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProjectionRebuildTest
{
    @TempDir
    Path dir;

    /** Balances as a new version of the projection might keep them: the same figures, counted another way. */
    static final class Rebuilt extends EngineBank.Balances
    {
        final AtomicLong events = new AtomicLong();

        @Override
        public void onEvent(final long position, final String aggregateId, final long version, final Object event)
        {
            events.incrementAndGet();
            super.onEvent(position, aggregateId, version, event);
        }
    }

    @Test
    void aRebuiltProjectionIsSwappedInWhileCommandsFlowAndEqualsOneBuiltFromScratch() throws Exception
    {
        final EngineBank.Balances inUse = new EngineBank.Balances();
        try (Engine engine = Engine.launch(Bank.context(dir).projection(inUse)))
        {
            for (int a = 0; a < 20; a++)
            {
                engine.send(new Bank.Open("acc-" + a)).join();
            }
            for (int i = 0; i < 20_000; i++)
            {
                engine.send(new Bank.Deposit("acc-" + i % 20, 1 + i % 7));
            }
            final AtomicBoolean sending = new AtomicBoolean(true);
            final List<CompletableFuture<Outcome>> sent = new ArrayList<>();
            final Thread producer = new Thread(() ->
            {
                for (int i = 0; sending.get(); i++)
                {
                    final CompletableFuture<Outcome> outcome = engine.send(new Bank.Deposit("acc-" + i % 20, 3));
                    if (0 == i % 64)
                    {
                        outcome.join();
                    }
                    synchronized (sent)
                    {
                        sent.add(outcome);
                    }
                }
            }, "producer");
            producer.start();
            final Rebuilt rebuilt = new Rebuilt();
            final CompletableFuture<EngineBank.Balances> swapped = engine.projections().rebuild(inUse, rebuilt);
            assertSame(rebuilt, swapped.get(Deadlines.standard().toMillis(), TimeUnit.MILLISECONDS));
            final long positionAtSwap = inUse.position();
            for (int i = 0; i < 500; i++)
            {
                engine.send(new Bank.Deposit("acc-" + i % 20, 5));
            }
            sending.set(false);
            producer.join();
            final long last = engine.send(new Bank.Deposit("acc-0", 1)).join().position();
            final Map<String, Long> viaOld = engine.projections().query(inUse, last, Deadlines.standard(),
                EngineBank.Balances::copy);
            final Map<String, Long> viaNew = engine.projections().query(rebuilt, b -> b.copy());
            assertEquals(viaNew, viaOld, "queries by either instance read the rebuilt one");
            assertEquals(positionAtSwap, inUse.position(), "the old instance gets nothing after the swap");

            final EngineBank.Balances scratch = new EngineBank.Balances();
            final RunningSubscription fromScratch = engine.subscriptions().start(Subscription.named("scratch")
                .eachEvent(e -> scratch.onEvent(e.position(), e.aggregateId(), e.version(), e.event())));
            Deadlines.await(() -> fromScratch.position() >= last, "the scratch build");
            fromScratch.close();
            assertEquals(scratch.copy(), viaNew, "the rebuilt projection equals one built from scratch");
            long deposits = 0;
            for (final CompletableFuture<Outcome> outcome : sent)
            {
                deposits += outcome.join().accepted() ? 3 : 0;
            }
            assertTrue(deposits > 0);
            assertEquals(scratch.copy().values().stream().mapToLong(Long::longValue).sum(),
                viaNew.values().stream().mapToLong(Long::longValue).sum());
        }
    }

    /** A rebuilt projection that holds its first event until released. */
    static final class BlockingRebuild extends EngineBank.Balances
    {
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void onEvent(final long position, final String aggregateId, final long version, final Object event)
        {
            try
            {
                release.await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            super.onEvent(position, aggregateId, version, event);
        }
    }

    @Test
    void aRebuildThatThrowsLeavesTheProjectionInUseAndBadRequestsAreRefused()
    {
        final EngineBank.Balances inUse = new EngineBank.Balances();
        try (Engine engine = Engine.launch(Bank.context(dir).projection(inUse)))
        {
            engine.send(new Bank.Open("acc-1")).join();
            final long last = engine.send(new Bank.Deposit("acc-1", 5)).join().position();
            engine.projections().query(inUse, last, Deadlines.standard(), b -> b); // it has events to rebuild from
            final EngineBank.Balances broken = new EngineBank.Balances()
            {
                @Override
                public void onEvent(final long position, final String aggregateId, final long version,
                    final Object event)
                {
                    throw new IllegalStateException("version 2 has a bug");
                }
            };
            final CompletionException failed = assertThrows(CompletionException.class,
                () -> engine.projections().rebuild(inUse, broken).join());
            assertTrue(failed.getCause().getMessage().contains("version 2 has a bug"), failed.getCause()::toString);
            final Long balance = engine.projections().query(inUse, last, Deadlines.standard(),
                b -> b.copy().get("acc-1"));
            assertEquals(Long.valueOf(5), balance);
            assertThrows(IllegalArgumentException.class, () -> engine.projections().rebuild(inUse, inUse));
            final BlockingRebuild slow = new BlockingRebuild();
            final CompletableFuture<EngineBank.Balances> first = engine.projections().rebuild(inUse, slow);
            final IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> engine.projections().rebuild(inUse, new EngineBank.Balances()));
            assertTrue(twice.getMessage().contains("is being rebuilt already"), twice.getMessage());
            slow.release.countDown();
            first.join();
            assertThrows(IllegalArgumentException.class,
                () -> engine.projections().rebuild(new EngineBank.Balances(), new EngineBank.Balances()));
        }
    }

    @Test
    void closingTheEngineStopsARebuildInProgressAndRefusesNewOnes() throws Exception
    {
        final EngineBank.Balances inUse = new EngineBank.Balances();
        final Engine engine = Engine.launch(Bank.context(dir).projection(inUse));
        final CompletableFuture<EngineBank.Balances> rebuilding;
        final CountDownLatch started = new CountDownLatch(1);
        try
        {
            engine.send(new Bank.Open("acc-1")).join();
            for (int i = 0; i < 2_000; i++)
            {
                engine.send(new Bank.Deposit("acc-1", 1));
            }
            engine.send(new Bank.Deposit("acc-1", 1)).join();
            final EngineBank.Balances slow = new EngineBank.Balances()
            {
                @Override
                public void onEvent(final long position, final String aggregateId, final long version,
                    final Object event)
                {
                    started.countDown();
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // a costly projection, say
                    super.onEvent(position, aggregateId, version, event);
                }
            };
            rebuilding = engine.projections().rebuild(inUse, slow);
            assertTrue(started.await(Deadlines.standard().toMillis(), TimeUnit.MILLISECONDS), "the rebuild to start");
        }
        finally
        {
            engine.close();
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.isAlive() && t.getName().startsWith("scribe-rebuild-")),
            "no rebuild thread outlives the engine");
        assertTrue(rebuilding.isCompletedExceptionally(), "the rebuild ends with the engine");
        final CompletionException stopped = assertThrows(CompletionException.class, rebuilding::join);
        assertTrue(stopped.getCause().getMessage().contains("closed"), stopped.getCause()::toString);
        assertThrows(IllegalStateException.class,
            () -> engine.projections().rebuild(inUse, new EngineBank.Balances()));
    }

    @Test
    void closingTheEngineGoesOnWithoutARebuildWhoseOnEventDoesNotReturn() throws Exception
    {
        final EngineBank.Balances inUse = new EngineBank.Balances();
        final Engine engine = Engine.launch(Bank.context(dir).projection(inUse)
            .handlerStopTimeout(Duration.ofMillis(200)));
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicReference<Thread> thread = new AtomicReference<>();
        final CompletableFuture<EngineBank.Balances> rebuilding;
        try
        {
            engine.send(new Bank.Open("acc-1")).join();
            final long last = engine.send(new Bank.Deposit("acc-1", 1)).join().position();
            engine.projections().query(inUse, last, Deadlines.standard(), b -> b);
            final EngineBank.Balances stuck = new EngineBank.Balances()
            {
                @Override
                public void onEvent(final long position, final String aggregateId, final long version,
                    final Object event)
                {
                    thread.set(Thread.currentThread());
                    entered.countDown();
                    SubscriptionStopTest.awaitIgnoringInterrupts(release);
                    super.onEvent(position, aggregateId, version, event);
                }
            };
            rebuilding = engine.projections().rebuild(inUse, stuck);
            assertTrue(entered.await(Deadlines.standard().toMillis(), TimeUnit.MILLISECONDS), "the rebuild to start");
            final Thread closer = new Thread(engine::close, "closer");
            closer.start();
            Deadlines.await(() -> !closer.isAlive(), "the engine to close although a rebuild's onEvent blocks");
        }
        finally
        {
            release.countDown();
            engine.close();
        }
        final CompletionException stopped = assertThrows(CompletionException.class, rebuilding::join);
        assertTrue(stopped.getCause().getMessage().contains("closed"), stopped.getCause()::toString);
        Deadlines.await(() -> !thread.get().isAlive(), "the rebuild's thread to end once its onEvent returned");
    }
}
