package dev.scribe.replication;

import dev.scribe.engine.replica.ReplicaPort;
import dev.scribe.engine.replica.ReplicationLink;

import dev.scribe.journal.PositionFormat;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine's replication link for a node: wakes the thread that streams records (on a primary) or acknowledges
 * them (on a standby) when the business logic journals a batch, and passes state hashes to the divergence check.
 * One per node; it outlives engine relaunches.
 */
final class NodeLink implements ReplicationLink
{
    private final DivergenceCheck divergence;
    private volatile Thread waiter;
    private volatile boolean parked;
    private volatile long signals;
    private volatile boolean refused;
    private volatile String refusal;
    private volatile ReplicaPort port;

    NodeLink(final DivergenceCheck divergence)
    {
        this.divergence = divergence;
    }

    @Override
    public void attach(final ReplicaPort port)
    {
        this.port = port;
    }

    /** The port of the engine launched last with this link, or null before the first. */
    ReplicaPort port()
    {
        return port;
    }

    /** The check the state hashes go to. */
    DivergenceCheck divergence()
    {
        return divergence;
    }

    /** The thread to wake on each journaled batch, or null. */
    void waiter(final Thread thread)
    {
        waiter = thread;
    }

    @Override
    public void onJournaled(final long position)
    {
        signals++; // one writer: the business-logic thread
        if (parked)
        {
            final Thread thread = waiter;
            if (null != thread)
            {
                LockSupport.unpark(thread);
            }
        }
    }

    /** How many batches were signalled so far; take it before looking for work, then {@link #await}. */
    long signals()
    {
        return signals;
    }

    /**
     * Park the waiter until a batch after {@code seen} is signalled or the time passes. The waker unparks only a
     * parked waiter, so a busy link costs the business logic no system call per batch.
     */
    void await(final long seen, final long nanos)
    {
        parked = true;
        if (signals == seen)
        {
            LockSupport.parkNanos(nanos);
        }
        parked = false;
    }

    @Override
    public void onStateHash(final long position, final long hash)
    {
        divergence.local(position, hash);
        onJournaled(position);
    }

    @Override
    public void onReplicaRefused(final long position, final String reason)
    {
        refusal = PositionFormat.position(position) + ": " + reason;
        refused = true;
    }

    /** Whether the engine refused a replicated record since the last call; clears the flag. */
    boolean takeRefusal()
    {
        if (refused)
        {
            refused = false;
            return true;
        }
        return false;
    }

    String refusal()
    {
        return refusal;
    }
}
