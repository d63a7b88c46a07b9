package dev.scribe.engine;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Claims slots of the command ring for every way in (sends, binary publishers, control requests, replicated
 * records). A claim that waits for room gives up when the engine closes: {@link Engine#close()} waits for every
 * sender in flight, and the ring such a sender waits on may be held up by the replication gate until close
 * releases it, so a wait that could not end would hang the close.
 */
final class RingClaims
{
    /** The ring is full and the caller did not ask to wait. */
    static final long NO_ROOM = -1;
    /** The engine closed while the claim waited for room. */
    static final long CLOSED = -2;

    private final RingBuffer<CommandSlot> ring;
    private final BooleanSupplier closed;

    RingClaims(final RingBuffer<CommandSlot> ring, final BooleanSupplier closed)
    {
        this.ring = ring;
        this.closed = closed;
    }

    /**
     * Claim the next slot.
     *
     * @param waitForRoom whether to wait while the ring is full.
     * @return the slot's sequence, {@link #NO_ROOM} or {@link #CLOSED}.
     */
    long claim(final boolean waitForRoom)
    {
        while (true)
        {
            try
            {
                return ring.tryNext();
            }
            catch (final InsufficientCapacityException ex)
            {
                if (!waitForRoom)
                {
                    return NO_ROOM;
                }
                if (closed.getAsBoolean())
                {
                    return CLOSED;
                }
                // the Disruptor's own waiting claim parks the same way
                LockSupport.parkNanos(1);
            }
        }
    }

    /**
     * Claim the next slot, waiting for room.
     *
     * @return the slot's sequence.
     * @throws EngineException if the engine closes while waiting.
     */
    long claimOrThrow()
    {
        final long sequence = claim(true);
        if (sequence == CLOSED)
        {
            throw new EngineException("the engine is closed");
        }
        return sequence;
    }
}
