package dev.scribe.engine;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequenced;

/**
 * The business-logic thread's ring handler: hands each command to the {@link CommandProcessor} (and each timer tick
 * to {@link TimerFiring}) and, at the end of a batch, lets it sync once for the whole batch, tells the replication
 * link, publishes the batch's counters, tells the timer ticker when the next timer is due, publishes a scheduled
 * snapshot if one is due, records how much room the ring has left, and completes the batch's results
 * ({@link BatchCompletions}: only after {@link CommandProcessor#endOfBatch()} has returned).
 *
 * <p>No exception leaves {@link #onEvent}: one that escaped would let the ring hand the batch's earlier slots to the
 * consumers behind before their sync. An engine fault in one slot is reported (and its command rejected if it was not
 * decided) and the batch goes on to its end; the batch's results complete whatever the end of the batch throws.
 */
final class BusinessLogicHandler implements EventHandler<CommandSlot>
{
    private final CommandProcessor processor;
    private final ReplicaProcessor replicas;
    private final Leadership leadership;
    private final Sequenced ring;
    private final EngineCounters counters;
    private final SnapshotScheduler snapshots;
    private final RingExceptionHandler faults;
    private final BatchCompletions completions;
    private final TimerFiring timers;
    /** The last sequence whose result is completed (or left to the responder). */
    private long completed = -1;

    BusinessLogicHandler(
        final CommandProcessor processor,
        final ReplicaProcessor replicas,
        final Leadership leadership,
        final Sequenced ring,
        final EngineCounters counters,
        final SnapshotScheduler snapshots,
        final RingExceptionHandler faults,
        final BatchCompletions completions,
        final TimerFiring timers)
    {
        this.timers = timers;
        this.faults = faults;
        this.completions = completions;
        this.snapshots = snapshots;
        this.processor = processor;
        this.replicas = replicas;
        this.leadership = leadership;
        this.ring = ring;
        this.counters = counters;
    }

    @Override
    public void onEvent(final CommandSlot slot, final long sequence, final boolean endOfBatch)
    {
        completions.taken(slot, sequence);
        try
        {
            process(slot);
        }
        catch (final Throwable t)
        {
            if (!slot.carriesCommand())
            {
                // a control request that failed: its caller gets the error, not a made-up answer
                slot.status = Outcome.Status.REJECTED;
                slot.reason = Throwables.describe(t);
                slot.control.fail(slot.reason);
            }
            faults.handleEventException(t, sequence, slot);
        }
        if (endOfBatch)
        {
            endOfBatch(slot, sequence);
        }
    }

    private void endOfBatch(final CommandSlot slot, final long sequence)
    {
        try
        {
            processor.endOfBatch();
            leadership.endOfBatch(counters);
            timers.endOfBatch();
            // a scheduled snapshot is published before any result completes, so it is at the position that was
            // due, ahead of whatever a caller sends on hearing of its result
            snapshots.endOfBatch();
            // once a batch: a few volatile reads of the consumers' sequences; before the results, so a caller that
            // has its result reads the counters as of its batch
            counters.ringRemainingCapacity(ring.remainingCapacity());
        }
        catch (final Throwable t)
        {
            faults.handleEventException(t, sequence, slot);
        }
        finally
        {
            counters.endOfBatch(); // after the position: a crash between the two loses counts, never adds some
            // the batch's records are as durable as they get: now, and only now, their results complete
            completions.complete(completed + 1, sequence);
            completed = sequence;
        }
    }

    private void process(final CommandSlot slot)
    {
        if (slot.carriesCommand())
        {
            processor.process(slot);
            return;
        }
        processor.commandsEnded(); // what follows is not a command's processing time
        final ControlRequest request = slot.control;
        if (request instanceof ControlRequest.Replica)
        {
            replicas.process(slot);
            return;
        }
        slot.clearResult();
        if (request instanceof ControlRequest.StateHash hash)
        {
            hash.answer = processor.stateHash();
        }
        else if (request instanceof ControlRequest.Promote promote)
        {
            promote.answer = processor.promote(slot, promote.minimumEpoch);
        }
        else if (request instanceof ControlRequest.Lead lead)
        {
            lead.answer = processor.lead(slot, lead.epoch);
        }
        else if (request instanceof ControlRequest.Capture capture)
        {
            snapshots.capture(capture.capture);
        }
        else if (request == ControlRequest.TICK)
        {
            timers.tick(slot);
        }
        // a barrier or nothing: passing is all it asks
    }
}
