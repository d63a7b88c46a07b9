package dev.scribe.engine;

import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalException;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;

import java.util.ArrayList;

/**
 * The journal batch of one ring batch, on the business-logic thread: every record the batch journals (a command's,
 * a standby's copy of its primary's, an epoch record) goes into the journal's open batch, begun at the first of them,
 * so they share Chronicle documents; {@link #commit} writes what is not written yet at the end of the ring batch,
 * before the batch's sync and before any of its results is handed on. Nothing of the batch is visible to a tailer
 * (projections reading the journal, the replication stream) before its document is written.
 *
 * <p>If the journal cannot write a document (its files fault, or Chronicle refuses the index), the records staged in
 * it are lost though their commands were decided and applied: every slot whose record is after the journal's last
 * position is then rejected with the reason, the position the engine publishes goes back to the journal's last, and
 * the journal refuses every append until the engine is relaunched (which rebuilds the state from what it holds).
 */
final class JournalBatch
{
    private final Journal journal;
    private final Leadership leadership;
    private final ErrorHandler errorHandler;
    private final EngineCounters counters;
    private final ArrayList<CommandSlot> slots;
    private boolean open;
    private boolean failed;
    /** Records and bytes appended to the open batch: counted as written once its documents are. */
    private int records;
    private long bytes;

    JournalBatch(final Journal journal, final Leadership leadership, final ErrorHandler errorHandler,
        final EngineCounters counters, final int ringSize)
    {
        this.counters = counters;
        this.slots = new ArrayList<>(ringSize); // a batch holds at most the ring: sized once, never grown
        this.journal = journal;
        this.leadership = leadership;
        this.errorHandler = errorHandler;
    }

    /**
     * The journal written to.
     */
    Journal journal()
    {
        return journal;
    }

    /**
     * Append a record at the next position.
     *
     * @return its position.
     * @throws RuntimeException as {@link Journal#append(RecordWriter)}; then the records of the batch lost with it,
     *                          if any, are rejected already.
     */
    long append(final RecordWriter writer)
    {
        clearInterrupt();
        begin();
        try
        {
            final long position = journal.append(writer);
            records++;
            bytes += writer.length();
            return position;
        }
        catch (final RuntimeException ex)
        {
            lostIfEnded(ex);
            throw ex;
        }
    }

    /**
     * Append a record at a position, as a standby does.
     *
     * @return its position.
     * @throws RuntimeException as {@link Journal#appendAt}; then the records of the batch lost with it, if any, are
     *                          rejected already.
     */
    long appendAt(final long position, final DirectBuffer buffer, final int offset, final int length)
    {
        clearInterrupt();
        begin();
        try
        {
            final long at = journal.appendAt(position, buffer, offset, length);
            records++;
            bytes += length;
            return at;
        }
        catch (final RuntimeException ex)
        {
            lostIfEnded(ex);
            throw ex;
        }
    }

    /**
     * The slot's record was appended: if its document cannot be written, the slot is rejected.
     */
    void track(final CommandSlot slot)
    {
        slots.add(slot);
    }

    /**
     * Track a repeated command's slot, answered from a remembered key, while the batch is open: if the original's
     * record is in this batch and its document is lost, the repeat is rejected with it.
     */
    void trackRepeat(final CommandSlot slot)
    {
        if (open)
        {
            slots.add(slot);
        }
    }

    /**
     * Whether a document of this journal was lost: it journals nothing more, and remembered keys may name lost
     * records.
     */
    boolean failed()
    {
        return failed;
    }

    /**
     * Write the batch's records not written yet, at the end of the ring batch.
     *
     * @return false if they could not be written (reported, and their slots rejected).
     */
    boolean commit()
    {
        clearInterrupt(); // and for the batch's sync, which follows
        if (!open)
        {
            return true;
        }
        open = false;
        try
        {
            journal.commitBatch();
            counters.journalWritten(records, bytes);
            return true;
        }
        catch (final Throwable t)
        {
            // whatever broke the write, the batch's records are not known to be written: none is acknowledged
            lost(t instanceof RuntimeException ex ? ex :
                new JournalException("the journal's batch document could not be written: " + t, t));
            if (t instanceof VirtualMachineError)
            {
                throw t;
            }
            return false;
        }
        finally
        {
            slots.clear();
            records = 0;
            bytes = 0;
        }
    }

    /**
     * Drop an interrupt the application's code left on the business-logic thread (a handler, an apply method, a
     * codec or a result's callback that restored the interrupt of a blocking call it made): the journal's files are
     * reached through interruptible channels, which an interrupt closes for good, failing every later sync. As a
     * pool's worker does between tasks, the thread keeps no interrupt across the application's calls; the engine
     * never interrupts it.
     */
    private static void clearInterrupt()
    {
        Thread.interrupted();
    }

    private void begin()
    {
        if (!open)
        {
            journal.beginBatch();
            open = true;
            records = 0;
            bytes = 0;
        }
    }

    /** A failed append that ended the journal's batch lost the records staged before it. */
    private void lostIfEnded(final RuntimeException ex)
    {
        if (open && !journal.inBatch())
        {
            open = false;
            lost(ex);
            slots.clear();
            records = 0;
            bytes = 0;
        }
    }

    /**
     * The journal's last position; if the journal cannot even say (it was closed), none of the batch's records is
     * taken as written.
     */
    private long lastWritten()
    {
        try
        {
            return journal.lastPosition();
        }
        catch (final RuntimeException ex)
        {
            return slots.isEmpty() ? Long.MAX_VALUE : slots.get(0).position - 1;
        }
    }

    private void lost(final RuntimeException ex)
    {
        failed = true;
        errorHandler.onError(ex);
        final long last = lastWritten();
        leadership.lostAfter(last);
        final String reason = "decided and applied, but the journal could not write it, so it is not journaled; " +
            "the engine journals nothing more until it is relaunched: " + ex.getMessage();
        for (int i = 0, size = slots.size(); i < size; i++)
        {
            final CommandSlot slot = slots.get(i);
            if (slot.position > last)
            {
                if (slot.carriesCommand() && slot.status == Outcome.Status.ACCEPTED)
                {
                    counters.acceptedThenLost();
                }
                slot.status = Outcome.Status.REJECTED;
                slot.reason = reason;
                if (!slot.carriesCommand() && null != slot.control)
                {
                    slot.control.fail(reason); // an epoch record's request: its caller gets the loss, not an answer
                }
            }
        }
    }
}
