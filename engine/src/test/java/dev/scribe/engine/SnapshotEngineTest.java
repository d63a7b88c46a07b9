package dev.scribe.engine;

import dev.scribe.engine.snapshot.SnapshotStore;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static dev.scribe.engine.EngineBank.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotEngineTest
{
    /** An in-memory projection kept in snapshots. */
    static final class Totals implements Projection
    {
        Map<String, Long> deposited = new HashMap<>();
        long events;

        @Override
        public void onEvent(final long position, final String aggregateId, final long version, final Object event)
        {
            events++;
            if (event instanceof Bank.Deposited deposited)
            {
                this.deposited.merge(aggregateId, deposited.amount(), Long::sum);
            }
        }

        @Override
        public String snapshotName()
        {
            return "totals";
        }
    }

    @Test
    void recoversFromSnapshotPlusTailWithTheSameStateAndProjection(@TempDir final Path dir)
    {
        final long hash;
        final long events;
        final Map<String, Long> deposited;
        try (Engine engine = Engine.launch(Bank.context(dir).projection(new Totals())))
        {
            for (int i = 0; i < 50; i++)
            {
                await(engine.send(new Bank.Open("acc-" + i)));
                await(engine.send(new Bank.Deposit("acc-" + i, 100 + i)));
            }
            final SnapshotInfo info = await(engine.snapshot());
            assertEquals(50, info.aggregates());
            assertEquals(engine.stateHash(), info.stateHash());
            final Map<String, Long> counters = ToolRun.counters(dir);
            assertEquals(1, counters.get("snapshots written"));
            assertEquals(info.position(), counters.get("last snapshot position"));
            assertEquals(info.captureNanos(), counters.get("max snapshot pause ns (business logic copying the state)"));
            for (int i = 0; i < 10; i++)
            {
                await(engine.send(new Bank.Deposit("acc-" + i, 7)));
            }
            hash = engine.stateHash();
            final Totals totals = (Totals)engine.context().projections().get(0);
            Deadlines.await(() -> engine.query(totals, t -> t.events) >= 110,
                "the totals projection to see 110 events");
            events = engine.query(totals, t -> t.events);
            assertEquals(110, events);
            deposited = engine.query(totals, t -> new HashMap<>(t.deposited));
        }
        final Totals restored = new Totals();
        try (Engine engine = Engine.launch(Bank.context(dir).projection(restored)))
        {
            final Recovery recovery = engine.recovery();
            assertNotNull(recovery.snapshot(), recovery.toString());
            assertEquals(10, recovery.replayedRecords(), recovery.toString());
            assertEquals(hash, engine.stateHash());
            assertEquals(events, (long)engine.query(restored, t -> t.events));
            assertEquals(deposited, engine.query(restored, t -> new HashMap<>(t.deposited)));
            assertEquals(107L, Bank.balance(engine, "acc-0"));
            assertEquals(149L, Bank.balance(engine, "acc-49"));
        }
    }

    @Test
    void withoutSnapshotsReplaysTheWholeJournal(@TempDir final Path dir)
    {
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            await(engine.send(new Bank.Open("a")));
        }
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            assertNull(engine.recovery().snapshot());
            assertEquals(1, engine.recovery().replayedRecords());
            assertTrue(new SnapshotStore(dir.resolve("snapshots")).list().isEmpty());
        }
    }
}
