package dev.scribe.engine;

import com.lmax.disruptor.RingBuffer;
import org.agrona.ErrorHandler;

import java.util.concurrent.CompletableFuture;

/**
 * Completes the results of a business-logic batch on the business-logic thread, once the batch's end (its sync, and
 * whatever else makes its records durable) is done: each command's future or response listener, and each control
 * request's answer, in ring order. No other thread has to wake up for a command's result.
 *
 * <p>What waits for a standby ({@link CommandSlot#awaitsStandby()}, only when the engine replicates) is left to the
 * {@link Responder} behind the business logic, which hands it to the {@link ReplicationGate}.
 *
 * <p>Code attached to a future and response listeners run here, on the business-logic thread. One that throws is
 * reported to the error handler and the other results still complete: nothing a caller attached can stop the thread
 * or leave another caller waiting.
 *
 * <p>Each acknowledged command's latency, from the moment it took its slot, is recorded by durability
 * ({@link EngineCounters#latency}), with the clock read once per batch.
 *
 * <p>What completing a command needs of its request (its future, when it was sent) is read as the business logic takes
 * its slot ({@link #taken}), while the slot's lines arrive for processing anyway, and kept here by sequence: at the end
 * of the batch the results complete from memory this thread holds, without going back to lines the sending thread
 * wrote, and without writing to them.
 */
final class BatchCompletions
{
    private final RingBuffer<CommandSlot> ring;
    private final CompletableFuture<Outcome>[] futures;
    private final long[] sentNs;
    private final int mask;
    private final boolean replicated;
    private final ErrorHandler errorHandler;
    private final EngineCounters counters;

    /**
     * Completions over a ring.
     *
     * @param ring         the ring's slots.
     * @param replicated   whether a replication gate takes the results that wait for a standby.
     * @param errorHandler told of a listener or attached code that throws.
     * @param counters     where the latencies are recorded.
     */
    @SuppressWarnings("unchecked")
    BatchCompletions(final RingBuffer<CommandSlot> ring, final boolean replicated, final ErrorHandler errorHandler,
        final EngineCounters counters)
    {
        final int size = ring.getBufferSize();
        this.futures = (CompletableFuture<Outcome>[])new CompletableFuture<?>[size];
        this.sentNs = new long[size];
        this.mask = size - 1;
        this.counters = counters;
        this.ring = ring;
        this.replicated = replicated;
        this.errorHandler = errorHandler;
    }

    /**
     * The business logic took a slot: keep what completing it will read of its request.
     *
     * @param slot     the slot.
     * @param sequence its sequence.
     */
    void taken(final CommandSlot slot, final long sequence)
    {
        final int index = (int)sequence & mask;
        futures[index] = slot.future;
        sentNs[index] = slot.sentNs;
    }

    /**
     * Complete the results of the slots from one sequence to another, both included, in order; each was
     * {@link #taken} first.
     *
     * @param from the first slot's sequence.
     * @param to   the last slot's sequence.
     */
    void complete(final long from, final long to)
    {
        final long nowNs = System.nanoTime();
        for (long sequence = from; sequence <= to; sequence++)
        {
            final CommandSlot slot = ring.get(sequence);
            try
            {
                complete(slot, (int)sequence & mask, nowNs);
            }
            catch (final Throwable t)
            {
                report(t);
            }
        }
    }

    private void complete(final CommandSlot slot, final int index, final long nowNs)
    {
        if (slot.carriesCommand() && slot.status == Outcome.Status.ACCEPTED && null == slot.timer &&
            !(replicated && slot.awaitsStandby()))
        {
            counters.latency(slot.durability).record(nowNs - sentNs[index]);
        }
        switch (slot.kind)
        {
            case CommandSlot.KIND_COMMAND ->
            {
                if (!(replicated && slot.awaitsStandby()))
                {
                    final CompletableFuture<Outcome> future = futures[index];
                    futures[index] = null; // the slot keeps its own reference until it is reused
                    if (null != future)
                    {
                        // dependents that throw complete their own futures exceptionally; they never throw here
                        future.complete(slot.outcome());
                    }
                }
            }
            case CommandSlot.KIND_BINARY ->
            {
                if (!(replicated && slot.awaitsStandby()))
                {
                    slot.listener.onResponse(slot.correlationId, slot.status, slot.position, slot.version,
                        slot.reason);
                }
            }
            default -> slot.control.respond();
        }
    }

    private void report(final Throwable t)
    {
        try
        {
            errorHandler.onError(t);
        }
        catch (final Throwable ignore)
        {
            // the engine's handler never throws; should it, the other results still complete
        }
    }
}
