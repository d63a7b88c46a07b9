package dev.scribe.engine;

import dev.scribe.journal.PositionFormat;
import org.slf4j.Logger;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands events to a subscription's handler on one thread: retries by the subscription's policy, then, for a chunk
 * that still fails, each event alone; an event that fails its last attempt is parked in the dead-letter store or
 * stops the subscription, and is logged on {@code dev.scribe.engine} with its stack trace (parked events after the
 * first only in a summary line at most every 10 s). One per handler thread. Once the subscription is stopping it
 * calls the handler no more, and a failure then (an interrupted handler, say) neither parks the event nor stops the
 * subscription at a failure: the chunk is simply not committed.
 */
final class SubscriptionDelivery
{
    /** How often, at most, a line says how many more events were parked. */
    static final long PARKED_SUMMARY_NS = TimeUnit.SECONDS.toNanos(10);
    private static final Logger LOG = EngineLog.ENGINE;

    private final Subscription subscription;
    private final SubscriptionHandler handler;
    private final RetryPolicy policy;
    private final DeadLetters deadLetters;
    private final RunningSubscription running;
    private final HandlerCall call = new HandlerCall();
    private boolean parkedLogged;
    private long lastParkedLogNs;
    private long parkedSinceLog;

    SubscriptionDelivery(final Subscription subscription, final DeadLetters deadLetters,
        final RunningSubscription running)
    {
        this.subscription = subscription;
        this.handler = subscription.handler();
        this.policy = subscription.retryPolicy();
        this.deadLetters = deadLetters;
        this.running = running;
        running.handlerCall(call);
    }

    /**
     * Hand a chunk over.
     *
     * @param events the chunk, not empty.
     * @return true if every event was handled or parked; false if the subscription stops (an event failed its last
     *         attempt and the subscription stops when exhausted, or it is closing in the middle of retries).
     */
    boolean deliver(final List<JournalEvent> events)
    {
        if (running.stopping())
        {
            return false;
        }
        final Throwable failure = attempt(events);
        if (null == failure)
        {
            running.delivered(events.size());
            return true;
        }
        if (running.stopping())
        {
            return false;
        }
        if (1 == events.size())
        {
            return exhausted(events.get(0), policy.attempts(), failure);
        }
        for (final JournalEvent event : events)
        {
            if (running.stopping())
            {
                return false;
            }
            final Throwable alone = attempt(List.of(event));
            if (null == alone)
            {
                running.delivered(1);
            }
            else if (running.stopping() || !exhausted(event, policy.attempts(), alone))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Retry a parked event once more by the policy; on success it leaves the store.
     *
     * @return whether the handler took it.
     */
    boolean retryParked(final JournalEvent event, final ParkedEvent parked)
    {
        final Throwable failure = attempt(List.of(event));
        if (null == failure)
        {
            deadLetters.remove(parked.position(), parked.index(), parked.recordCrc());
            running.delivered(1);
            return true;
        }
        if (running.stopping() || null == deadLetters.find(parked.position(), parked.index()))
        {
            return false; // interrupted by a close, or skipped while it was being retried: it stays as it is
        }
        deadLetters.park(new ParkedEvent(parked.subscription(), parked.position(), parked.index(),
            parked.aggregateId(), parked.eventType(), parked.attempts() + policy.attempts(), describe(failure),
            parked.parkedAtMillis(), parked.recordCrc()));
        return false;
    }

    /**
     * An event that cannot be handed over at all (it cannot be decoded, or its routing key cannot be found).
     *
     * @return true if it was parked; false if the subscription stops.
     */
    boolean undeliverable(final long position, final int index, final String aggregateId, final String eventType,
        final Throwable failure)
    {
        return exhausted(position, index, aggregateId, eventType, 0, failure);
    }

    private boolean exhausted(final JournalEvent event, final int attempts, final Throwable failure)
    {
        return exhausted(event.position(), event.index(), event.aggregateId(), event.type().getName(), attempts,
            failure);
    }

    private boolean exhausted(final long position, final int index, final String aggregateId, final String eventType,
        final int attempts, final Throwable failure)
    {
        final String event = "the event at position " + PositionFormat.position(position) + " index " + index +
            " (" + eventType + " of " + aggregateId + ") after " + attempts + " attempt" + (1 == attempts ? "" : "s");
        if (subscription.stopsWhenExhausted())
        {
            final EngineException stopped = new EngineException("subscription " + subscription.name() +
                " stopped at " + event + ": " + describe(failure), Throwables.printable(failure));
            LOG.error(stopped.getMessage(), stopped.getCause());
            running.fail(stopped);
            return false;
        }
        deadLetters.park(new ParkedEvent(subscription.name(), position, index, aggregateId, eventType, attempts,
            describe(failure), System.currentTimeMillis()));
        running.parkedOne();
        logParked(event, failure);
        return true;
    }

    /**
     * Log a parked event: the first with its stack trace, then at most a line every {@link #PARKED_SUMMARY_NS}
     * saying how many more were parked, so a handler that fails on every event does not flood the log.
     */
    private void logParked(final String event, final Throwable failure)
    {
        final long nowNs = System.nanoTime();
        if (!parkedLogged)
        {
            parkedLogged = true;
            lastParkedLogNs = nowNs;
            LOG.warn("subscription {}: {} was parked (scribe parked list); more parked events are summarised every " +
                "{} s", subscription.name(), event, TimeUnit.NANOSECONDS.toSeconds(PARKED_SUMMARY_NS),
                Throwables.printable(failure));
            return;
        }
        parkedSinceLog++;
        if (nowNs - lastParkedLogNs >= PARKED_SUMMARY_NS)
        {
            LOG.warn("subscription {}: {} more events were parked in the last {} s; the latest, {}: {}",
                subscription.name(), parkedSinceLog, TimeUnit.NANOSECONDS.toSeconds(nowNs - lastParkedLogNs), event,
                describe(failure));
            parkedSinceLog = 0;
            lastParkedLogNs = nowNs;
        }
    }

    /**
     * Try the handler by the policy.
     *
     * @return null if it took the events, else the last failure (also when the subscription started closing
     *         between tries).
     */
    private Throwable attempt(final List<JournalEvent> events)
    {
        Throwable last = null;
        for (int attempt = 1; attempt <= policy.attempts(); attempt++)
        {
            if (attempt > 1 && !pause(policy.backoffNanos(attempt - 1)))
            {
                return last;
            }
            call.enter();
            try
            {
                handler.onEvents(events);
                return null;
            }
            catch (final VirtualMachineError error)
            {
                throw error;
            }
            catch (final Throwable t)
            {
                last = t;
            }
            finally
            {
                call.exit();
            }
        }
        return last;
    }

    /** Wait out a backoff; false if the subscription started closing meanwhile. */
    private boolean pause(final long nanos)
    {
        final long deadline = System.nanoTime() + nanos;
        long left = nanos;
        while (left > 0 && !running.stopping())
        {
            LockSupport.parkNanos(this, Math.min(left, 10_000_000L));
            left = deadline - System.nanoTime();
        }
        return !running.stopping();
    }

    static String describe(final Throwable failure)
    {
        final String message;
        try
        {
            message = failure.getMessage();
        }
        catch (final Throwable broken)
        {
            return Throwables.describe(failure); // a message that cannot be built stops nothing
        }
        return failure.getClass().getName() + (null == message ? "" : ": " + message);
    }
}
