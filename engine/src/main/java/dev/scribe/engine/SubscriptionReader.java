package dev.scribe.engine;

import dev.scribe.codecs.journal.RecordView;
import dev.scribe.journal.CorruptRecordException;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalEntry;
import dev.scribe.journal.JournalPage;
import dev.scribe.journal.JournalTailer;
import dev.scribe.journal.PositionFormat;
import dev.scribe.journal.RecordHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.Map;

/**
 * The thread of a subscription: reads the journal a record at a time from where the subscription resumes, gathers
 * the events it wants into chunks of whole records, hands each chunk over (itself, or through its partitions), and
 * moves the checkpoint once a chunk's records are handled. Caught up, it polls the journal with a backoff that parks
 * up to a millisecond, so an idle subscription costs next to nothing on a machine of few cores.
 */
final class SubscriptionReader implements Runnable, RecordHandler, RecordDecoder.Choice, RecordDecoder.Failures
{
    private static final Logger LOG = EngineLog.ENGINE;
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
    private final Map<DeadLetters.EventKey, Integer> parkedBefore;
    private static final int POLL_RECORDS = 256;

    private final IdleStrategy idle = new BackoffIdleStrategy(1, 1, 50_000, 1_000_000);
    /** The events read and not yet handed over, in journal order, and those that cannot be handed over. */
    private final List<JournalEvent> chunk = new ArrayList<>();
    private final List<Undeliverable> undeliverable = new ArrayList<>();
    /**
     * Per record read and not yet handed over: its position and CRC, and where its events (and undeliverable ones)
     * end in the lists above. A record without any wanted event is folded into the one before it.
     */
    private long[] recordPositions = new long[POLL_RECORDS];
    private int[] recordCrcs = new int[POLL_RECORDS];
    private int[] recordEventEnds = new int[POLL_RECORDS];
    private int[] recordUndeliverableEnds = new int[POLL_RECORDS];
    private int records;
    private final List<JournalEvent> recordEvents = new ArrayList<>();
    private final List<Undeliverable> recordUndeliverable = new ArrayList<>();
    private long nextRequestCheckNs = System.nanoTime();
    /** What the record being decoded is, for {@link #wants} and {@link #undecodable}. */
    private long decodingPosition;
    private int decodingOnly;
    private List<Undeliverable> decodingFailures;

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
        this.parkedBefore = deadLetters.parkedAfter(skipThrough, start.verifiedThrough());
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
                if (running.stopping())
                {
                    break;
                }
                if (null != partitions)
                {
                    partitions.advance(this::commit);
                }
                final int read = tailer.poll(this, POLL_RECORDS);
                if (!handOver(read < POLL_RECORDS))
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
        final int events = chunk.size();
        final int failures = undeliverable.size();
        eventsOf(position, record, -1, chunk, undeliverable);
        if (records > 0 && chunk.size() == events && undeliverable.size() == failures)
        {
            recordPositions[records - 1] = position; // nothing wanted: handled once the record before it is
            recordCrcs[records - 1] = record.crc32c();
            return;
        }
        if (records == recordPositions.length)
        {
            recordPositions = Arrays.copyOf(recordPositions, 2 * records);
            recordCrcs = Arrays.copyOf(recordCrcs, 2 * records);
            recordEventEnds = Arrays.copyOf(recordEventEnds, 2 * records);
            recordUndeliverableEnds = Arrays.copyOf(recordUndeliverableEnds, 2 * records);
        }
        recordPositions[records] = position;
        recordCrcs[records] = record.crc32c();
        recordEventEnds[records] = chunk.size();
        recordUndeliverableEnds[records] = undeliverable.size();
        records++;
    }

    /**
     * Hand the records read over in chunks: each chunk the most whole records whose events fit in the chunk size (a
     * record with more events alone), and each handed over once full, or, when caught up, whatever was read.
     *
     * @param caughtUp the last poll found fewer records than it could take.
     * @return false if the subscription stops.
     */
    private boolean handOver(final boolean caughtUp)
    {
        final int chunkSize = subscription.chunkSize();
        int done = 0;
        int eventsDone = 0;
        int failuresDone = 0;
        try
        {
            while (done < records)
            {
                int last = done;
                while (last + 1 < records && recordEventEnds[last + 1] - eventsDone <= chunkSize)
                {
                    last++;
                }
                if (!caughtUp && last == records - 1 && recordEventEnds[last] - eventsDone < chunkSize)
                {
                    return true; // not full: wait for more records
                }
                if (!handOver(eventsDone, recordEventEnds[last], failuresDone, recordUndeliverableEnds[last],
                    recordPositions[last], recordCrcs[last]))
                {
                    return false;
                }
                eventsDone = recordEventEnds[last];
                failuresDone = recordUndeliverableEnds[last];
                done = last + 1;
            }
            return true;
        }
        finally
        {
            forget(done, eventsDone, failuresDone);
        }
    }

    /** Drop the first records, handed over, and their events. */
    private void forget(final int done, final int eventsDone, final int failuresDone)
    {
        if (0 == done)
        {
            return;
        }
        chunk.subList(0, eventsDone).clear();
        undeliverable.subList(0, failuresDone).clear();
        final int left = records - done;
        for (int r = 0; r < left; r++)
        {
            recordPositions[r] = recordPositions[done + r];
            recordCrcs[r] = recordCrcs[done + r];
            recordEventEnds[r] = recordEventEnds[done + r] - eventsDone;
            recordUndeliverableEnds[r] = recordUndeliverableEnds[done + r] - failuresDone;
        }
        records = left;
    }

    /**
     * Add a record's wanted events (or only the one at {@code onlyIndex}, if not -1) to a list, and those that cannot
     * be decoded to another.
     */
    private void eventsOf(final long position, final RecordView record, final int onlyIndex,
        final List<JournalEvent> events, final List<Undeliverable> undecodable)
    {
        decodingPosition = position;
        decodingOnly = onlyIndex;
        decodingFailures = undecodable;
        decoder.decode(position, record, this, events, this);
    }

    @Override
    public boolean wants(final RecordView record, final int index, final int aggregateIndex)
    {
        return decodingOnly >= 0 ? index == decodingOnly :
            filter.wants(record.eventTypeId(index)) &&
            !parkedBefore(decodingPosition, index, record.crc32c());
    }

    @Override
    public void undecodable(final long position, final int index, final String aggregateId, final String eventType,
        final EngineException failure)
    {
        decodingFailures.add(new Undeliverable(position, index, aggregateId, eventType, failure));
    }

    /**
     * Whether an earlier run parked this event: its chunk is read again when that run stopped (or the process died)
     * before the checkpoint passed it; the parked event is handed over again only when retried. An event of another
     * record at the same position (a CRC other than the parked one's) was not parked.
     */
    private boolean parkedBefore(final long position, final int index, final int crc)
    {
        return !parkedBefore.isEmpty() && parkedBefore.remove(new DeadLetters.EventKey(position, index), crc);
    }

    /**
     * Hand a chunk over and commit its last record (through the partitions, once they have handled it).
     *
     * @return false if the subscription stops.
     */
    private boolean handOver(final int from, final int to, final int failuresFrom, final int failuresTo,
        final long position, final int crc)
    {
        if (null == partitions)
        {
            if (to > from && !delivery.deliver(Collections.unmodifiableList(chunk.subList(from, to))) ||
                !parkUndeliverable(failuresFrom, failuresTo))
            {
                return false;
            }
            commit(position, crc);
            return true;
        }
        if (!parkUndeliverable(failuresFrom, failuresTo))
        {
            return false;
        }
        final List<JournalEvent> routed = new ArrayList<>(to - from);
        final int[] partitionOf = new int[to - from];
        for (int i = from; i < to; i++)
        {
            final JournalEvent event = chunk.get(i);
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
                    subscription.name() + " failed: " + Throwables.describe(ex), ex)))
                {
                    return false;
                }
            }
        }
        // handed to the partitions; the checkpoint moves when they are done
        return partitions.dispatch(routed, partitionOf, position, crc);
    }

    private boolean parkUndeliverable(final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            final Undeliverable event = undeliverable.get(i);
            if (!delivery.undeliverable(event.position(), event.index(), event.aggregateId(), event.eventType(),
                event.failure()))
            {
                return false;
            }
        }
        return true;
    }

    private void commit(final long position, final int crc)
    {
        if (position > checkpoint.position())
        {
            checkpoint.position(position, crc);
            running.position(position);
        }
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
                result.whenComplete((handled, failure) -> LOG.info(
                    "subscription {}: a tool asked to retry the event parked at position {} index {}: {}",
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
                final JournalEvent event = readEvent(request.parked(), parked);
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
            catch (final VirtualMachineError error)
            {
                request.result().completeExceptionally(error);
                throw error;
            }
            catch (final Throwable ex)
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
            LOG.warn("subscription {} cannot take the retry requests: {}",
                subscription.name(), ex.getMessage());
            return List.of();
        }
    }

    /**
     * The event to retry, read from the journal: refused if it is not parked, or its record is not the one parked.
     *
     * @param asked  the parked event the caller asked to retry.
     * @param parked the event parked at its position and index now, or null.
     */
    private JournalEvent readEvent(final ParkedEvent asked, final ParkedEvent parked)
    {
        final String what = "subscription " + subscription.name() + " cannot retry the event parked at position " +
            PositionFormat.position(asked.position()) + " index " + asked.index() + ": ";
        if (null == parked)
        {
            throw new IllegalArgumentException("subscription " + subscription.name() + " has no event parked at " +
                "position " + PositionFormat.position(asked.position()) + " index " + asked.index() +
                (deadLetters.movedAside(asked.position(),
                asked.index()) ? ": the journal holds another record at that position now (a fail-over truncated " +
                "the one parked, or the journal lost its tail), and the parked event was moved aside when the " +
                "subscription started" : ""));
        }
        if (parked.recordCrc() < 0 || asked.recordCrc() >= 0 && asked.recordCrc() != parked.recordCrc())
        {
            throw new IllegalArgumentException(what + (parked.recordCrc() < 0 ? "its file does not say which " +
                "record it was (written by an earlier version); start the subscription again to check it against " +
                "the journal" : "another record's event is parked there now (a fail-over truncated the one " +
                "parked, or the journal lost its tail)"));
        }
        final JournalPage page = journal.readForward(parked.position(), 1);
        final JournalEntry entry = page.entries().isEmpty() ? null : page.entries().get(0);
        if (null == entry || entry.position() != parked.position() ||
            (entry.view().crc32c() & 0xFFFFFFFFL) != parked.recordCrc() || parked.index() >= entry.view().eventCount())
        {
            throw new IllegalStateException(what + "the journal holds " + (null == entry ||
                entry.position() != parked.position() ? "no record" : "another record") + " at its position now " +
                "(a fail-over truncated the one parked, or the journal lost its tail); skip it");
        }
        recordEvents.clear();
        recordUndeliverable.clear();
        eventsOf(parked.position(), entry.view(), parked.index(), recordEvents, recordUndeliverable);
        if (recordEvents.isEmpty())
        {
            throw new IllegalStateException("the event parked at position " +
                PositionFormat.position(parked.position()) + " index " +
                parked.index() + " still cannot be decoded: " + recordUndeliverable.get(0).failure().getMessage(),
                recordUndeliverable.get(0).failure());
        }
        return recordEvents.get(0);
    }
}
