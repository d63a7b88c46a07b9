package dev.scribe.engine;

import dev.scribe.engine.testing.ExpectedErrors;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.scribe.engine.EngineBank.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decisions wider than the decision's first arrays: many aggregates, an aggregate named twice, many events, one that
 * is refused or throws after emitting followed by a narrow one, and a saga's reaction rolled back in a wide decision.
 * Each record on disk holds exactly its own decision's aggregates and events, each aggregate's version in a record is
 * its version before plus the events the record gives it, and the journal replays to the state the engine had.
 */
class DecisionBreadthTest
{
    @TempDir
    Path dir;

    /** Open {@code width} other accounts (once) and deposit into each {@code perAccount} times, then end. */
    record Fan(String account, int width, int perAccount, String ending) {}

    /** Accepted with no events. */
    record Touch(String account) {}

    /** Starts the saga whose first step's request cannot be read, after a wide decision of its own. */
    record Launch(String account, int width) {}

    record Data(String id) {}

    /** An effect's request whose component cannot be read, so encoding it throws. */
    record Unreadable(String id)
    {
        @Override
        public String id()
        {
            throw new IllegalStateException("this request cannot be read");
        }
    }

    static final Saga<Data> UNSENDABLE = Saga.named("unsendable", Data.class)
        .step("ask", Saga.effect(d -> new Unreadable(d.id())));

    private static EngineContext context(final Path dir)
    {
        return Bank.context(dir)
            .saga(UNSENDABLE)
            .command(Fan.class, Bank.Account.class, Fan::account, (final Fan cmd, final Bank.Account own,
                final Decision out) ->
            {
                fan(out, cmd.account(), cmd.width(), cmd.perAccount());
                // the command's own aggregate named by id is the command's own, not a second one
                out.aggregate(Bank.Account.class, cmd.account()).emit(new Bank.Deposited(100));
                out.emit(new Bank.Deposited(1));
                if ("reject".equals(cmd.ending()))
                {
                    out.reject("refused after emitting");
                }
                else if ("throw".equals(cmd.ending()))
                {
                    throw new IllegalStateException("fails after emitting");
                }
            })
            .command(Touch.class, Bank.Account.class, Touch::account,
                (final Touch cmd, final Bank.Account own, final Decision out) ->
                {
                })
            .command(Launch.class, Bank.Account.class, Launch::account,
                (final Launch cmd, final Bank.Account own, final Decision out) ->
                {
                    fan(out, cmd.account(), cmd.width(), 2);
                    out.startSaga(UNSENDABLE, cmd.account(), new Data(cmd.account()));
                    out.emit(new Bank.Deposited(7));
                });
    }

    private static void fan(final Decision out, final String account, final int width, final int perAccount)
    {
        for (int k = 0; k < width; k++)
        {
            final Decision.Target<Bank.Account> other = out.aggregate(Bank.Account.class, account + "-" + k);
            if (!other.state().open)
            {
                other.emit(new Bank.Opened(account + "-" + k));
            }
            // named a second time: the same aggregate
            final Decision.Target<Bank.Account> again = out.aggregate(Bank.Account.class, account + "-" + k);
            for (int j = 0; j < perAccount; j++)
            {
                again.emit(new Bank.Deposited(k + 1));
            }
        }
    }

    @Test
    void aWideDecisionIsOneRecordOfItsOwnAggregatesOnceEach()
    {
        final long hash;
        try (Engine engine = Engine.launch(context(dir)))
        {
            assertTrue(await(engine.send(new Bank.Open("w"))).accepted());
            final Outcome wide = await(engine.send(new Fan("w", 9, 3, "accept")));
            assertTrue(wide.accepted(), wide.toString());
            assertEquals(3, wide.version(), "opened, then two deposits of its own");
            final Outcome narrower = await(engine.send(new Fan("w", 6, 2, "accept")));
            assertTrue(narrower.accepted(), narrower.toString());
            assertEquals(5, narrower.version());
            final Outcome self = await(engine.send(new Bank.Transfer("w", "w", 50)));
            assertTrue(self.accepted(), self.toString());
            assertEquals(7, self.version(), "a transfer to itself is one aggregate with two events");
            assertEquals(202, Bank.balance(engine, "w"));
            for (int k = 0; k < 9; k++)
            {
                assertEquals((k < 6 ? 5 : 3) * (k + 1), Bank.balance(engine, "w-" + k), "w-" + k);
            }
            hash = engine.stateHash();
        }
        final List<JournalRecords.Entry> records = JournalRecords.read(context(dir));
        assertVersionsCountTheirEvents(records);
        assertEquals(4, records.size());
        assertEquals(ids("w", 9), records.get(1).aggregateIds());
        assertEquals(9 * 4 + 2, records.get(1).events().size());
        assertEquals(ids("w", 6), records.get(2).aggregateIds());
        assertEquals(6 * 2 + 2, records.get(2).events().size());
        assertEquals(List.of("w"), records.get(3).aggregateIds());
        assertEquals(List.of(7L), records.get(3).versions());
        try (Engine engine = Engine.launch(context(dir)))
        {
            assertEquals(hash, engine.stateHash(), "the journal replays to the state the engine had");
        }
    }

