package dev.scribe.engine;

import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.engine.testing.ExpectedErrors;
import dev.scribe.journal.JournalContext;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad commands at the engine's door (null, unknown, bad ids and keys), failing projections and applies, aggregates
 * of two types, and bad registrations: each is refused with a reason that names the problem, nothing is journaled
 * for it, and the engine goes on accepting normal commands. The business logic's own rules for bad handlers,
 * interceptors and events are {@link DecisionRulesTest}'s, on the fixture.
 */
class EngineBadInputTest
{
    private static final Duration DEADLINE = Deadlines.standard();
    private static final int MAX_RECORD_BYTES = 4096;
    private static final long PROJECTION_BREAKER = 666;

    record BadId(String account) {}

    record Crack(String id, long value) {}
    record CrackTwice(String id, long value) {}
    record CrackAsAccount(String id) {}
    record Cracked(long value) {}

    /** An aggregate whose apply throws on 13. */
    static final class Fragile implements Aggregate
    {
        long total;

        void apply(final Cracked event)
        {
            if (event.value() == 13)
            {
                throw new IllegalStateException("unlucky 13");
            }
            total += event.value();
        }
    }

    @TempDir
    Path dir;

    private final LinkedBlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
    private final AtomicLong journaled = new AtomicLong();
    private final List<Long> projected = new ArrayList<>();

    @AfterEach
    void noUnexpectedErrors()
    {
        assertTrue(errors.isEmpty(), "errors reported: " + errors);
    }

    /** The bank, a command whose id cannot be read, a projection that breaks on one amount. */
    private EngineContext bank()
    {
        return Bank.context(dir)
            .errorHandler(errors::add)
            .journalContext(new JournalContext().maxRecordBytes(MAX_RECORD_BYTES))
            .journalListener((position, record) -> journaled.incrementAndGet())
            .command(BadId.class, (BadId cmd) ->
            {
                throw new IllegalStateException("no id here");
            }, (BadId cmd, Bank.Account account, Decision out) -> out.emit(new Bank.Deposited(1)))
            .projection((position, aggregateId, version, event) ->
            {
                if (event instanceof Bank.Deposited deposited)
                {
                    if (deposited.amount() == PROJECTION_BREAKER)
                    {
                        throw new IllegalStateException("projection cannot take " + PROJECTION_BREAKER);
                    }
                    synchronized (projected)
                    {
                        projected.add(deposited.amount());
                    }
                }
            });
    }

    private Engine launchBankWithAccount()
    {
        final Engine engine = Engine.launch(bank());
        assertTrue(send(engine, new Bank.Open("a")).accepted());
        return engine;
    }

    private static Outcome send(final Engine engine, final Object command)
    {
        return send(engine, command, SendOptions.defaults());
    }

    private static Outcome send(final Engine engine, final Object command, final SendOptions options)
    {
        return EngineBank.await(engine.send(command, options));
    }

    /** Send a bad command: it is rejected with a reason containing the text, and nothing is journaled. */
    private void assertRefused(final Engine engine, final Object command, final SendOptions options,
        final String reason)
    {
        final long before = journaled.get();
        final Outcome outcome = send(engine, command, options);
        assertEquals(Outcome.Status.REJECTED, outcome.status(), command + " gave " + outcome);
        assertTrue(outcome.reason().contains(reason), "reason '" + outcome.reason() + "' names '" + reason + "'");
        assertEquals(before, journaled.get(), "nothing journaled for " + command);
        assertStillAccepts(engine);
    }

    private void assertRefused(final Engine engine, final Object command, final String reason)
    {
        assertRefused(engine, command, SendOptions.defaults(), reason);
    }

    /** A normal command after a bad one is accepted and journaled. */
    private void assertStillAccepts(final Engine engine)
    {
        final long before = journaled.get();
        final Outcome outcome = send(engine, new Bank.Deposit("a", 1));
        assertTrue(outcome.accepted(), "a normal command after a bad one: " + outcome);
        assertEquals(before + 1, journaled.get());
    }

    @Test
    void projectionsAreAddedOnlyThroughTheContextsChecks()
    {
        // a null or late projection added straight to the list would skip projection()'s checks
        final EngineContext context = new EngineContext();
        assertThrows(UnsupportedOperationException.class, () -> context.projections().add(null));
        assertTrue(context.projections().isEmpty());
    }

