package dev.scribe.engine;

import dev.scribe.codecs.journal.RecordView;
import dev.scribe.journal.CorruptRecordException;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalEntry;
import dev.scribe.journal.JournalPage;
import dev.scribe.journal.JournalTailer;
import dev.scribe.journal.RecordHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.Set;

/**
 * The thread of a subscription: reads the journal a record at a time from where the subscription resumes, gathers
 * the events it wants into chunks of whole records, hands each chunk over (itself, or through its partitions), and
 * moves the checkpoint once a chunk's records are handled. Caught up, it polls the journal with a backoff that parks
 * up to a millisecond, so an idle subscription costs next to nothing on a machine of few cores.
 */
final class SubscriptionReader implements Runnable, RecordHandler
{
    private static final System.Logger LOG = EngineLog.ENGINE;
    private static final long REQUEST_CHECK_NS = 250_000_000L;

    private final Subscription subscription;
    private final Journal journal;
    private final RecordDecoder decoder;
    private final SubscriptionFilter filter;
    private final ProjectionCheckpoint checkpoint;
    private final DeadLetters deadLetters;
    private final RunningSubscription running;
    private final SubscriptionDelivery delivery;
    private final SubscriptionPartitions partitions;
    private final JournalTailer tailer;
    private final long skipThrough;
    /** Events after where the subscription resumes that an earlier run parked: not handed over again. */
    private final Set<DeadLetters.EventKey> parkedBefore;
    private static final int POLL_RECORDS = 256;

    private final IdleStrategy idle = new BackoffIdleStrategy(1, 1, 50_000, 1_000_000);
    private final List<JournalEvent> pendingEvents = new ArrayList<>();
    private final List<Undeliverable> pendingUndeliverable = new ArrayList<>();
    private final long[] pendingPositions = new long[POLL_RECORDS];
    private final int[] pendingCrcs = new int[POLL_RECORDS];
    private final int[] pendingEventEnds = new int[POLL_RECORDS];
    private final int[] pendingUndeliverableEnds = new int[POLL_RECORDS];
    private int pendingRecords;
    private final List<JournalEvent> recordEvents = new ArrayList<>();
    private final List<Undeliverable> recordUndeliverable = new ArrayList<>();
    private List<JournalEvent> chunk = new ArrayList<>();
    private final List<Undeliverable> undeliverable = new ArrayList<>();
    private long chunkPosition = Journal.NULL_POSITION;
    private int chunkCrc;
    private long committed;
    private long nextRequestCheckNs = System.nanoTime();

    /** An event that cannot be handed over: it cannot be decoded, or its routing key cannot be found. */
    private record Undeliverable(long position, int index, String aggregateId, String eventType, Throwable failure)
    {
    }

    SubscriptionReader(final Subscription subscription, final Journal journal, final Registry registry,
        final SubscriptionStart start, final DeadLetters deadLetters, final RunningSubscription running)
    {
        this.subscription = subscription;
        this.journal = journal;
        this.decoder = new RecordDecoder(registry.codecs());
        this.filter = new SubscriptionFilter(subscription, registry);
        this.checkpoint = start.checkpoint();
        this.deadLetters = deadLetters;
        this.running = running;
        this.delivery = new SubscriptionDelivery(subscription, deadLetters, running);
        this.partitions = subscription.partitionCount() > 1 ?
            new SubscriptionPartitions(subscription, deadLetters, running) : null;
        this.skipThrough = start.skipThrough();
        this.parkedBefore = deadLetters.parkedAfter(skipThrough);
        this.committed = start.checkpoint().position();
        this.tailer = journal.tailer(start.from());
    }

    /** Start the partitions' threads, if any, before the reader's. */
    void startPartitions()
    {
        if (null != partitions)
        {
            partitions.start();
        }
    }

    @Override
    public void run()
    {
        try
        {
            while (!running.stopping())
            {
                serveRetries();
                if (null != partitions)
                {
                    partitions.advance(this::commit);
                }
                final int read = tailer.poll(this, POLL_RECORDS);
                if (!tookAll() || read < POLL_RECORDS && !caughtUp())
                {
                    break;
                }
                if (0 == read)
                {
                    idle.idle();
                }
                else
                {
                    idle.reset();
                }
            }
        }
        catch (final CorruptRecordException ex)
        {
            running.fail(new EngineException("subscription " + subscription.name() + " stopped at a damaged " +
                "journal record: " + ex.getMessage(), ex));
        }
        catch (final VirtualMachineError error)
        {
            running.fail(error);
            throw error;
        }
        catch (final Throwable t)
        {
            running.fail(t);
        }
        finally
        {
            finish();
        }
    }