    @Test
    @ExpectedErrors("DecisionBreadthTest$Fan threw")
    void aWideDecisionRefusedAfterEmittingLeavesNothingInTheNextRecord()
    {
        final long hash;
        try (Engine engine = Engine.launch(context(dir)))
        {
            assertTrue(await(engine.send(new Bank.Open("w"))).accepted());
            assertTrue(await(engine.send(new Bank.Open("z"))).accepted());
            final Outcome refused = await(engine.send(new Fan("w", 12, 2, "reject")));
            assertEquals(Outcome.Status.REJECTED, refused.status());
            assertEquals("refused after emitting", refused.reason());
            final Outcome failed = await(engine.send(new Fan("w", 10, 1, "throw")));
            assertEquals(Outcome.Status.HANDLER_FAILED, failed.status(), failed.toString());
            final Outcome deposit = await(engine.send(new Bank.Deposit("z", 5)));
            assertTrue(deposit.accepted(), deposit.toString());
            assertEquals(2, deposit.version());
            final Outcome touch = await(engine.send(new Touch("z")));
            assertTrue(touch.accepted(), touch.toString());
            assertEquals(2, touch.version());
            final Outcome narrow = await(engine.send(new Fan("w", 2, 1, "accept")));
            assertTrue(narrow.accepted(), narrow.toString());
            assertEquals(3, narrow.version());
            assertEquals(101, Bank.balance(engine, "w"));
            assertEquals(5, Bank.balance(engine, "z"));
            assertEquals(1, Bank.balance(engine, "w-0"));
            assertEquals(2, Bank.balance(engine, "w-1"));
            for (int k = 2; k < 12; k++)
            {
                final Outcome none = await(engine.send(new Bank.Withdraw("w-" + k, 1)));
                assertEquals("no account w-" + k, none.reason(), "the refused decisions opened nothing");
            }
            hash = engine.stateHash();
        }
        final List<JournalRecords.Entry> records = JournalRecords.read(context(dir));
        assertVersionsCountTheirEvents(records);
        assertEquals(4, records.size(), "open, open, deposit, the narrow fan");
        assertEquals(List.of("z"), records.get(2).aggregateIds());
        assertEquals(List.of(new Bank.Deposited(5)), records.get(2).events());
        assertEquals(ids("w", 2), records.get(3).aggregateIds());
        assertEquals(List.of(new Bank.Opened("w-0"), new Bank.Deposited(1), new Bank.Opened("w-1"),
            new Bank.Deposited(2), new Bank.Deposited(100), new Bank.Deposited(1)), records.get(3).events());
        assertEquals(List.of(1, 1, 2, 2, 0, 0), records.get(3).owners());
        try (Engine engine = Engine.launch(context(dir)))
        {
            assertEquals(hash, engine.stateHash(), "the journal replays to the state the engine had");
        }
    }

    @Test
    void aSagaReactionRolledBackInAWideDecisionTakesOnlyItsOwnEvents()
    {
        final long hash;
        try (Engine engine = Engine.launch(context(dir)))
        {
            assertTrue(await(engine.send(new Bank.Open("s"))).accepted());
            final Outcome launched = await(engine.send(new Launch("s", 5)));
            assertTrue(launched.accepted(), launched.toString());
            assertEquals(2, launched.version(), "the deposit after the saga's start is the command's own");
            Deadlines.await(() -> null != engine.events().saga(UNSENDABLE, "s"), "the run to be journaled");
            final SagaView run = engine.events().saga(UNSENDABLE, "s");
            assertEquals("FAILED", run.status(), run.toString());
            assertTrue(run.reason().contains("this request cannot be read"), run.reason());
            assertTrue(run.reason().startsWith("the saga failed starting its first step: "),
                "a run that failed before any step began says so, not a step number: " + run.reason());
            for (int k = 0; k < 5; k++)
            {
                assertEquals(2 * (k + 1), Bank.balance(engine, "s-" + k), "s-" + k);
            }
            hash = engine.stateHash();
        }
        final List<JournalRecords.Entry> records = JournalRecords.read(context(dir));
        assertVersionsCountTheirEvents(records);
        assertEquals(2, records.size());
        final JournalRecords.Entry record = records.get(1);
        final List<String> expected = new ArrayList<>(ids("s", 5));
        expected.add(UNSENDABLE.aggregateId("s"));
        assertEquals(expected, record.aggregateIds());
        final List<String> types = new ArrayList<>();
        for (final Object event : record.events())
        {
            types.add(event.getClass().getSimpleName());
        }
        final List<String> expectedTypes = new ArrayList<>();
        for (int k = 0; k < 5; k++)
        {
            expectedTypes.addAll(List.of("Opened", "Deposited", "Deposited"));
        }
        // the step's start the reaction emitted before it threw is gone; the run's failure took its place
        expectedTypes.addAll(List.of("SagaStarted", "SagaEnded", "Deposited"));
        assertEquals(expectedTypes, types);
        try (Engine engine = Engine.launch(context(dir)))
        {
            assertEquals(hash, engine.stateHash(), "the journal replays to the state the engine had");
            assertEquals("FAILED", engine.events().saga(UNSENDABLE, "s").status());
        }
    }

    /** The command's own id, then its fan's. */
    private static List<String> ids(final String own, final int width)
    {
        final List<String> ids = new ArrayList<>();
        ids.add(own);
        for (int k = 0; k < width; k++)
        {
            ids.add(own + "-" + k);
        }
        return ids;
    }

    /**
     * In every record, each aggregate is named once, and its version is its version in the record before that named
     * it (0 if none) plus the events this record gives it.
     */
    private static void assertVersionsCountTheirEvents(final List<JournalRecords.Entry> records)
    {
        final Map<String, Long> versions = new HashMap<>();
        for (final JournalRecords.Entry record : records)
        {
            final List<String> ids = record.aggregateIds();
            assertEquals(ids.size(), Set.copyOf(ids).size(), "each aggregate once in " + record);
            for (int k = 0; k < ids.size(); k++)
            {
                final int index = k;
                final long events = record.owners().stream().filter(owner -> owner == index).count();
                final long before = versions.getOrDefault(ids.get(k), 0L);
                assertEquals(before + events, record.versions().get(k), ids.get(k) + " in " + record);
                versions.put(ids.get(k), record.versions().get(k));
            }
        }
    }
}
