package dev.scribe.engine;

import dev.scribe.codecs.journal.RecordView;
import dev.scribe.engine.replica.ReplicationLink;
import dev.scribe.journal.PositionFormat;
import org.agrona.ErrorHandler;

/**
 * A standby's business logic: journals each record of the primary at the same position, with the same bytes, and
 * applies its events as replay does (no handler runs). The events go on in the slot to the projections. The records
 * of a ring batch share the journal's batch with the commands' ({@link JournalBatch}), written at the end of the ring
 * batch, before the standby acknowledges them: its documents need not group the records as the primary's do, only
 * the positions are the same.
 */
final class ReplicaProcessor
{
    private final JournalBatch batch;
    private final Replayer replayer;
    private final Leadership leadership;
    private final EngineCounters counters;
    private final ErrorHandler errorHandler;
    private final ReplicationLink link;
    private final RecordView view = new RecordView();

    ReplicaProcessor(
        final JournalBatch batch,
        final Replayer replayer,
        final Leadership leadership,
        final EngineCounters counters,
        final ErrorHandler errorHandler,
        final ReplicationLink link)
    {
        this.batch = batch;
        this.replayer = replayer;
        this.leadership = leadership;
        this.counters = counters;
        this.errorHandler = errorHandler;
        this.link = link;
    }

    void process(final CommandSlot slot)
    {
        slot.clearResult();
        final long position = slot.replica.position;
        final String refusal = journal(slot, position);
        if (null != refusal)
        {
            slot.status = Outcome.Status.REJECTED;
            slot.reason = refusal;
            errorHandler.onError(new EngineException("replicated record at " + PositionFormat.position(position) +
                " refused: " + refusal));
            if (null != link)
            {
                link.onReplicaRefused(position, refusal);
            }
            return;
        }
        replayer.applyReplica(position, view, slot);
        slot.status = Outcome.Status.ACCEPTED;
        slot.position = position;
        slot.recordCrc = view.crc32c();
        counters.events(view.eventCount());
        leadership.applied(position, errorHandler);
    }

    private String journal(final CommandSlot slot, final long position)
    {
        if (leadership.role() != EngineRole.STANDBY)
        {
            return "this engine is the primary at epoch " + leadership.epoch();
        }
        try
        {
            view.wrap(slot.replica.buffer, 0, slot.replica.length);
            if (view.epoch() < leadership.history().lastEpoch())
            {
                return "its epoch " + view.epoch() + " is older than this journal's epoch " +
                    leadership.history().lastEpoch();
            }
            batch.appendAt(position, slot.replica.buffer, 0, slot.replica.length);
            batch.track(slot);
            return null;
        }
        catch (final RuntimeException ex)
        {
            return ex.getMessage();
        }
    }
}
