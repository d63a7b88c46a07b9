package dev.scribe.engine;

import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalContext;
import dev.scribe.journal.PositionFormat;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.scribe.engine.EngineBank.await;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A record whose checks pass but one of whose event payloads the application's codecs cannot decode: the launch is
 * refused with the journal position, the event's index and its type id, so the record can be found.
 */
class UndecodableEventTest
{
    @TempDir
    Path dir;

    /**
     * An engine journal of good records, then one whose second event is a {@code Deposited} of three bytes.
     *
     * @return the bad record's position.
     */
    static long journalWithAnUndecodableEvent(final Path dir)
    {
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            assertTrue(await(engine.send(new Bank.Open("acc-1"))).accepted());
            assertTrue(await(engine.send(new Bank.Deposit("acc-1", 10))).accepted());
        }
        final int depositedType = depositedTypeId(dir);
        final byte[] amount = {0, 0, 0, 0, 0, 0, 0, 5};
        final byte[] garbage = {1, 2, 3};
        try (Journal journal = Journal.open(new JournalContext().directory(dir.resolve("journal"))))
        {
            final RecordWriter writer = new RecordWriter();
            writer.begin(1, System.nanoTime(), 99, 0).aggregate("acc-1", 4);
            writer.event(0, depositedType, 1, new UnsafeBuffer(amount), 0, amount.length);
            writer.event(0, depositedType, 1, new UnsafeBuffer(garbage), 0, garbage.length);
            writer.idempotencyKey(null);
            writer.finish();
            return journal.append(writer);
        }
    }

    static int depositedTypeId(final Path dir)
    {
        return Bank.context(dir).conclude().registry().codecs().codecFor(Bank.Deposited.class).typeId();
    }

    @Test
    void replayAtLaunchNamesThePositionEventAndTypeOfAPayloadItCannotDecode()
    {
        final long position = journalWithAnUndecodableEvent(dir);

        final EngineException ex = assertThrows(EngineException.class, () -> Engine.launch(Bank.context(dir)).close());
        assertTrue(ex.getMessage().contains("position " + PositionFormat.position(position)), ex.getMessage());
        assertTrue(ex.getMessage().contains("event 1"), ex.getMessage());
        assertTrue(ex.getMessage().contains("type id " + depositedTypeId(dir)), ex.getMessage());

        final EngineException rebuild = assertThrows(EngineException.class,
            () -> ReadOnlyEngine.rebuild(Bank.context(dir), Long.MAX_VALUE).close());
        assertTrue(rebuild.getMessage().contains("position " +
            PositionFormat.position(position)), rebuild.getMessage());
    }
}
