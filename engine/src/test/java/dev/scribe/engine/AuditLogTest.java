package dev.scribe.engine;

import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
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
}
