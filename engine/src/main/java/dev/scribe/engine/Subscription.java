package dev.scribe.engine;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A named, durable reader of the journal's events, started with {@link Subscriptions#start}: it catches up from the
 * journal, then follows it live, on its own thread, and never slows the business logic (it reads the journal's
 * files, not the ring).
 *
 * <p>Where it starts: after its checkpoint if it has one (the last record it handled wholly, kept in
 * {@code subscriptions/<name>/checkpoint} in the engine directory); else from the beginning of the journal (the
 * default), from a position, or from the end of the journal as it is when the subscription starts. The checkpoint
 * moves only once every event of a record was handled (or parked), so after a crash the subscription goes on from
 * the first record not wholly handled.
 *
 * <pre>{@code
 * RunningSubscription statements = engine.subscriptions().start(Subscription.named("statements")
 *     .eventTypes(Deposited.class, Withdrawn.class)
 *     .chunkSize(100)
 *     .retry(RetryPolicy.backoff(5, Duration.ofMillis(10), Duration.ofSeconds(1)))
 *     .handler(events -> mailer.send(events)));
 * }</pre>
 */
public final class Subscription
{
    /** Largest chunk. */
    public static final int MAX_CHUNK_SIZE = 65_536;
    /** Most partitions. */
    public static final int MAX_PARTITIONS = 64;

    /** Where a subscription without a checkpoint starts. */
    enum Start
    {
        BEGINNING, POSITION, NOW
    }

    private final String name;
    private Start start = Start.BEGINNING;
    private long startPosition;
    private int chunkSize = 64;
    private final Set<Class<?>> eventTypes = new LinkedHashSet<>();
    private final Set<Class<? extends Aggregate>> aggregateTypes = new LinkedHashSet<>();
    private int partitions = 1;
    private Function<JournalEvent, ?> routingKey = JournalEvent::aggregateId;
    private RetryPolicy retry = RetryPolicy.none();
    private boolean stopWhenExhausted;
    private SubscriptionHandler handler;

    private Subscription(final String name)
    {
        this.name = name;
    }

    /**
     * A subscription by name; the name keys its checkpoint and its parked events.
     *
     * @param name 1 to 64 letters, digits, '.', '_' or '-', but not "." or "..".
     * @return the subscription, to configure.
     * @throws IllegalArgumentException if the name is not such.
     */
    public static Subscription named(final String name)
    {
        return new Subscription(checkName(name));
    }

    static String checkName(final String name)
    {
        if (null == name || !name.matches("[A-Za-z0-9._-]{1,64}") || ".".equals(name) || "..".equals(name))
        {
            throw new IllegalArgumentException("a subscription name must be 1 to 64 letters, digits, '.', '_' or " +
                "'-', and not \".\" or \"..\": " + (null == name ? "null" : "\"" + name + "\""));
        }
        return name;
    }

    /**
     * Without a checkpoint, start from the first record of the journal (the default).
     *
     * @return this.
     */
    public Subscription fromBeginning()
    {
        start = Start.BEGINNING;
        return this;
    }

    /**
     * Without a checkpoint, start from the record at a position (or the first after it).
     *
     * @param position a journal position, 0 or more.
     * @return this.
     */
    public Subscription from(final long position)
    {
        if (position < 0)
        {
            throw new IllegalArgumentException("subscription " + name + " cannot start from a negative position: " +
                position);
        }
        start = Start.POSITION;
        startPosition = position;
        return this;
    }

    /**
     * Without a checkpoint, start after the last record journaled when the subscription starts.
     *
     * @return this.
     */
    public Subscription fromNow()
    {
        start = Start.NOW;
        return this;
    }

    /**
     * Most events a chunk holds (a record with more events than this is handed over alone, whole). Default 64.
     *
     * @param size 1 to {@value #MAX_CHUNK_SIZE}.
     * @return this.
     */
    public Subscription chunkSize(final int size)
    {
        if (size < 1 || size > MAX_CHUNK_SIZE)
        {
            throw new IllegalArgumentException("subscription " + name + ": chunk size must be 1 to " + MAX_CHUNK_SIZE +
                ": " + size);
        }
        chunkSize = size;
        return this;
    }

