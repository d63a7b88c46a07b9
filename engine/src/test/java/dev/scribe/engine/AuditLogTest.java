package dev.scribe.engine;

import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalContext;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditLogTest
{
    @TempDir
    Path dir;

    @Test
    void keepsTheNewestEventsFromTheJournalAndFollowsItWithinItsCapacity()
    {
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            for (int a = 0; a < 3; a++)
            {
                engine.send(new Bank.Open("acc-" + a)).join();
            }
            for (int d = 1; d <= 5; d++)
            {
                engine.send(new Bank.Deposit("acc-" + d % 3, d)).join();
            }
            final List<JournalEvent> newest = engine.events().backward(null, 6).events();
            try (AuditLog audit = AuditLog.start(engine, "audit", 6))
            {
                final List<AuditLog.Entry> recent = audit.recent(10);
                assertEquals(6, recent.size());
                for (int i = 0; i < 6; i++)
                {
                    assertEquals(newest.get(i).position(), recent.get(i).position(), "entry " + i);
                    assertEquals(newest.get(i).event(), recent.get(i).event());
                }
                assertEquals(newest.get(0).correlationId(), recent.get(0).correlationId());
                assertTrue(recent.get(0).correlationId() > recent.get(1).correlationId());
                assertEquals(Bank.Deposited.class.getName(), recent.get(0).type());
                assertTrue(recent.get(0).time().getEpochSecond() > 1_600_000_000L, recent.get(0).time()::toString);

                final long last = engine.send(new Bank.Withdraw("acc-1", 1)).join().position();
                Deadlines.await(() -> audit.position() >= last, "the audit log to follow");
                final List<AuditLog.Entry> after = audit.recent(10);
                assertEquals(6, after.size(), "bounded");
                assertEquals(new Bank.Withdrawn(1), after.get(0).event());
                assertEquals(recent.subList(0, 5), after.subList(1, 6));
                assertEquals(List.of(after.get(0)), audit.of("acc-1", 1));
                assertTrue(audit.of("acc-1", 10).stream().allMatch(e -> "acc-1".equals(e.aggregateId())));
            }
            assertThrows(IllegalArgumentException.class, () -> AuditLog.start(engine, "audit", 0));
            assertThrows(IllegalArgumentException.class, () -> AuditLog.start(engine, "bad name", 5));
        }
    }

    @Test
    void anAuditLogStartedOnAJournalHoldsItsNewestRecordAtOnce() throws Exception
    {
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            try (AuditLog empty = AuditLog.start(engine, "audit", 100))
            {
                assertEquals(-1, empty.position(), "an empty journal");
            }
            engine.send(new Bank.Open("acc-1")).join();
            final long last = engine.send(new Bank.Deposit("acc-1", 5)).join().position();
            try (AuditLog audit = AuditLog.start(engine, "audit", 100))
            {
                assertEquals(2, audit.recent(100).size());
                assertEquals(last, audit.position(), "the newest record it holds");
                assertTrue(audit.awaitPosition(last, Duration.ZERO), "it holds the record at " + last);
                final long next = engine.send(new Bank.Deposit("acc-1", 6)).join().position();
                assertTrue(audit.awaitPosition(next, Deadlines.standard()), "it follows the journal to " + next);
                assertEquals(next, audit.position());
                assertEquals(3, audit.recent(100).size());
            }
        }
    }

    @Test
    void anAuditLogKeepsNoCheckpointAcrossStartsAndStartsAfterATruncation() throws Exception
    {
        final List<Long> positions = new ArrayList<>();
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            engine.send(new Bank.Open("acc-1")).join();
            for (int amount = 1; amount <= 4; amount++)
            {
                positions.add(engine.send(new Bank.Deposit("acc-1", amount)).join().position());
            }
            try (AuditLog audit = AuditLog.start(engine, "audit", 100))
            {
                assertEquals(5, audit.recent(100).size());
                final long last = engine.send(new Bank.Deposit("acc-1", 5)).join().position();
                assertTrue(audit.awaitPosition(last, Deadlines.standard()), "the audit log to follow to " + last);
            }
        }
        // a fail-over drops the records from the second deposit on; the new primary journals others there
        Journal.truncate(new JournalContext().directory(dir.resolve("journal")), positions.get(1), null);
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            final long last = engine.send(new Bank.Deposit("acc-1", 1000)).join().position();
            try (AuditLog audit = AuditLog.start(engine, "audit", 100))
            {
                assertEquals(List.of(new Bank.Deposited(1000), new Bank.Deposited(1), new Bank.Opened("acc-1")),
                    audit.recent(100).stream().map(AuditLog.Entry::event).toList());
                assertEquals(last, audit.position());
            }
        }
        // whatever its subscription's files say, an audit log starts from the journal as it is
        Files.writeString(dir.resolve("subscriptions").resolve("audit").resolve("checkpoint"), "not a checkpoint");
        try (Engine engine = Engine.launch(Bank.context(dir)); AuditLog audit = AuditLog.start(engine, "audit", 100))
        {
            assertEquals(3, audit.recent(100).size());
            final long next = engine.send(new Bank.Deposit("acc-1", 7)).join().position();
            assertTrue(audit.awaitPosition(next, Deadlines.standard()), "the audit log to follow to " + next);
            assertEquals(new Bank.Deposited(7), audit.recent(1).get(0).event());
        }
    }
}
