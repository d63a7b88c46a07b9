package dev.scribe.engine;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Claims slots of the command ring for every way in (sends, binary publishers, control requests, replicated
 * records). A claim that waits for room gives up when the engine closes: {@link Engine#close()} waits for every
 * sender in flight, so a wait that could not end would hang the close.
 *
 * <p>Back pressure from the replication gate is applied here, to commands only: while the gate holds as many
 * results as it may, a command finds no room, but a control request (leading a new epoch, a barrier, a state hash)
 * and a replicated record still get a slot. The ring therefore never waits on the gate, and the replication thread,
 * which is what frees the gate, can always get its own requests through.
 */
final class RingClaims
{
    /** The ring is full and the caller did not ask to wait. */
    static final long NO_ROOM = -1;
    /** The engine closed while the claim waited for room. */
    static final long CLOSED = -2;

    private final RingBuffer<CommandSlot> ring;
    private final BooleanSupplier closed;
    private final ReplicationGate gate;

    RingClaims(final RingBuffer<CommandSlot> ring, final BooleanSupplier closed, final ReplicationGate gate)
    {
        this.ring = ring;
        this.closed = closed;
        this.gate = gate;
    }

    /**
     * Claim the next slot for a command: there is room when the ring has a free slot and the replication gate (if
     * any) is not full.
     *
     * @param waitForRoom whether to wait while there is no room.
     * @return the slot's sequence, {@link #NO_ROOM} or {@link #CLOSED}.
     */
    long claim(final boolean waitForRoom)
    {
        return claim(waitForRoom, null != gate);
    }

    private long claim(final boolean waitForRoom, final boolean checkGate)
    {
        while (true)
        {
            try
            {
                if (checkGate && gate.full())
                {
                    throw InsufficientCapacityException.INSTANCE;
                }
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
     * Claim the next slot for a control request or a replicated record, waiting for room in the ring (not in the
     * replication gate).
     *
     * @return the slot's sequence.
     * @throws EngineException if the engine closes while waiting.
     */
    long claimOrThrow()
    {
        final long sequence = claim(true, false);
        if (sequence == CLOSED)
        {
            throw new EngineException("the engine is closed");
        }
        return sequence;
    }
}
