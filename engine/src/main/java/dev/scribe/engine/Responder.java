package dev.scribe.engine;

import com.lmax.disruptor.EventHandler;
import org.agrona.ErrorHandler;

import java.util.concurrent.CompletableFuture;

/**
 * Hands the results that wait for a standby to the {@link ReplicationGate}, behind the business logic; it runs only
 * on an engine that replicates. Every other result (APPLIED, JOURNALED, SYNCED, rejections) and every control
 * request's answer is completed by the business-logic thread itself at the end of its batch
 * ({@link BatchCompletions}). A REPLICATED result goes to the gate, which holds it until a standby acknowledges its
 * record (its completer thread completes it then), or completes it here at once if it is acknowledged already, or
 * degraded or in doubt.
 *
 * <p>It sees a slot only after the business logic has finished the slot's batch, so the results it reads are
 * final; the gate gets them in ring order, which is position order.
 */
final class Responder implements EventHandler<CommandSlot>
{
    private final ReplicationGate gate;
    private final ErrorHandler errorHandler;

    Responder(final ReplicationGate gate, final ErrorHandler errorHandler)
    {
        this.gate = gate;
        this.errorHandler = errorHandler;
    }

    @Override
    public void onEvent(final CommandSlot slot, final long sequence, final boolean endOfBatch)
    {
        if (!slot.awaitsStandby())
        {
            return; // completed by the business logic
        }
        try
        {
            if (slot.kind == CommandSlot.KIND_BINARY)
            {
                respond(slot);
            }
            else
            {
                complete(slot);
            }
        }
        catch (final Throwable t)
        {
            report(t);
        }
    }

    private void respond(final CommandSlot slot)
    {
        final ReplicationGate.Verdict verdict = gate.hold(slot.position, slot.listener, slot.correlationId,
            slot.version, slot.sentNs);
        if (verdict == ReplicationGate.Verdict.HELD)
        {
            return;
        }
        if (verdict == ReplicationGate.Verdict.COMPLETE)
        {
            gate.latency().record(System.nanoTime() - slot.sentNs);
        }
        final boolean inDoubt = verdict == ReplicationGate.Verdict.IN_DOUBT;
        slot.listener.onResponse(slot.correlationId, inDoubt ? Outcome.Status.IN_DOUBT : slot.status, slot.position,
            slot.version, inDoubt ? ReplicationGate.IN_DOUBT_REASON : slot.reason);
    }

    private void complete(final CommandSlot slot)
    {
        final CompletableFuture<Outcome> future = slot.future;
        slot.future = null;
        if (null == future)
        {
            return;
        }
        Outcome outcome = slot.outcome();
        switch (gate.hold(slot.position, future, outcome, slot.sentNs))
        {
            case HELD ->
            {
                return;
            }
            case DEGRADED -> outcome = outcome.degrade();
            case IN_DOUBT -> outcome = outcome.inDoubt(ReplicationGate.IN_DOUBT_REASON);
            default -> gate.latency().record(System.nanoTime() - slot.sentNs);
        }
        future.complete(outcome);
    }

    private void report(final Throwable t)
    {
        try
        {
            errorHandler.onError(t);
        }
        catch (final Throwable ignore)
        {
            // the engine's handler never throws; should it, the ring goes on
        }
    }
}