    /**
     * Hand over only events of these classes (and of their subclasses). Without it, and without
     * {@link #aggregateTypes}, every event.
     *
     * @param types event classes.
     * @return this.
     */
    public Subscription eventTypes(final Class<?>... types)
    {
        for (final Class<?> type : types)
        {
            eventTypes.add(Objects.requireNonNull(type, "subscription " + name + ": a null event type"));
        }
        return this;
    }

    /**
     * Hand over only events that aggregates of these classes apply (an event passes if it is of one of the
     * {@link #eventTypes} or applied by one of these).
     *
     * @param types aggregate classes registered with the engine.
     * @return this.
     */
    @SafeVarargs
    public final Subscription aggregateTypes(final Class<? extends Aggregate>... types)
    {
        for (final Class<? extends Aggregate> type : types)
        {
            aggregateTypes.add(Objects.requireNonNull(type, "subscription " + name + ": a null aggregate type"));
        }
        return this;
    }

    /**
     * Spread the events over several handler threads by a routing key: the events of one key go to one thread, in
     * journal order; the checkpoint moves once every partition has handled a record's events. By default one
     * partition, on the subscription's own thread, keyed by aggregate id.
     *
     * @param count      1 to {@value #MAX_PARTITIONS} threads.
     * @param routingKey the key of an event (its aggregate id, say); an event whose key cannot be found (the
     *                   function throws or returns null) is parked, or stops the subscription, as a failing handler
     *                   would.
     * @return this.
     */
    public Subscription partitions(final int count, final Function<JournalEvent, ?> routingKey)
    {
        if (count < 1 || count > MAX_PARTITIONS)
        {
            throw new IllegalArgumentException("subscription " + name + ": partitions must be 1 to " +
                MAX_PARTITIONS + ": " + count);
        }
        partitions = count;
        this.routingKey = Objects.requireNonNull(routingKey, "subscription " + name + ": a null routing key");
        return this;
    }

    /**
     * How a failing handler is retried. Default: {@link RetryPolicy#none()}.
     *
     * @param policy the policy.
     * @return this.
     */
    public Subscription retry(final RetryPolicy policy)
    {
        retry = Objects.requireNonNull(policy, "subscription " + name + ": a null retry policy");
        return this;
    }

    /**
     * Stop the subscription at an event that fails its last attempt, instead of parking it and going on (the
     * default). The checkpoint stays before the chunk that holds the event, so a restart hands that chunk over again
     * from its start; {@link RunningSubscription#failure()} says why it stopped.
     *
     * @return this.
     */
    public Subscription stopWhenExhausted()
    {
        stopWhenExhausted = true;
        return this;
    }

    /**
     * The handler, given chunks.
     *
     * @param handler the handler.
     * @return this.
     */
    public Subscription handler(final SubscriptionHandler handler)
    {
        this.handler = Objects.requireNonNull(handler, "subscription " + name + ": a null handler");
        return this;
    }

    /**
     * The handler, given one event at a time (a chunk fails at its first failing event).
     *
     * @param handler the handler.
     * @return this.
     */
    public Subscription eachEvent(final Consumer<JournalEvent> handler)
    {
        Objects.requireNonNull(handler, "subscription " + name + ": a null handler");
        return handler((final List<JournalEvent> events) -> events.forEach(handler));
    }

    /**
     * The subscription's name.
     *
     * @return its name.
     */
    public String name()
    {
        return name;
    }

    Start start()
    {
        return start;
    }

    long startPosition()
    {
        return startPosition;
    }

    int chunkSize()
    {
        return chunkSize;
    }

    Set<Class<?>> eventTypes()
    {
        return eventTypes;
    }

    Set<Class<? extends Aggregate>> aggregateTypes()
    {
        return aggregateTypes;
    }

    int partitionCount()
    {
        return partitions;
    }

    Function<JournalEvent, ?> routingKey()
    {
        return routingKey;
    }

    RetryPolicy retryPolicy()
    {
        return retry;
    }

    boolean stopsWhenExhausted()
    {
        return stopWhenExhausted;
    }

    SubscriptionHandler handler()
    {
        if (null == handler)
        {
            throw new IllegalArgumentException("subscription " + name + " has no handler: give one with handler() " +
                "or eachEvent()");
        }
        return handler;
    }
}