    @Test
    void nullAndUnknownCommands()
    {
        try (Engine engine = launchBankWithAccount())
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> engine.send(null));
            assertEquals("command must not be null", ex.getMessage());
            assertStillAccepts(engine);
            assertRefused(engine, "not a command", "unknown command type java.lang.String");
            assertRefused(engine, new Bank.Opened("a"), "unknown command type " + Bank.Opened.class.getName());
        }
    }

    @Test
    void badAggregateIds()
    {
        try (Engine engine = launchBankWithAccount())
        {
            assertRefused(engine, new Bank.Deposit(null, 1), "the aggregate id of Deposit is null");
            assertRefused(engine, new Bank.Deposit("", 1), "the aggregate id of Deposit is empty");
            final String tooLong = "x".repeat(RecordWriter.MAX_ID_BYTES + 1);
            assertRefused(engine, new Bank.Open(tooLong), "longer than " + RecordWriter.MAX_ID_BYTES + " UTF-8 bytes");
            final String tooManyBytes = "\u00e9".repeat(RecordWriter.MAX_ID_BYTES / 2 + 1);
            assertRefused(engine, new Bank.Open(tooManyBytes), "longer than 1024 UTF-8 bytes");
            assertRefused(engine, new BadId("a"), "cannot get the aggregate id of BadId");

            final String longest = "\u00e9".repeat(RecordWriter.MAX_ID_BYTES / 2);
            assertTrue(send(engine, new Bank.Open(longest)).accepted(), "an id of exactly the limit");
            assertTrue(send(engine, new Bank.Deposit(longest, 7)).accepted());
        }
        try (Engine engine = Engine.launch(bank()))
        {
            assertEquals(7, Bank.balance(engine, "\u00e9".repeat(RecordWriter.MAX_ID_BYTES / 2)), "replayed");
        }
    }

    @Test
    void badIdempotencyKeys()
    {
        try (Engine engine = launchBankWithAccount())
        {
            final SendOptions noKey = SendOptions.defaults().idempotencyKey(null);
            assertFalse(send(engine, new Bank.Deposit("a", 1), noKey).duplicate());
            assertFalse(send(engine, new Bank.Deposit("a", 1), noKey).duplicate(), "no key, no deduplication");
            final String keyProblem = "the idempotency key must be 1 to " + RecordWriter.MAX_ID_BYTES + " UTF-8 bytes";
            assertRefused(engine, new Bank.Deposit("a", 1), SendOptions.defaults().idempotencyKey(""), keyProblem);
            assertRefused(engine, new Bank.Deposit("a", 1),
                SendOptions.defaults().idempotencyKey("k".repeat(RecordWriter.MAX_ID_BYTES + 1)), keyProblem);
            final SendOptions longest = SendOptions.defaults().idempotencyKey("k".repeat(RecordWriter.MAX_ID_BYTES));
            assertFalse(send(engine, new Bank.Deposit("a", 1), longest).duplicate());
            assertTrue(send(engine, new Bank.Deposit("a", 1), longest).duplicate());
        }
    }

    @ExpectedErrors("threw on Deposited")
    @Test
    void aFailingProjectionIsReportedAndTheRestGoesOn() throws InterruptedException
    {
        try (Engine engine = launchBankWithAccount())
        {
            assertTrue(send(engine, new Bank.Deposit("a", PROJECTION_BREAKER)).accepted());
            final Throwable error = errors.poll(DEADLINE.toNanos(), TimeUnit.NANOSECONDS);
            assertTrue(null != error,
                "the projection's failure is reported within " + Deadlines.describe(DEADLINE));
            assertTrue(error.getMessage().contains("threw on Deposited"), error.getMessage());
            assertEquals("projection cannot take " + PROJECTION_BREAKER, error.getCause().getMessage());
            assertStillAccepts(engine);
            assertTrue(send(engine, new Bank.Deposit("a", 5)).accepted());
            Deadlines.await(() -> projectedContains(5L), "the projection to go on after a failure (to see 5)");
            assertEquals(List.of(1L, 5L), projectedCopy(), "every event but the one it failed on");
        }
    }

    private boolean projectedContains(final long amount)
    {
        synchronized (projected)
        {
            return projected.contains(amount);
        }
    }

    private List<Long> projectedCopy()
    {
        synchronized (projected)
        {
            return new ArrayList<>(projected);
        }
    }

    /** Account and Fragile side by side, their commands registered with their aggregate types. */
    private EngineContext twoTypes()
    {
        return new EngineContext()
            .directory(dir)
            .errorHandler(errors::add)
            .journalListener((position, record) -> journaled.incrementAndGet())
            .aggregate(Bank.Account.class, Bank.Account::new)
            .aggregate(Fragile.class, Fragile::new)
            .event(Bank.Opened.class, 1)
            .event(Bank.Deposited.class, 2)
            .event(Bank.Withdrawn.class, 3)
            .event(Cracked.class, 4)
            .command(Bank.Open.class, Bank.Account.class, Bank.Open::account,
                (Bank.Open cmd, Bank.Account account, Decision out) -> out.emit(new Bank.Opened(cmd.account())))
            .command(Bank.Deposit.class, Bank.Account.class, Bank.Deposit::account,
                (Bank.Deposit cmd, Bank.Account account, Decision out) -> out.emit(new Bank.Deposited(cmd.amount())))
            .command(Crack.class, Fragile.class, Crack::id,
                (Crack cmd, Fragile fragile, Decision out) -> out.emit(new Cracked(cmd.value())))
            .command(CrackTwice.class, Fragile.class, CrackTwice::id, (CrackTwice cmd, Fragile fragile, Decision out) ->
            {
                out.emit(new Cracked(cmd.value()));
                out.aggregate(Fragile.class, cmd.id()).emit(new Cracked(cmd.value()));
            })
            .command(CrackAsAccount.class, Fragile.class, CrackAsAccount::id,
                (CrackAsAccount cmd, Fragile fragile, Decision out) ->
                {
                    out.emit(new Cracked(1));
                    out.aggregate(Bank.Account.class, cmd.id()).emit(new Bank.Deposited(1));
                });
    }

    @ExpectedErrors("apply(Cracked) of f threw")
    @Test
    void anApplyThatThrowsIsReportedLiveAndOnReplay() throws InterruptedException
    {
        final long hash;
        try (Engine engine = Engine.launch(twoTypes()))
        {
            assertTrue(send(engine, new Crack("f", 2)).accepted());
            final Outcome unlucky = send(engine, new Crack("f", 13));
            assertTrue(unlucky.accepted(), "journaled before it was applied, so accepted: " + unlucky);
            assertEquals(2, unlucky.version());
            final Throwable live = errors.poll(DEADLINE.toNanos(), TimeUnit.NANOSECONDS);
            assertTrue(null != live && live.getMessage().contains("apply(Cracked) of f threw after the event was " +
                "journaled"), "the live failure reported within " + Deadlines.describe(DEADLINE) + ": " + live);
            assertEquals(3, send(engine, new Crack("f", 5)).version(), "the aggregate goes on");
            hash = engine.stateHash();
        }
        try (Engine engine = Engine.launch(twoTypes()))
        {
            final Throwable replay = errors.poll(DEADLINE.toNanos(), TimeUnit.NANOSECONDS);
            assertTrue(null != replay && replay.getMessage().contains("apply(Cracked) of f threw while replaying"),
                "the failure on replay reported within " + Deadlines.describe(DEADLINE) + ": " + replay);
            assertEquals(hash, engine.stateHash(), "the same state as before the restart");
            assertEquals(4, send(engine, new Crack("f", 1)).version());
        }
    }

    @Test
    void aHandlerReachingItsOwnNewAggregateGetsTheSameAggregate()
    {
        final long hash;
        try (Engine engine = Engine.launch(twoTypes()))
        {
            final Outcome twice = send(engine, new CrackTwice("n", 4));
            assertTrue(twice.accepted(), twice.toString());
            assertEquals(2, twice.version(), "two events on one aggregate");
            assertEquals(3, send(engine, new Crack("n", 1), SendOptions.defaults().expectVersion(2)).version());
            hash = engine.stateHash();
        }
        try (Engine engine = Engine.launch(twoTypes()))
        {
            assertEquals(hash, engine.stateHash(), "the state equals a fresh replay");
            assertEquals(4, send(engine, new Crack("n", 1), SendOptions.defaults().expectVersion(3)).version());
        }
    }

    @Test
    void anIdOfAnotherTypeIsRefused()
    {
        try (Engine engine = Engine.launch(twoTypes()))
        {
            assertTrue(send(engine, new Bank.Open("a")).accepted());
            assertRefused(engine, new Crack("a", 1), "a is a Account, not a Fragile");
            assertRefused(engine, new CrackAsAccount("n"), "n is a Fragile, not a Account");
            assertTrue(send(engine, new Crack("f", 1)).accepted());
            assertRefused(engine, new CrackAsAccount("f"), "f is a Fragile, not a Account");
        }
        final long records = journaled.get();
        try (Engine engine = Engine.launch(twoTypes()))
        {
            assertEquals(records, engine.replayedRecords(), "the journal replays");
        }
    }

    @Test
    void badRegistrationsFailTheLaunchNamingTheProblem()
    {
        assertLaunchFails(() -> new EngineContext().directory(dir), "no aggregates are registered");
        assertLaunchFails(() -> Bank.context(dir).ringSize(3), "ringSize must be a power of two");
        assertLaunchFails(() -> Bank.context(dir).ringSize(-8), "ringSize must be a power of two");
        assertLaunchFails(() -> Bank.context(dir).ringSize(1), "ringSize must be a power of two");
        assertLaunchFails(() -> Bank.context(dir).durability(Durability.REPLICATED),
            "durability REPLICATED needs a standby");
        assertLaunchFails(() -> Bank.context(dir).command(Bank.Open.class, Bank.Open::account,
            (Bank.Open cmd, Bank.Account account, Decision out) -> out.reject("again")), "registered twice");
        assertLaunchFails(() -> new EngineContext().directory(dir)
            .aggregate(Bank.Account.class, Bank.Account::new)
            .command(Crack.class, Fragile.class, Crack::id, (Crack cmd, Fragile f, Decision out) -> out.reject("no")),
            Fragile.class.getName() + ", which is not a registered aggregate");
        assertLaunchFails(() -> twoTypes().command(DecisionRulesTest.Stray.class, DecisionRulesTest.Stray::account,
            (DecisionRulesTest.Stray cmd, Bank.Account account, Decision out) -> out.reject("no")),
            "2 aggregate types are registered");
        assertLaunchFails(() -> Bank.context(dir).aggregate(Twin.class, Twin::new),
            "event " + Bank.Deposited.class.getName() + " is applied by both");
        assertLaunchFails(() -> new EngineContext().directory(dir).aggregate(Classy.class, Classy::new),
            "event " + NotARecord.class.getName() + " is not a record");
        assertLaunchFails(() -> new EngineContext().directory(dir).aggregate(Empty.class, Empty::new),
            "has no apply methods");
        assertLaunchFails(() -> Bank.context(dir).projection(new Projection()
        {
            @Override
            public void onEvent(final long position, final String aggregateId, final long version, final Object e)
            {
            }

            @Override
            public String checkpointName()
            {
                return "../escape";
            }
        }), "projection checkpoint name must be");

        try (Engine engine = Engine.launch(Bank.context(dir).errorHandler(errors::add)))
        {
            assertTrue(send(engine, new Bank.Open("a")).accepted(), "a good launch on the same directory");
        }
    }

    private static void assertLaunchFails(final Supplier<EngineContext> context, final String problem)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Engine.launch(context.get()).close(), problem);
        assertTrue(ex.getMessage().contains(problem), "'" + ex.getMessage() + "' names '" + problem + "'");
    }

    /** Applies the bank's Deposited too. */
    static final class Twin implements Aggregate
    {
        long total;

        void apply(final Bank.Deposited event)
        {
            total += event.amount();
        }
    }

    /** An event that is a plain class. */
    static final class NotARecord
    {
    }

    /** Applies a plain-class event. */
    static final class Classy implements Aggregate
    {
        int count;

        void apply(final NotARecord event)
        {
            count++;
        }
    }

    /** Applies nothing. */
    static final class Empty implements Aggregate
    {
    }
}
