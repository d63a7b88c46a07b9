package dev.scribe.engine;

import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalContext;
import dev.scribe.journal.JournalTailer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The business logic stepped by hand through ring batches: the records of a batch get their positions as their
 * commands are decided, are invisible to a reader of the journal until the end of the batch, and are then written
 * together, in documents of at most the journal's batch size. A document that cannot be written takes with it what
 * depended on its records: a repeat of a lost command (its idempotency key) is never answered ACCEPTED, and a lead
 * whose epoch record was in it fails rather than answering.
 */
class CommandProcessorBatchTest
{
    @TempDir
    Path dir;

    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private EngineContext context;
    private Journal journal;
    private CommandProcessor processor;

    @BeforeEach
    void start()
    {
        context = Bank.context(dir).errorHandler(errors::add);
        context.journalContext(new JournalContext().maxBatchRecords(16));
        context.conclude();
        final AggregateStore store = new AggregateStore(context.registry());
        journal = Journal.open(context.journalContext());
        final Leadership leadership = new Leadership(context, store);
        leadership.role(EngineRole.PRIMARY);
        final EngineCounters counters = EngineCounters.inMemory(context.ringSize());
        processor = new CommandProcessor(context, context.registry(), store, journal,
            new IdempotencyKeys(context.idempotencyKeys()), counters, errors::add, leadership,
            new HandlerFailures(counters, errors::add));
    }

    @AfterEach
    void stop()
    {
        journal.close();
    }

    @Test
    void aRingBatchIsWrittenAtItsEndInDocumentsOfBoundedSize()
    {
        final List<CommandSlot> slots = new ArrayList<>();
        slots.add(process(new Bank.Open("acc-1"), Durability.JOURNALED));
        for (int i = 1; i <= 39; i++)
        {
            slots.add(process(new Bank.Deposit("acc-1", i), 0 == i % 10 ? Durability.SYNCED : Durability.JOURNALED));
        }
        for (int i = 0; i < slots.size(); i++)
        {
            assertEquals(Outcome.Status.ACCEPTED, slots.get(i).status, slots.get(i).reason);
            assertEquals(slots.get(0).position + i, slots.get(i).position, "positions follow one another");
        }
        try (JournalTailer tailer = journal.tailer(Journal.NULL_POSITION))
        {
            final List<Long> read = new ArrayList<>();
            assertEquals(32, tailer.poll((position, record) -> read.add(position), 100),
                "a full document is written as the batch goes on; the rest is not visible before it ends");
            assertEquals(slots.get(31).position, journal.lastPosition());

            processor.endOfBatch();
            assertEquals(8, tailer.poll((position, record) -> read.add(position), 100));
            assertEquals(slots.stream().map(slot -> slot.position).toList(), read);
        }
        assertEquals(40, Journal.inspect(journal.context().directory()).records());
        assertEquals(3, Journal.inspect(journal.context().directory()).documents(), "16, 16 and 8 records");
        assertTrue(errors.isEmpty(), errors.toString());

        final CommandSlot alone = process(new Bank.Deposit("acc-1", 100), Durability.JOURNALED);
        processor.endOfBatch();
        assertEquals(slots.get(39).position + 1, alone.position);
        assertEquals(4, Journal.inspect(journal.context().directory()).documents());
    }

    @Test
    void aBatchTheJournalCannotWriteRejectsItsCommandsAndJournalsNothingMore()
    {
        final CommandSlot opened = process(new Bank.Open("acc-1"), Durability.JOURNALED);
        processor.endOfBatch();
        assertEquals(Outcome.Status.ACCEPTED, opened.status);
        final CommandSlot lost = process(new Bank.Deposit("acc-1", 5), Durability.SYNCED);
        assertEquals(Outcome.Status.ACCEPTED, lost.status);
        journal.close(); // the batch's document can no longer be written

        processor.endOfBatch();
        assertEquals(Outcome.Status.REJECTED, lost.status);
        assertTrue(lost.reason.contains("decided and applied, but the journal could not write it"), lost.reason);
        assertFalse(errors.isEmpty(), "the loss is reported");
        assertEquals(Outcome.Status.ACCEPTED, opened.status, "what was written stands");
    }

    private CommandSlot process(final Object command, final Durability durability)
    {
        final CommandSlot slot = new CommandSlot(context.maxCommandBytes(), context.registry().pooledEvents());
        final CommandType type = context.registry().command(command.getClass());
        slot.request(command, type, type.idOf.apply(command), SendOptions.defaults(), durability, null);
        processor.process(slot);
        return slot;
    }

    @Test
    void aRetryInTheSameBatchIsNotAcceptedForALostRecord()
    {
        processor.process(slot(new Bank.Open("acc-1"), null));
        processor.endOfBatch();
        final CommandSlot original = slot(new Bank.Deposit("acc-1", 5), "key-1");
        processor.process(original);
        final CommandSlot retry = slot(new Bank.Deposit("acc-1", 5), "key-1");
        processor.process(retry);
        journal.close(); // the batch's document can no longer be written
        processor.endOfBatch();
        assertEquals(Outcome.Status.REJECTED, original.status, original.reason);
        assertEquals(Outcome.Status.REJECTED, retry.status,
            "retry of a lost record reported duplicate=" + retry.duplicate + " at position " + retry.position +
            " (original rejected at " + original.position + ")");
        assertTrue(retry.reason.contains("could not write it"), retry.reason);
    }

    @Test
    void aRetryAfterTheLossIsNotAcceptedForALostRecord()
    {
        processor.process(slot(new Bank.Open("acc-1"), null));
        processor.endOfBatch();
        final CommandSlot original = slot(new Bank.Deposit("acc-1", 5), "key-1");
        processor.process(original);
        journal.close();
        processor.endOfBatch();
        assertEquals(Outcome.Status.REJECTED, original.status, original.reason);
        final CommandSlot retry = slot(new Bank.Deposit("acc-1", 5), "key-1");
        processor.process(retry);
        processor.endOfBatch();
        assertEquals(Outcome.Status.REJECTED, retry.status,
            "retry of a lost record reported duplicate=" + retry.duplicate + " at position " + retry.position);
        assertTrue(retry.reason.contains("cannot be answered"), retry.reason);
    }

    @Test
    void aLeadWhoseEpochRecordIsLostFailsRatherThanAnswering()
    {
        processor.process(slot(new Bank.Open("acc-1"), null));
        processor.endOfBatch();
        final ControlRequest.Lead lead = new ControlRequest.Lead(7);
        final CommandSlot control = new CommandSlot(context.maxCommandBytes(), context.registry().pooledEvents());
        control.requestControl(lead);
        lead.answer = processor.lead(control, 7);
        journal.close(); // the epoch record's document can no longer be written
        processor.endOfBatch();
        lead.respond();
        final ExecutionException failed = assertThrows(ExecutionException.class, () -> lead.future.get());
        assertTrue(failed.getCause().getMessage().contains("could not write it"), failed.getCause().getMessage());
    }

    private CommandSlot slot(final Object command, final String key)
    {
        final CommandSlot slot = new CommandSlot(context.maxCommandBytes(), context.registry().pooledEvents());
        final CommandType type = context.registry().command(command.getClass());
        final SendOptions options = null == key ? SendOptions.defaults() : SendOptions.defaults().idempotencyKey(key);
        slot.request(command, type, type.idOf.apply(command), options, Durability.JOURNALED, null);
        return slot;
    }
}
