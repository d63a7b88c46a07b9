package dev.scribe.engine;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One entry of the command ring. The caller's thread fills the request part; the business-logic thread fills the
 * result part, and at the end of its batch completes the result ({@link BatchCompletions}); consumers behind it read
 * the result. Entries are reused, so every field is rewritten for every use.
 */
final class CommandSlot
{
    /** A command object, decided by its handler. */
    static final int KIND_COMMAND = 0;
    /** A command in SBE bytes in {@link #commandBuffer}, from a {@link CommandPublisher}. */
    static final int KIND_BINARY = 1;
    /** A {@link ControlRequest} in {@link #control}. */
    static final int KIND_CONTROL = 2;

    // request, written by the publishing thread
    int kind;
    Object command;
    CommandType type;
    String aggregateId;
    long expectedVersion;
    String idempotencyKey;
    Durability durability;
    CompletableFuture<Outcome> future;
    /** Who hears a binary command's outcome: its publisher's listener, or the engine's. */
    ResponseListener listener;
    final UnsafeBuffer commandBuffer;
    int commandLength;
    long correlationId;
    final EventPool eventPool;
    ControlRequest control;
    /** When the command took this slot ({@link System#nanoTime()}), for its latency. */
    long sentNs;
    /** The timer whose command this is, or null: set by the business logic when a tick fires one. */
    TimerScheduled timer;
    /** This slot's own replicated record, reused: {@link #control} when the slot carries one. */
    final ControlRequest.Replica replica = new ControlRequest.Replica();

    // result, written by the business-logic thread
    Outcome.Status status;
    long position;
    int recordCrc;
    long version;
    String reason;
    boolean duplicate;
    int eventCount;
    // the first event in the slot itself: most commands emit one, and its reader then touches no array
    private Object event0;
    private String eventAggregateId0;
    private long eventVersion0;
    private Object[] events = new Object[4];
    private String[] eventAggregateIds = new String[4];
    private long[] eventVersions = new long[4];

    CommandSlot(final int maxCommandBytes, final List<Class<?>> pooledEvents)
    {
        commandBuffer = new UnsafeBuffer(new byte[maxCommandBytes]);
        eventPool = new EventPool(pooledEvents);
    }

    void requestBinary(
        final CommandType type,
        final int length,
        final long correlationId,
        final long expectedVersion,
        final Durability durability,
        final ResponseListener listener)
    {
        this.kind = KIND_BINARY;
        this.sentNs = System.nanoTime();
        this.timer = null;
        this.command = null;
        this.type = type;
        this.aggregateId = null;
        this.commandLength = length;
        this.correlationId = correlationId;
        this.expectedVersion = expectedVersion;
        this.idempotencyKey = null;
        this.durability = durability;
        this.future = null;
        this.listener = listener;
        this.control = null;
    }

    void request(
        final Object command,
        final CommandType type,
        final String aggregateId,
        final SendOptions options,
        final Durability durability,
        final CompletableFuture<Outcome> future)
    {
        this.kind = KIND_COMMAND;
        this.sentNs = System.nanoTime();
        this.timer = null;
        this.command = command;
        this.type = type;
        this.aggregateId = aggregateId;
        this.expectedVersion = options.expectedVersion();
        this.idempotencyKey = options.idempotencyKey();
        this.durability = durability;
        this.future = future;
        this.listener = null;
        this.control = null;
    }

    /** A control request: no command, nothing to journal unless the request says so. */
    void requestControl(final ControlRequest request)
    {
        this.kind = KIND_CONTROL;
        this.timer = null;
        this.control = request;
        this.command = null;
        this.type = null;
        this.future = null;
        this.listener = null;
    }

    /** A standby's copy of a primary's record, to journal at the same position and apply. */
    void requestReplica(final long position, final DirectBuffer buffer, final int offset, final int length)
    {
        replica.copy(position, buffer, offset, length);
        requestControl(replica);
    }

    void clearResult()
    {
        status = null;
        position = -1;
        recordCrc = 0;
        version = -1;
        reason = null;
        duplicate = false;
        if (eventCount > 0)
        {
            event0 = null;
            for (int i = 0, more = eventCount - 1; i < more; i++)
            {
                events[i] = null;
            }
            eventCount = 0;
        }
    }

    void addEvent(final Object event, final String aggregateId, final long version)
    {
        if (0 == eventCount)
        {
            event0 = event;
            eventAggregateId0 = aggregateId;
            eventVersion0 = version;
            eventCount = 1;
            return;
        }
        final int index = eventCount - 1;
        if (index == events.length)
        {
            events = Arrays.copyOf(events, index * 2);
            eventAggregateIds = Arrays.copyOf(eventAggregateIds, index * 2);
            eventVersions = Arrays.copyOf(eventVersions, index * 2);
        }
        events[index] = event;
        eventAggregateIds[index] = aggregateId;
        eventVersions[index] = version;
        eventCount++;
    }

    /** The event at an index below {@link #eventCount}. */
    Object event(final int index)
    {
        return 0 == index ? event0 : events[index - 1];
    }

    /** The id of the aggregate the event at an index belongs to. */
    String eventAggregateId(final int index)
    {
        return 0 == index ? eventAggregateId0 : eventAggregateIds[index - 1];
    }

    /** The version the event at an index gave its aggregate. */
    long eventVersion(final int index)
    {
        return 0 == index ? eventVersion0 : eventVersions[index - 1];
    }

    /** The events, in a new list. */
    List<Object> eventList()
    {
        final List<Object> list = new ArrayList<>(eventCount);
        for (int i = 0; i < eventCount; i++)
        {
            list.add(event(i));
        }
        return list;
    }

    /** Whether the command's events were journaled and applied (whether or not a sync followed). */
    boolean applied()
    {
        return status == Outcome.Status.ACCEPTED || status == Outcome.Status.SYNC_FAILED;
    }

    /**
     * Whether the result waits for a standby: a REPLICATED command with a record, which goes to the replication gate
     * (through the responder) instead of completing at the end of the business logic's batch. A repeat (by
     * idempotency key) waits at its original record's position like any other: even a record from before this
     * engine's epoch counts as replicated only once a standby acknowledges it in this epoch, since the old primary
     * that held the other copy may be gone or truncated.
     */
    boolean awaitsStandby()
    {
        return durability == Durability.REPLICATED && carriesCommand() && applied() && position >= 0;
    }

    boolean carriesCommand()
    {
        return kind == KIND_COMMAND || kind == KIND_BINARY;
    }

    /** Whether the slot carries events for projections: an applied command, a replicated record or a timer's. */
    boolean carriesEvents()
    {
        return (kind != KIND_CONTROL || control == replica || null != timer) && applied() && !duplicate &&
            eventCount > 0;
    }

    Outcome outcome()
    {
        if (status == Outcome.Status.ACCEPTED)
        {
            return Outcome.accepted(position, version, duplicate);
        }
        if (status == Outcome.Status.NOT_PRIMARY)
        {
            return Outcome.notPrimary();
        }
        if (status == Outcome.Status.HANDLER_FAILED)
        {
            return Outcome.handlerFailed(reason);
        }
        return status == Outcome.Status.SYNC_FAILED ?
            Outcome.syncFailed(position, version, reason) : Outcome.rejected(reason);
    }
}
