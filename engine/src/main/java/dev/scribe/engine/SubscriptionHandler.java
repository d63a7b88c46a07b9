package dev.scribe.engine;

import java.util.List;

/**
 * Handles the events of a {@link Subscription}, a chunk at a time, on the subscription's own thread (or, for a
 * partitioned subscription, on the thread of the chunk's partition). A handler that throws is retried by the
 * subscription's {@link RetryPolicy}; after the last attempt each event of the chunk is tried alone, and the one that
 * still fails is parked (or the subscription stops, as configured). So a chunk, or part of one, can be handed over
 * more than once: make the handler idempotent (by {@link JournalEvent#position()} and
 * {@link JournalEvent#index()}) for effectively-once results.
 */
@FunctionalInterface
public interface SubscriptionHandler
{
    /**
     * Handle a chunk of events, in journal order (within a partition, in the journal order of its keys).
     *
     * @param events the events; never empty; not to be kept after the call.
     * @throws Exception to have the chunk retried.
     */
    void onEvents(List<JournalEvent> events) throws Exception;
}
