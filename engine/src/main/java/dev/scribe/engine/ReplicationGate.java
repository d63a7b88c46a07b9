package dev.scribe.engine;

import java.util.concurrent.CompletableFuture;

/**
 * Holds the results of {@link Durability#REPLICATED} commands until a standby acknowledges their records. The
 * responder offers results in position order. The replication thread only records what is acknowledged (and whether
 * a standby is connected); the gate's own completer thread completes the held results, in order, so that code a user
 * attached to a result never runs on the replication thread and cannot delay its heartbeats. Bounded: when full,
 * {@link #hold} waits, so the ring fills and senders see back pressure. Without a standby, {@link NoStandbyPolicy}
 * says whether results wait or complete degraded.
 */
final class ReplicationGate implements Runnable
{
    /** What the responder should do with a result it offered. */
    enum Verdict
    {
        /** The gate holds it; it completes when acknowledged. */
        HELD,
        /** Already acknowledged: complete it now. */
        COMPLETE,
        /** No standby and the policy degrades: complete it now, marked degraded. */
        DEGRADED,
        /** The engine is closing: complete it now as in doubt. */
        IN_DOUBT
    }

    static final String IN_DOUBT_REASON = "journaled and applied on this engine, but it stopped being the primary " +
        "before a standby acknowledged the record; send the command again with the same idempotency key to learn " +
        "its outcome";

    private final NoStandbyPolicy policy;
    private final ResponseListener listener;
    private final Runnable onDegraded;
    private final long[] positions;
    private final long[] correlationIds;
    private final long[] versions;
    private final Object[] futures;
    private final Outcome[] outcomes;
    private final int mask;
    private long head;
    private long tail;
    private long acknowledged = -1;
    private boolean standby;
    private boolean closing;
    private final Held held = new Held();

    ReplicationGate(final int capacity, final NoStandbyPolicy policy, final ResponseListener listener,
        final Runnable onDegraded)
    {
        this.policy = policy;
        this.listener = listener;
        this.onDegraded = onDegraded;
        positions = new long[capacity];
        correlationIds = new long[capacity];
        versions = new long[capacity];
        futures = new Object[capacity];
        outcomes = new Outcome[capacity];
        mask = capacity - 1;
    }

    /**
     * Offer a future's result for a record at a position; on the responder thread.
     */
    Verdict hold(final long position, final CompletableFuture<Outcome> future, final Outcome outcome)
    {
        return hold(position, future, outcome, 0, 0);
    }

    /**
     * Offer a listener's result for a record at a position; on the responder thread.
     */
    Verdict hold(final long position, final long correlationId, final long version)
    {
        return hold(position, null, null, correlationId, version);
    }

    private synchronized Verdict hold(
        final long position,
        final CompletableFuture<Outcome> future,
        final Outcome outcome,
        final long correlationId,
        final long version)
    {
        while (true)
        {
            if (head == tail)
            {
                // nothing older waits: a result can complete at once on the responder
                if (position <= acknowledged)
                {
                    return Verdict.COMPLETE;
                }
                if (!standby && policy == NoStandbyPolicy.DEGRADE)
                {
                    onDegraded.run();
                    return Verdict.DEGRADED;
                }
                if (closing)
                {
                    return Verdict.IN_DOUBT;
                }
            }
            if (tail - head < positions.length)
            {
                final int i = (int)(tail & mask);
                positions[i] = position;
                futures[i] = future;
                outcomes[i] = outcome;
                correlationIds[i] = correlationId;
                versions[i] = version;
                tail++;
                notifyAll();
                return Verdict.HELD;
            }
            try
            {
                wait(100);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return Verdict.IN_DOUBT;
            }
        }
    }

    /**
     * A standby acknowledged every record up to a position in the current epoch: the completer completes what it
     * covers. Returns at once; no result completes on the calling (replication) thread.
     */
    synchronized void acknowledge(final long position)
    {
        if (position > acknowledged)
        {
            acknowledged = position;
            notifyAll();
        }
    }

    /**
     * Whether a standby is connected and acknowledging. When it goes away under {@link NoStandbyPolicy#DEGRADE}, the
     * completer completes the held results degraded.
     */
    synchronized void standby(final boolean connected)
    {
        standby = connected;
        notifyAll();
    }

    /**
     * The engine is closing: the completer completes what is held as in doubt, whatever is offered from now on
     * completes in doubt, and the completer ends once nothing is held.
     */
    synchronized void close()
    {
        closing = true;
        notifyAll();
    }

    synchronized boolean standbyConnected()
    {
        return standby;
    }

    synchronized long acknowledged()
    {
        return acknowledged;
    }

    synchronized int held()
    {
        return (int)(tail - head);
    }

    /** The completer: completes held results, oldest first, until the gate is closed and empty. */
    @Override
    public void run()
    {
        while (takeNext())
        {
            complete(held.verdict);
        }
    }

    /**
     * Wait until the oldest held result can complete and move it into {@link #held}.
     *
     * @return false once the gate is closed and holds nothing.
     */
    private synchronized boolean takeNext()
    {
        while (true)
        {
            if (head != tail)
            {
                final Verdict verdict = verdictOfOldest();
                if (null != verdict)
                {
                    final int i = (int)(head & mask);
                    held.position = positions[i];
                    held.future = futures[i];
                    held.outcome = outcomes[i];
                    held.correlationId = correlationIds[i];
                    held.version = versions[i];
                    held.verdict = verdict;
                    futures[i] = null;
                    outcomes[i] = null;
                    head++;
                    notifyAll();
                    return true;
                }
            }
            else if (closing)
            {
                return false;
            }
            try
            {
                wait();
            }
            catch (final InterruptedException ex)
            {
                closing = true; // the engine is going away: complete what is held in doubt, then end
            }
        }
    }

    private Verdict verdictOfOldest()
    {
        if (positions[(int)(head & mask)] <= acknowledged)
        {
            return Verdict.COMPLETE;
        }
        if (closing)
        {
            return Verdict.IN_DOUBT;
        }
        return !standby && policy == NoStandbyPolicy.DEGRADE ? Verdict.DEGRADED : null;
    }

    @SuppressWarnings("unchecked")
    private void complete(final Verdict verdict)
    {
        if (verdict == Verdict.DEGRADED)
        {
            onDegraded.run();
        }
        final Object future = held.future;
        final Outcome outcome = held.outcome;
        held.future = null;
        held.outcome = null;
        if (null != future)
        {
            ((CompletableFuture<Outcome>)future).complete(
                verdict == Verdict.COMPLETE ? outcome :
                verdict == Verdict.DEGRADED ? outcome.degrade() : outcome.inDoubt(IN_DOUBT_REASON));
        }
        else
        {
            listener.onResponse(held.correlationId,
                verdict == Verdict.IN_DOUBT ? Outcome.Status.IN_DOUBT : Outcome.Status.ACCEPTED,
                held.position, held.version, verdict == Verdict.IN_DOUBT ? IN_DOUBT_REASON : null);
        }
    }

    /** The result being completed, owned by the completer thread. */
    private static final class Held
    {
        long position;
        Object future;
        Outcome outcome;
        long correlationId;
        long version;
        Verdict verdict;
    }
}
