package dev.scribe.engine;

import org.agrona.ExpandableArrayBuffer;

import java.time.Duration;
import java.util.Arrays;

/**
 * The {@link Decision} a handler writes into: the aggregates the command touches (its own first) and the events
 * emitted for each, in order. Reused for every command on the business-logic thread.
 */
final class DecisionBuffer implements Decision
{
    /** An aggregate taking part in the current command. */
    final class Participant implements Target<Aggregate>
    {
        AggregateEntry entry;
        int eventCount;
        int index;

        @Override
        public Aggregate state()
        {
            return entry.state;
        }

        @Override
        public long version()
        {
            return entry.version;
        }

        @Override
        public void emit(final Object event)
        {
            emitFor(this, event);
        }

        @Override
        public <E> E emitNew(final Class<E> type)
        {
            final E event = takeEvent(type);
            emitFor(this, event);
            return event;
        }
    }

    private final AggregateStore store;
    private final Registry registry;
    private final AggregateType timersType;
    private final ExpandableArrayBuffer timerCommand = new ExpandableArrayBuffer(256);
    private int timersScheduled;
    private long firingTimer;
    // plain arrays with counts: reset and emit are on every command's path, and a list's checks and clearing loops
    // cost more than what they hold; participants are reused from one command to the next
    private Participant[] participants = new Participant[4];
    private int participantCount;
    private Object[] events = new Object[4];
    private Participant[] eventOwners = new Participant[4];
    private EventApplier[] eventAppliers = new EventApplier[4];
    private int eventCount;
    private String rejection;
    private long timestampNs;
    private EventPool eventPool;
    private boolean poolReset;

    DecisionBuffer(final AggregateStore store, final Registry registry)
    {
        this.store = store;
        this.registry = registry;
        this.timersType = store.type(Timers.class);
    }

    void reset(final AggregateEntry primary, final long timestampNs, final EventPool eventPool)
    {
        // the pool is the slot's, and cold: it is reset only when the handler takes an event from it
        this.eventPool = eventPool;
        poolReset = false;
        participantCount = 0;
        for (int i = 0; i < eventCount; i++)
        {
            events[i] = null; // the last command's events are not held on to
        }
        eventCount = 0;
        rejection = null;
        timersScheduled = 0;
        firingTimer = 0;
        this.timestampNs = timestampNs;
        join(primary);
    }

    private Participant join(final AggregateEntry entry)
    {
        for (int i = 0; i < participantCount; i++)
        {
            final Participant participant = participants[i];
            // by id: an aggregate not yet kept in the store is a new entry each time it is loaded
            if (participant.entry.id.equals(entry.id))
            {
                if (participant.entry.type != entry.type)
                {
                    throw new RefusedDecision(entry.id + " is a " +
                        participant.entry.type.type().getSimpleName() + ", not a " + entry.type.type().getSimpleName());
                }
                return participant;
            }
        }
        if (participantCount == participants.length)
        {
            participants = Arrays.copyOf(participants, 2 * participantCount);
        }
        Participant participant = participants[participantCount];
        if (null == participant)
        {
            participant = new Participant();
            participants[participantCount] = participant;
        }
        participant.entry = entry;
        participant.eventCount = 0;
        participant.index = participantCount++;
        return participant;
    }

    private void emitFor(final Participant participant, final Object event)
    {
        if (null == event)
        {
            throw new RefusedDecision("a null event was emitted for " + participant.entry.id);
        }
        final EventApplier applier = participant.entry.type.applier(event.getClass());
        if (null == applier)
        {
            throw new RefusedDecision(participant.entry.type.type().getSimpleName() + " " +
                participant.entry.id + " has no apply(" + event.getClass().getSimpleName() + ")");
        }
        if (eventCount == events.length)
        {
            events = Arrays.copyOf(events, 2 * eventCount);
            eventOwners = Arrays.copyOf(eventOwners, 2 * eventCount);
            eventAppliers = Arrays.copyOf(eventAppliers, 2 * eventCount);
        }
        events[eventCount] = event;
        eventOwners[eventCount] = participant;
        eventAppliers[eventCount] = applier;
        eventCount++;
        participant.eventCount++;
    }

    private <E> E takeEvent(final Class<E> type)
    {
        if (!poolReset)
        {
            eventPool.reset();
            poolReset = true;
        }
        return eventPool.take(type);
    }

    @Override
    public void reject(final String reason)
    {
        if (null == rejection)
        {
            rejection = null == reason || reason.isEmpty() ? "rejected" : reason;
        }
    }

    @Override
    public void emit(final Object event)
    {
        emitFor(participants[0], event);
    }

