package dev.scribe.engine;

import dev.scribe.engine.testing.ExpectedErrors;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static dev.scribe.engine.EngineBank.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An engine runs only the threads something needs: the business logic always; a responder and the replication
 * gate's completer only when it replicates; a thread per projection; the snapshot thread only with a snapshot policy
 * (which looks for requests) or once a snapshot is taken; the thread that logs handler failures once a handler has
 * thrown. And a sender behind a full ring waits for room without a thread of the engine's own.
 */
class EngineThreadsTest
{
    private static final long HOLD = 999;

    @TempDir
    Path dir;

    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    /** The live threads whose names start with {@code scribe-}. */
    private static Set<Thread> scribeThreads()
    {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
            .filter(thread -> thread.getName().startsWith("scribe-")).collect(Collectors.toSet());
    }

    /** The journal's pretouching thread, which every engine that journals starts at its first append. */
    private static final String PRETOUCH = "scribe-journal-pretouch";

    /** The names of the scribe threads an engine launched from the context starts, which its close ends. */
    private Set<String> threadsOf(final EngineContext context)
    {
        final Set<Thread> before = scribeThreads();
        final Set<Thread> started = new HashSet<>();
        try (Engine engine = Engine.launch(context.errorHandler(errors::add)))
        {
            assertTrue(await(engine.send(new Bank.Open("a"))).accepted());
            started.addAll(scribeThreads());
            started.removeAll(before);
        }
        Deadlines.await(() -> started.stream().noneMatch(Thread::isAlive), "the engine's threads to end at its close");
        return started.stream().map(Thread::getName).collect(Collectors.toSet());
    }

    @Test
    void anEngineRunsOnlyTheThreadsItNeeds()
    {
        assertEquals(Set.of("scribe-ring-0", PRETOUCH), threadsOf(Bank.context(dir.resolve("plain"))),
            "the business logic alone, and the journal's pretouching from the first append");
        assertEquals(Set.of("scribe-ring-0", PRETOUCH, "scribe-ring-1"),
            threadsOf(Bank.context(dir.resolve("projected")).projection((position, id, version, event) -> { })),
            "and one for the projection");
        assertEquals(Set.of("scribe-ring-0", PRETOUCH, "scribe-ring-1", "scribe-replicated"),
            threadsOf(Bank.context(dir.resolve("replicated")).replicationLink(new RecordingLink())),
            "and the responder and the gate's completer for REPLICATED results");
        assertEquals(Set.of("scribe-ring-0", PRETOUCH, "scribe-snapshot"),
            threadsOf(Bank.context(dir.resolve("policy")).snapshots(new SnapshotPolicy())),
            "and the snapshot thread, which looks for requests");
        assertEquals(List.of(), errors);
    }

    @ExpectedErrors(Bank.FAIL_ERROR)
    @Test
    void theFirstHandlerThatThrowsStartsTheThreadThatLogsIt()
    {
        final Set<Thread> before = scribeThreads();
        try (Engine engine = Engine.launch(Bank.context(dir).errorHandler(errors::add)))
        {
            assertTrue(await(engine.send(new Bank.Open("a"))).accepted());
            assertFalse(scribeThreads().stream().anyMatch(t -> t.getName().equals("scribe-handler-failures")),
                "no handler has thrown yet");
            assertEquals(Outcome.Status.HANDLER_FAILED, await(engine.send(new Bank.Fail("a"))).status());
            assertTrue(scribeThreads().stream().anyMatch(t -> t.getName().equals("scribe-handler-failures")),
                scribeThreads().toString());
            Deadlines.await(() -> 1 == errors.size(), "the failure reported on that thread");
        }
        Deadlines.await(() -> scribeThreads().stream().allMatch(before::contains),
            "the engine's threads to end at its close");
    }

    @Test
    void aSenderBehindAFullRingWaitsForRoomAndGoesOn() throws InterruptedException
    {
        final RingHold hold = new RingHold(c -> c instanceof Bank.Deposit d && d.amount() == HOLD);
        try (Engine engine = Engine.launch(Bank.context(dir).errorHandler(errors::add).interceptor(hold)
            .ringSize(64)))
        {
            assertTrue(await(engine.send(new Bank.Open("a"))).accepted());
            final CompletableFuture<Outcome> held = engine.send(new Bank.Deposit("a", HOLD));
            hold.awaitHolding();
            final List<CompletableFuture<Outcome>> results = new CopyOnWriteArrayList<>();
            final SendOptions noWait = SendOptions.defaults().waitWhenFull(false);
            CompletableFuture<Outcome> refused = null;
            while (null == refused)
            {
                final CompletableFuture<Outcome> result = engine.send(new Bank.Deposit("a", 1), noWait);
                if (result.isDone() && result.join().status() == Outcome.Status.BACK_PRESSURE)
                {
                    refused = result;
                }
                else
                {
                    results.add(result);
                }
            }
            assertEquals(63, results.size(), "the rest of the ring");
            assertSame(refused.join(), engine.send(new Bank.Deposit("a", 1), noWait).join(),
                "back pressure is one shared outcome");
            final Thread sender = new Thread(() ->
            {
                for (int i = 0; i < 200; i++)
                {
                    results.add(engine.send(new Bank.Deposit("a", 1)));
                }
            }, "waiting-sender");
            sender.start();
            Deadlines.await(() -> sender.getState() == Thread.State.TIMED_WAITING, "the sender to wait for room");
            assertFalse(held.isDone());
            hold.release();
            sender.join(Deadlines.standard().toMillis());
            assertFalse(sender.isAlive(), "the sender got its room");
            assertTrue(await(held).accepted());
            for (final CompletableFuture<Outcome> result : results)
            {
                assertTrue(await(result).accepted());
            }
            assertEquals(HOLD + 263, Bank.balance(engine, "a"));
        }
        assertEquals(List.of(), errors);
    }
}
