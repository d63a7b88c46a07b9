package dev.scribe.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.scribe.engine.EngineBank.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadOnlyEngineTest
{
    @Test
    void rebuildsTheStateAsOfAnyPositionBesideTheLiveEngine(@TempDir final Path dir)
    {
        final List<long[]> hashes = new ArrayList<>();
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            for (int i = 0; i < 40; i++)
            {
                final Outcome outcome = await(engine.send(i % 4 == 0 ?
                    new Bank.Open("acc-" + i / 4) : new Bank.Deposit("acc-" + i / 4, i)));
                hashes.add(new long[]{outcome.position(), engine.stateHash()});
                if (i == 20)
                {
                    await(engine.snapshot());
                }
            }
            for (final int index : new int[]{0, 7, 19, 20, 21, 33, 39})
            {
                final long position = hashes.get(index)[0];
                for (final boolean useSnapshots : new boolean[]{true, false})
                {
                    try (ReadOnlyEngine past = ReadOnlyEngine.rebuild(Bank.context(dir), position, useSnapshots,
                        null))
                    {
                        assertEquals(position, past.position(), "position of command " + index);
                        assertEquals(hashes.get(index)[1], past.stateHash(), "hash after command " + index);
                        final boolean fromSnapshot = useSnapshots && index >= 20;
                        assertEquals(fromSnapshot, null != past.recovery().snapshot(), past.recovery().toString());
                    }
                }
            }
            try (ReadOnlyEngine past = ReadOnlyEngine.rebuild(Bank.context(dir), hashes.get(5)[0]))
            {
                assertEquals(2, past.aggregateCount());
                assertNotNull(past.aggregate(Bank.Account.class, "acc-1"));
                assertEquals(5, past.aggregate(Bank.Account.class, "acc-1").balance);
                assertNull(past.aggregate(Bank.Account.class, "acc-2"));
                assertEquals(List.of("acc-0", "acc-1"), past.aggregateIds());
                assertEquals(2, past.version("acc-1"));
            }
            assertTrue(engine.send(new Bank.Open("after")).join().accepted());
        }
    }

    @Test
    void refusesANegativePosition(@TempDir final Path dir)
    {
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            await(engine.send(new Bank.Open("a")));
        }
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> ReadOnlyEngine.rebuild(Bank.context(dir), -5));
        assertTrue(ex.getMessage().contains("-5"), ex.getMessage());
    }
}
