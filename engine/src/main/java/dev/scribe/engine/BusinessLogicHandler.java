package dev.scribe.engine;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequenced;

/**
 * The business-logic thread's ring handler: hands each command to the {@link CommandProcessor} and, at the end of
 * a batch, lets it sync once for the whole batch and records how much room the ring has left.
 *
 * <p>No exception leaves {@link #onEvent}: one that escaped would let the ring hand the batch's earlier slots to the
 * responder before their sync. An engine fault in one slot is reported (and its command rejected if it was not
 * decided) and the batch goes on to its end.
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

    BusinessLogicHandler(
        final CommandProcessor processor,
        final ReplicaProcessor replicas,
        final Leadership leadership,
        final Sequenced ring,
        final EngineCounters counters,
        final SnapshotScheduler snapshots,
        final RingExceptionHandler faults)
    {
        this.faults = faults;
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
        try
        {
            process(slot);
        }
        catch (final Throwable t)
        {
            if (!slot.carriesCommand())
            {
                // a state hash or a promotion that failed: its caller gets the error, not a made-up answer
                slot.status = Outcome.Status.REJECTED;
                slot.reason = String.valueOf(t);
            }
            faults.handleEventException(t, sequence, slot);
        }
        if (endOfBatch)
        {
            processor.endOfBatch();
            leadership.endOfBatch(counters);
            snapshots.endOfBatch();
            // once a batch: a few volatile reads of the consumers' sequences
            counters.ringRemainingCapacity(ring.remainingCapacity());
        }
    }

    private void process(final CommandSlot slot)
    {
        switch (slot.kind)
        {
            case CommandSlot.KIND_COMMAND, CommandSlot.KIND_BINARY -> processor.process(slot);
            case CommandSlot.KIND_REPLICA -> replicas.process(slot);
            case CommandSlot.KIND_PROMOTE ->
            {
                final long minimumEpoch = slot.expectedVersion;
                slot.clearResult();
                slot.position = processor.promote(minimumEpoch);
            }
            case CommandSlot.KIND_LEAD ->
            {
                final long epoch = slot.expectedVersion;
                slot.clearResult();
                slot.position = processor.lead(epoch);
            }
            case CommandSlot.KIND_SNAPSHOT ->
            {
                slot.clearResult();
                snapshots.capture(slot.capture);
            }
            case CommandSlot.KIND_STATE_HASH ->
            {
                slot.clearResult();
                slot.position = processor.stateHash();
            }
            default -> slot.clearResult();
        }
    }
}