    private void finish()
    {
        running.requestStop();
        try
        {
            if (null != partitions)
            {
                partitions.join();
                partitions.advance(this::commit);
            }
        }
        finally
        {
            tailer.close();
            checkpoint.close();
            running.stopped();
        }
    }

    @Override
    public void onRecord(final long position, final RecordView record)
    {
        if (position <= skipThrough)
        {
            return;
        }
        eventsOf(position, record, -1, pendingEvents, pendingUndeliverable);
        pendingPositions[pendingRecords] = position;
        pendingCrcs[pendingRecords] = record.crc32c();
        pendingEventEnds[pendingRecords] = pendingEvents.size();
        pendingUndeliverableEnds[pendingRecords] = pendingUndeliverable.size();
        pendingRecords++;
    }

    /** Add the records just read to chunks, handing each chunk over as it fills; false if the subscription stops. */
    private boolean tookAll()
    {
        try
        {
            for (int r = 0; r < pendingRecords; r++)
            {
                if (!took(r))
                {
                    return false;
                }
            }
            return true;
        }
        finally
        {
            pendingRecords = 0;
            pendingEvents.clear();
            pendingUndeliverable.clear();
        }
    }

    /**
     * Add a record's wanted events (or only the one at {@code onlyIndex}, if not -1) to a list, and those that cannot
     * be decoded to another.
     */
    private void eventsOf(final long position, final RecordView record, final int onlyIndex,
        final List<JournalEvent> events, final List<Undeliverable> undecodable)
    {
        decoder.decode(position, record, onlyIndex >= 0 ? (view, i, k) -> i == onlyIndex :
            (view, i, k) -> filter.wants(view.eventTypeId(i)) && !parkedBefore(position, i), events,
            (at, index, aggregateId, type, failure) ->
                undecodable.add(new Undeliverable(at, index, aggregateId, type, failure)));
    }

    /**
     * Whether an earlier run parked this event: its chunk is read again when that run stopped (or the process died)
     * before the checkpoint passed it; the parked event is handed over again only when retried.
     */
    private boolean parkedBefore(final long position, final int index)
    {
        return !parkedBefore.isEmpty() && parkedBefore.remove(new DeadLetters.EventKey(position, index));
    }

    /** Add the r-th record read to the chunk, handing the chunk over first if the record would overflow it. */
    private boolean took(final int r)
    {
        final int eventsFrom = 0 == r ? 0 : pendingEventEnds[r - 1];
        final int eventsTo = pendingEventEnds[r];
        if (!chunk.isEmpty() && chunk.size() + eventsTo - eventsFrom > subscription.chunkSize() && !flush())
        {
            return false;
        }
        for (int i = eventsFrom; i < eventsTo; i++)
        {
            chunk.add(pendingEvents.get(i));
        }
        for (int i = 0 == r ? 0 : pendingUndeliverableEnds[r - 1]; i < pendingUndeliverableEnds[r]; i++)
        {
            undeliverable.add(pendingUndeliverable.get(i));
        }
        chunkPosition = pendingPositions[r];
        chunkCrc = pendingCrcs[r];
        return chunk.size() < subscription.chunkSize() || flush();
    }

    /** Nothing more to read for now (or less than a poll's worth): hand over what was gathered. */
    private boolean caughtUp()
    {
        return chunkPosition <= committed || flush();
    }

