package dev.scribe.engine;

import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a lost batch document takes with it: a repeat of a command (the same idempotency key) whose record was in it is
 * never answered ACCEPTED, since the key names a record that is not in the journal; a lead whose epoch record was in it
 * fails rather than answering its position.
 */
class CommandProcessorLostBatchTest
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
        processor = new CommandProcessor(context, context.registry(), store, journal,
            new IdempotencyKeys(context.idempotencyKeys()), EngineCounters.inMemory(context.ringSize()), errors::add,
            leadership);
    }

    @AfterEach
    void stop()
    {
        journal.close();
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
