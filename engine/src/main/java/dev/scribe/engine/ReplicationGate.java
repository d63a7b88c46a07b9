package dev.scribe.engine;

import org.agrona.ErrorHandler;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Holds the results of {@link Durability#REPLICATED} commands until a standby acknowledges their records. The
 * responder offers results in position order. The replication thread only records what is acknowledged (and whether
 * a standby is connected); the gate's own completer thread completes the held results, in order, so that code a user
 * attached to a result never runs on the replication thread and cannot delay its heartbeats. The gate never makes
 * the responder wait: once it holds {@code limit} results it is {@link #full()}, and {@link RingClaims} gives
 * commands no room in the ring until it is not, while the results of commands already in the ring are still taken
 * (the arrays grow if they must, which a ring of {@code limit} slots and a few racing senders rarely need). So a
 * full gate never stops the ring, and a request of the replication thread (leading a new epoch) still gets
 * through. Without a standby, {@link NoStandbyPolicy} says whether results wait or complete degraded.
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

    /** Most results the completer takes at once, so the responder never waits long for the lock. */
    private static final int MAX_BATCH = 1024;

    static final String IN_DOUBT_REASON = "journaled and applied on this engine, but it stopped being the primary " +
        "before a standby acknowledged the record; send the command again with the same idempotency key to learn " +
        "its outcome";

    private final NoStandbyPolicy policy;
    private final EngineCounters counters;
    private final LatencyHistogram latency;
    private final ErrorHandler errors;
    private final int limit;
    private long[] positions;
    private long[] correlationIds;
    private long[] versions;
    private long[] sentNs;
    /** Per held result: its future (with its outcome in {@link #outcomes}), or its response listener. */
    private Object[] futures;
    private Outcome[] outcomes;
    private int mask;
    private volatile long head;
    private volatile long tail;
    private long acknowledged = -1;
    private boolean standby;
    private boolean closing;
    /** The completer is completing a result it took: nothing newer may complete on the responder meanwhile. */
    private boolean completing;
    private final Batch batch = new Batch();

    ReplicationGate(final int capacity, final NoStandbyPolicy policy, final EngineCounters counters,
        final ErrorHandler errors)
    {
        this.errors = errors;
        this.policy = policy;
        this.counters = counters;
        this.latency = counters.latency(Durability.REPLICATED);
        limit = capacity;
        final int size = 2 * capacity; // room for the ring's worth behind a full gate
        positions = new long[size];
        correlationIds = new long[size];
        versions = new long[size];
        sentNs = new long[size];
        futures = new Object[size];
        outcomes = new Outcome[size];
        mask = size - 1;
    }

    /**
     * Whether the gate holds as many results as it may: commands get no room in the ring until it holds fewer.
     * Read without a lock by senders.
     *
     * @return true if full.
     */
    boolean full()
    {
        return tail - head >= limit;
    }

    /**
     * Offer a future's result for a record at a position, of a command sent at {@code sentNs}; on the responder
     * thread.
     */
    Verdict hold(final long position, final CompletableFuture<Outcome> future, final Outcome outcome,
        final long sentNs)
    {
        return hold(position, future, outcome, 0, 0, sentNs);
    }

    /**
     * Offer a binary command's result for a record at a position, for the listener of its publisher; on the
     * responder thread.
     */
    Verdict hold(final long position, final ResponseListener listener, final long correlationId, final long version,
        final long sentNs)
    {
        return hold(position, listener, null, correlationId, version, sentNs);
    }

    /**
     * The latencies of the REPLICATED commands acknowledged: the responder records those that complete at once.
     */
    LatencyHistogram latency()
    {
        return latency;
    }

    private synchronized Verdict hold(
        final long position,
        final Object future,
        final Outcome outcome,
        final long correlationId,
        final long version,
        final long sent)
    {
        if (head == tail && !completing)
        {
            // nothing older waits or is being completed: a result can complete at once on the responder
            if (position <= acknowledged)
            {
                return Verdict.COMPLETE;
            }
            if (!standby && policy == NoStandbyPolicy.DEGRADE)
            {
                counters.degraded();
                return Verdict.DEGRADED;
            }
            if (closing)
            {
                return Verdict.IN_DOUBT;
            }
        }
        if (tail - head == positions.length)
        {
            grow();
        }
        final int i = (int)(tail & mask);
        positions[i] = position;
        futures[i] = future;
        outcomes[i] = outcome;
        correlationIds[i] = correlationId;
        versions[i] = version;
        sentNs[i] = sent;
        tail++;
        // no wake-up: the completer waits only while the oldest held result cannot complete, and a newer result
        // never changes that; one held while the completer completes is seen when it looks again, before waiting
        return Verdict.HELD;
    }

    /** Double the arrays, keeping the held results in order (head and tail go on counting). */
    private void grow()
    {
        final int size = positions.length;
        final int newMask = 2 * size - 1;
        final long[] newPositions = new long[2 * size];
        final long[] newCorrelationIds = new long[2 * size];
        final long[] newVersions = new long[2 * size];
        final long[] newSentNs = new long[2 * size];
        final Object[] newFutures = new Object[2 * size];
        final Outcome[] newOutcomes = new Outcome[2 * size];
        for (long n = head; n < tail; n++)
        {
            final int from = (int)(n & mask);
            final int to = (int)(n & newMask);
            newPositions[to] = positions[from];
            newCorrelationIds[to] = correlationIds[from];
            newVersions[to] = versions[from];
            newSentNs[to] = sentNs[from];
            newFutures[to] = futures[from];
            newOutcomes[to] = outcomes[from];
        }
        positions = newPositions;
        correlationIds = newCorrelationIds;
        versions = newVersions;
        sentNs = newSentNs;
        futures = newFutures;
        outcomes = newOutcomes;
        mask = newMask;
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
            if (head != tail && positions[(int)(head & mask)] <= position)
            {
                notifyAll(); // the oldest held result can complete now; otherwise nothing the completer waits for
            }
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

    /**
     * Wait, at most a while, until a connected standby has acknowledged everything held (or went away).
     *
     * @param timeoutNs how long to wait at most.
     */
    synchronized void awaitAcknowledged(final long timeoutNs)
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        long leftNs = timeoutNs;
        while (head != tail && standby && !closing && leftNs > 0)
        {
            try
            {
                wait(Math.max(1, leftNs / 1_000_000));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
            leftNs = deadlineNs - System.nanoTime();
        }
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

    /**
     * The completer: completes held results, oldest first, until the gate is closed and empty. It takes every result
     * that can complete at once, under the lock, and completes them outside it, so a burst of results acknowledged
     * together costs it one wake-up and one lock, not one each.
     */
    @Override
    public void run()
    {
        while (takeBatch())
        {
            try
            {
                final long nowNs = System.nanoTime();
                for (int i = 0; i < batch.size; i++)
                {
                    try
                    {
                        complete(i, nowNs);
                    }
                    catch (final Throwable ex)
                    {
                        report(ex); // code attached to one result does not stop the others completing
                    }
                }
            }
            finally
            {
                batch.clear();
                completed();
            }
        }
    }

    private void report(final Throwable ex)
    {
        try
        {
            errors.onError(ex);
        }
        catch (final Throwable ignore)
        {
            // the error handler failed too: the results still complete
        }
    }

    private synchronized void completed()
    {
        completing = false;
    }

    /**
     * Wait until the oldest held result can complete, then move it and the held results after it that can complete
     * too, up to {@link #MAX_BATCH}, into {@link #batch}.
     *
     * @return false once the gate is closed and holds nothing.
     */
    private synchronized boolean takeBatch()
    {
        while (true)
        {
            while (head != tail && batch.size < MAX_BATCH)
            {
                final Verdict verdict = verdictOfOldest();
                if (null == verdict)
                {
                    break;
                }
                final int i = (int)(head & mask);
                batch.add(positions[i], futures[i], outcomes[i], correlationIds[i], versions[i], sentNs[i], verdict);
                futures[i] = null;
                outcomes[i] = null;
                head++;
            }
            if (batch.size > 0)
            {
                completing = true;
                if (head == tail)
                {
                    notifyAll(); // for awaitAcknowledged
                }
                return true;
            }
            if (head == tail && closing)
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
    private void complete(final int i, final long nowNs)
    {
        final Verdict verdict = batch.verdicts[i];
        if (verdict == Verdict.DEGRADED)
        {
            counters.degraded();
        }
        else if (verdict == Verdict.COMPLETE)
        {
            latency.record(nowNs - batch.sentNs[i]);
        }
        final Object future = batch.futures[i];
        final Outcome outcome = batch.outcomes[i];
        if (null != outcome)
        {
            ((CompletableFuture<Outcome>)future).complete(
                verdict == Verdict.COMPLETE ? outcome :
                verdict == Verdict.DEGRADED ? outcome.degrade() : outcome.inDoubt(IN_DOUBT_REASON));
        }
        else
        {
            ((ResponseListener)future).onResponse(batch.correlationIds[i],
                verdict == Verdict.IN_DOUBT ? Outcome.Status.IN_DOUBT : Outcome.Status.ACCEPTED,
                batch.positions[i], batch.versions[i], verdict == Verdict.IN_DOUBT ? IN_DOUBT_REASON : null);
        }
    }

    /** The results being completed, owned by the completer thread. */
    private static final class Batch
    {
        int size;
        long[] positions = new long[64];
        Object[] futures = new Object[64];
        Outcome[] outcomes = new Outcome[64];
        long[] correlationIds = new long[64];
        long[] versions = new long[64];
        long[] sentNs = new long[64];
        Verdict[] verdicts = new Verdict[64];

        void add(final long position, final Object future, final Outcome outcome, final long correlationId,
            final long version, final long sent, final Verdict verdict)
        {
            if (size == positions.length)
            {
                final int length = 2 * size;
                positions = Arrays.copyOf(positions, length);
                futures = Arrays.copyOf(futures, length);
                outcomes = Arrays.copyOf(outcomes, length);
                correlationIds = Arrays.copyOf(correlationIds, length);
                versions = Arrays.copyOf(versions, length);
                sentNs = Arrays.copyOf(sentNs, length);
                verdicts = Arrays.copyOf(verdicts, length);
            }
            positions[size] = position;
            futures[size] = future;
            outcomes[size] = outcome;
            correlationIds[size] = correlationId;
            versions[size] = version;
            sentNs[size] = sent;
            verdicts[size] = verdict;
            size++;
        }

        void clear()
        {
            Arrays.fill(futures, 0, size, null);
            Arrays.fill(outcomes, 0, size, null);
            size = 0;
        }
    }
}
