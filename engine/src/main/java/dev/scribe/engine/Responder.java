package dev.scribe.engine;

import com.lmax.disruptor.EventHandler;

import java.util.concurrent.CompletableFuture;

/**
 * Completes callers' results behind the business logic. JOURNALED and APPLIED results complete as soon as the
 * record is processed; SYNCED ones too, since the business logic syncs at the end of each batch before this
 * consumer can see it. REPLICATED results go to the {@link ReplicationGate}, which completes them when a standby
 * acknowledges their records.
 */
final class Responder implements EventHandler<CommandSlot>
{
    private final ResponseListener listener;
    private final ReplicationGate gate;

    Responder(final ResponseListener listener, final ReplicationGate gate)
    {
        this.listener = listener;
        this.gate = gate;
    }

    @Override
    public void onEvent(final CommandSlot slot, final long sequence, final boolean endOfBatch)
    {
        switch (slot.kind)
        {
            case CommandSlot.KIND_BINARY -> respond(slot);
            case CommandSlot.KIND_COMMAND -> complete(slot);
            default -> slot.control.respond();
        }
    }

    /**
     * Whether a result waits for a standby: a REPLICATED command with a record. A repeat (by idempotency key) waits
     * at its original record's position like any other: even a record from before this engine's epoch counts as
     * replicated only once a standby acknowledges it in this epoch, since the old primary that held the other copy
     * may be gone or truncated.
     */
    private boolean gated(final CommandSlot slot)
    {
        return null != gate && slot.durability == Durability.REPLICATED && slot.applied() && slot.position >= 0;
    }

    private void respond(final CommandSlot slot)
    {
        Outcome.Status status = slot.status;
        CharSequence reason = slot.reason;
        if (gated(slot))
        {
            final ReplicationGate.Verdict verdict = gate.hold(slot.position, slot.correlationId, slot.version);
            if (verdict == ReplicationGate.Verdict.HELD)
            {
                return;
            }
            if (verdict == ReplicationGate.Verdict.IN_DOUBT)
            {
                status = Outcome.Status.IN_DOUBT;
                reason = ReplicationGate.IN_DOUBT_REASON;
            }
        }
        // a listener that throws reaches the ring's exception handler, which reports it and goes on
        listener.onResponse(slot.correlationId, status, slot.position, slot.version, reason);
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
        if (gated(slot))
        {
            switch (gate.hold(slot.position, future, outcome))
            {
                case HELD ->
                {
                    return;
                }
                case DEGRADED -> outcome = outcome.degrade();
                case IN_DOUBT -> outcome = outcome.inDoubt(ReplicationGate.IN_DOUBT_REASON);
                default ->
                {
                }
            }
        }
        future.complete(outcome);
    }
}