    @Override
    public <E> E emitNew(final Class<E> type)
    {
        final E event = takeEvent(type);
        emitFor(participants[0], event);
        return event;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A extends Aggregate> Target<A> aggregate(final Class<A> type, final String id)
    {
        return (Target<A>)join(store.load(type, id));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A extends Aggregate> Target<A> aggregate(final Class<A> type, final long id)
    {
        return (Target<A>)join(store.load(store.type(type), id));
    }

    @Override
    public long schedule(final Object command, final Duration delay)
    {
        if (null == delay || delay.isNegative())
        {
            throw new RefusedDecision("a timer's delay must be zero or more: " + delay);
        }
        final long delayNs = delay.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : delay.toNanos();
        return scheduleAt(command, delayNs > Long.MAX_VALUE - timestampNs ? Long.MAX_VALUE : timestampNs + delayNs);
    }

    @Override
    public long scheduleAt(final Object command, final long dueNs)
    {
        return schedule(command, dueNs, null, null);
    }

    /**
     * Schedule a command with the idempotency key it is to be sent with and the saga to tell of its outcome.
     *
     * @param key     null for {@code timer:<id>}.
     * @param replyTo the saga's aggregate id, or null.
     * @return the timer's id.
     */
    long schedule(final Object command, final long dueNs, final String key, final String replyTo)
    {
        final CommandType type = null == command ? null : registry.command(command.getClass());
        if (null == type)
        {
            throw new RefusedDecision("a timer can only send a registered command: " +
                (null == command ? "null" : command.getClass().getName() + " is not registered"));
        }
        final String id = type.idOf.apply(command);
        if (null == id || id.isEmpty())
        {
            throw new RefusedDecision("the aggregate id of the timer's " +
                command.getClass().getSimpleName() + " is " + (null == id ? "null" : "empty"));
        }
        final int length = type.timerCodec().encode(command, timerCommand, 0);
        final byte[] bytes = new byte[length];
        timerCommand.getBytes(0, bytes);
        final Participant timers = timers();
        final long timerId = ((Timers)timers.entry.state).nextId() + timersScheduled++;
        emitFor(timers, new TimerScheduled(timerId, dueNs, command.getClass().getName(), bytes, key, replyTo));
        return timerId;
    }

    @Override
    public boolean cancelTimer(final long timerId)
    {
        final TimerScheduled pending = ((Timers)timers().entry.state).pending().get(timerId);
        if (null != pending && (null != pending.replyTo() || SagaTimeout.class.getName().equals(pending.commandType())))
        {
            throw new RefusedDecision("timer " + timerId + " belongs to a saga run (" + (null != pending
                .replyTo() ? pending.replyTo() : "its timeout") + "); it cannot be cancelled from a handler");
        }
        return cancelOwnTimer(timerId);
    }

    /** Cancel a pending timer, a saga's included: for the saga runner. */
    boolean cancelOwnTimer(final long timerId)
    {
        final Participant timers = timers();
        final Timers state = (Timers)timers.entry.state;
        final boolean pending = null != state.pending().get(timerId) ||
            (timerId >= state.nextId() && timerId < state.nextId() + timersScheduled);
        if (pending)
        {
            emitFor(timers, new TimerCancelled(timerId));
        }
        return pending;
    }

    /**
     * Journal that a timer fired, in this decision's record, and tell its saga, if it has one, how its command went.
     *
     * @param reason null if the command was accepted, else why not.
     */
    void timerFired(final TimerScheduled timer, final String reason)
    {
        firingTimer = timer.timerId();
        emitFor(timers(), new TimerFired(timer.timerId(), reason));
    }

    /** The id of the timer this decision fires, or 0 if it decides a command sent from outside. */
    long firingTimer()
    {
        return firingTimer;
    }

    /** Tell the saga a fired timer's command replies to how it went, in this decision's record. */
    void replyToSaga(final TimerScheduled timer, final String rejection)
    {
        if (null != timer.replyTo())
        {
            registry.sagas().replied(this, timer, rejection);
        }
    }

    /** Where the decision is, to {@link #rollBack} a saga's reaction that failed part way. */
    int mark()
    {
        return eventCount;
    }

    /** Drop the events emitted since a {@link #mark}, and the timers they scheduled. */
    void rollBack(final int mark)
    {
        for (int i = eventCount - 1; i >= mark; i--)
        {
            if (events[i] instanceof TimerScheduled)
            {
                timersScheduled--;
            }
            eventOwners[i].eventCount--;
            events[i] = null;
            eventOwners[i] = null;
            eventAppliers[i] = null;
            eventCount--;
        }
    }

    @Override
    public <D extends Record> void startSaga(final Saga<D> saga, final String id, final D data)
    {
        registry.sagas().start(this, saga, id, data);
    }

    private Participant timers()
    {
        return join(store.load(timersType, TimerScheduled.AGGREGATE_ID));
    }

    @Override
    public String aggregateId()
    {
        return participants[0].entry.id;
    }

    @Override
    public long version()
    {
        return participants[0].entry.version;
    }

    @Override
    public long timestampNs()
    {
        return timestampNs;
    }

    @Override
    public boolean rejected()
    {
        return null != rejection;
    }

    String rejection()
    {
        return rejection;
    }

    /** How many aggregates take part in the decision: its own, then any it named. */
    int participantCount()
    {
        return participantCount;
    }

    /** The aggregate taking part at an index below {@link #participantCount()}; its own is at 0. */
    Participant participant(final int index)
    {
        return participants[index];
    }

    int eventCount()
    {
        return eventCount;
    }

    Object event(final int index)
    {
        return events[index];
    }

    Participant owner(final int index)
    {
        return eventOwners[index];
    }

    /** How the owner of the event at an index applies it. */
    EventApplier applier(final int index)
    {
        return eventAppliers[index];
    }
}
