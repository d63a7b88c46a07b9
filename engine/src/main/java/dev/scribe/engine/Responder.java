package dev.scribe.engine;

import com.lmax.disruptor.EventHandler;

/**
 * Completes callers' results behind the business logic. JOURNALED and APPLIED results complete as soon as the
 * record is processed; SYNCED ones too, since the business logic syncs at the end of each batch before this
 * consumer can see it.
 */
final class Responder implements EventHandler<CommandSlot>
{
    private final ResponseListener listener;

    Responder(final ResponseListener listener)
    {
        this.listener = listener;
    }

    @Override
    public void onEvent(final CommandSlot slot, final long sequence, final boolean endOfBatch)
    {
        if (slot.kind == CommandSlot.KIND_BINARY)
        {
            // a listener that throws reaches the ring's exception handler, which reports it and goes on
            listener.onResponse(slot.correlationId, slot.status, slot.position, slot.version, slot.reason);
        }
        else if (slot.kind == CommandSlot.KIND_COMMAND)
        {
            final java.util.concurrent.CompletableFuture<Outcome> future = slot.future;
            slot.future = null;
            if (null != future)
            {
                future.complete(slot.outcome());
            }
        }
        else
        {
            final java.util.concurrent.CompletableFuture<Long> future = slot.hashFuture;
            slot.hashFuture = null;
            if (null != future)
            {
                future.complete(slot.position);
            }
        }
    }
}