    /** Hand the chunk over and commit its last record (through the partitions, once they have handled it). */
    private boolean flush()
    {
        final long position = chunkPosition;
        final int crc = chunkCrc;
        if (null == partitions)
        {
            if (!chunk.isEmpty() && !delivery.deliver(Collections.unmodifiableList(chunk)) || !parkUndeliverable())
            {
                return false;
            }
            chunk.clear();
            commit(position, crc);
            return true;
        }
        if (!parkUndeliverable())
        {
            return false;
        }
        final List<JournalEvent> routed = new ArrayList<>(chunk.size());
        final int[] partitionOf = new int[chunk.size()];
        for (final JournalEvent event : chunk)
        {
            try
            {
                partitionOf[routed.size()] = partitions.partitionOf(event);
                routed.add(event);
            }
            catch (final VirtualMachineError error)
            {
                throw error;
            }
            catch (final Throwable ex)
            {
                if (!delivery.undeliverable(event.position(), event.index(), event.aggregateId(),
                    event.type().getName(), new EngineException("the routing function of subscription " +
                    subscription.name() + " failed: " + ex, ex)))
                {
                    return false;
                }
            }
        }
        chunk = new ArrayList<>();
        committed = position; // handed to the partitions; the checkpoint moves when they are done
        return partitions.dispatch(routed, partitionOf, position, crc);
    }

    private boolean parkUndeliverable()
    {
        for (final Undeliverable event : undeliverable)
        {
            if (!delivery.undeliverable(event.position(), event.index(), event.aggregateId(), event.eventType(),
                event.failure()))
            {
                return false;
            }
        }
        undeliverable.clear();
        return true;
    }

    private void commit(final long position, final int crc)
    {
        if (position > checkpoint.position())
        {
            checkpoint.position(position, crc);
            running.position(position);
        }
        committed = Math.max(committed, position);
    }

    /** Retry the parked events asked for, each on the thread that handles its events. */
    private void serveRetries()
    {
        if (System.nanoTime() - nextRequestCheckNs >= 0)
        {
            nextRequestCheckNs = System.nanoTime() + REQUEST_CHECK_NS;
            for (final ParkedEvent parked : retryRequests())
            {
                final CompletableFuture<Boolean> result = running.retry(parked);
                result.whenComplete((handled, failure) -> LOG.log(System.Logger.Level.INFO,
                    "subscription {0}: a tool asked to retry the event parked at position {1} index {2}: {3}",
                    subscription.name(), parked.position(), parked.index(), null != failure ? failure.getMessage() :
                    handled ? "the handler took it" : "it failed again and stays parked"));
            }
        }
        RunningSubscription.RetryRequest request;
        while (null != (request = running.nextRetry()))
        {
            try
            {
                final ParkedEvent parked = deadLetters.find(request.parked().position(), request.parked().index());
                if (null == parked)
                {
                    throw new IllegalArgumentException("subscription " + subscription.name() + " has no event " +
                        "parked at position " + request.parked().position() + " index " + request.parked().index());
                }
                final JournalEvent event = readEvent(parked);
                if (null == partitions)
                {
                    request.result().complete(delivery.retryParked(event, parked));
                }
                else if (!partitions.retry(event, parked, request.result()))
                {
                    request.result().completeExceptionally(new IllegalStateException("subscription " +
                        subscription.name() + " stopped before it could retry the parked event"));
                }
            }
            catch (final RuntimeException ex)
            {
                request.result().completeExceptionally(ex);
            }
        }
    }

    /** The retry requests tools left; none, with a warning, if the store cannot be read (a tool's doing). */
    private List<ParkedEvent> retryRequests()
    {
        try
        {
            return deadLetters.takeRetryRequests();
        }
        catch (final RuntimeException ex)
        {
            LOG.log(System.Logger.Level.WARNING, "subscription {0} cannot take the retry requests: {1}",
                subscription.name(), ex.getMessage());
            return List.of();
        }
    }

    private JournalEvent readEvent(final ParkedEvent parked)
    {
        final JournalPage page = journal.readForward(parked.position(), 1);
        final JournalEntry entry = page.entries().isEmpty() ? null : page.entries().get(0);
        if (null == entry || entry.position() != parked.position() ||
            parked.index() >= entry.view().eventCount())
        {
            throw new IllegalStateException("the journal no longer holds the event parked at position " +
                parked.position() + " index " + parked.index() + " by subscription " + subscription.name());
        }
        recordEvents.clear();
        recordUndeliverable.clear();
        eventsOf(parked.position(), entry.view(), parked.index(), recordEvents, recordUndeliverable);
        if (recordEvents.isEmpty())
        {
            throw new IllegalStateException("the event parked at position " + parked.position() + " index " +
                parked.index() + " still cannot be decoded: " + recordUndeliverable.get(0).failure().getMessage(),
                recordUndeliverable.get(0).failure());
        }
        return recordEvents.get(0);
    }
}
