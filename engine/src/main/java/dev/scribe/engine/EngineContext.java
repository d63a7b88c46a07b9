package dev.scribe.engine;

import dev.scribe.codecs.payload.PayloadCodec;
import dev.scribe.engine.replica.ReplicaSetup;
import dev.scribe.engine.replica.ReplicationLink;
import dev.scribe.journal.JournalContext;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Everything an {@link Engine} is launched with: settings (directory, ring size, wait strategy, durability, clock,
 * error handler, error log length) and registrations (aggregates, commands, events, interceptors, projections).
 * {@link #conclude()} fills defaults from {@link Configuration} and fails fast naming the setting that is wrong.
 */
public final class EngineContext
{
    private boolean concluded;
    private Path directory;
    private int ringSize;
    private RingWait ringWait;
    private Durability durability;
    private EpochNanoClock epochNanoClock;
    private ErrorHandler errorHandler;
    private int errorLogLength;
    private long epoch = 1;
    private EngineRole role = EngineRole.PRIMARY;
    private ReplicationLink replicationLink;
    private NoStandbyPolicy noStandbyPolicy = NoStandbyPolicy.BLOCK;
    private int hashCheckInterval;
    private EventVersions eventVersions = new EventVersions();
    private int maxCommandBytes;
    private int idempotencyKeys;
    private ResponseListener responseListener;
    private JournalContext journalContext;
    private final List<AggregateType> aggregates = new ArrayList<>();
    private final List<CommandType> commands = new ArrayList<>();
    private final Map<Class<?>, Integer> eventTypeIds = new IdentityHashMap<>();
    private final List<PayloadCodec<?>> codecs = new ArrayList<>();
    private final List<Interceptor> interceptors = new ArrayList<>();
    private final List<Projection> projections = new ArrayList<>();
    private final List<Projection> projectionsView = Collections.unmodifiableList(projections);
    private final List<JournalListener> journalListeners = new ArrayList<>();
    private final List<Saga<?>> sagas = new ArrayList<>();
    private Registry registry;
    private SnapshotPolicy snapshots;
    private boolean snapshotRequests;
    private Boolean singleProducer;
    private Duration handlerStopTimeout;
    private UnpinnedTypeIds unpinnedTypeIds;

    /**
     * Fill in defaults, resolve the registrations and check everything; called by {@link Engine#launch}.
     *
     * @return this context.
     * @throws IllegalArgumentException naming the setting or registration that is wrong.
     */
    public EngineContext conclude()
    {
        if (concluded)
        {
            return this;
        }
        if (null == directory)
        {
            directory = Path.of(System.getProperty(EngineConfiguration.DIRECTORY_PROP_NAME,
                EngineConfiguration.DIRECTORY_DEFAULT));
        }
        ringSize = SystemProperties.intValue(ringSize, EngineConfiguration.RING_SIZE_PROP_NAME,
            EngineConfiguration.RING_SIZE_DEFAULT);
        require(ringSize >= 2 && Integer.bitCount(ringSize) == 1,
            "ringSize must be a power of two of at least 2: " + ringSize);
        maxCommandBytes = SystemProperties.intValue(maxCommandBytes, EngineConfiguration.MAX_COMMAND_BYTES_PROP_NAME,
            EngineConfiguration.MAX_COMMAND_BYTES_DEFAULT);
        require(maxCommandBytes >= 8 && maxCommandBytes <= 64 * 1024,
            "maxCommandBytes must be 8..65536: " + maxCommandBytes);
        idempotencyKeys = SystemProperties.intValue(idempotencyKeys, EngineConfiguration.IDEMPOTENCY_KEYS_PROP_NAME,
            EngineConfiguration.IDEMPOTENCY_KEYS_DEFAULT);
        require(idempotencyKeys >= 1, "idempotencyKeys must be at least 1: " + idempotencyKeys);
        responseListener = null != responseListener ? responseListener :
            (correlationId, status, position, version, reason) -> { };
        final String durabilityName = System.getProperty(EngineConfiguration.DURABILITY_PROP_NAME);
        durability = null != durability ? durability : null == durabilityName ? EngineConfiguration.DURABILITY_DEFAULT :
            Durability.parse(EngineConfiguration.DURABILITY_PROP_NAME, durabilityName);
        require(hashCheckInterval == 0 || (hashCheckInterval > 0 && Integer.bitCount(hashCheckInterval) == 1),
            "hashCheckInterval must be 0 (off) or a power of two: " + hashCheckInterval);
        require(durability != Durability.REPLICATED || null != replicationLink,
            "durability REPLICATED needs a standby, and replication is not configured for this engine");
        // backs off to sleeping, so idle consumers leave the cores to the threads that have work
        ringWait = null != ringWait ? ringWait : RingWait.SLEEPING;
        // System.nanoTime plus a sampled offset: no allocation per reading, unlike Instant-based clocks
        epochNanoClock = null != epochNanoClock ? epochNanoClock : new OffsetEpochNanoClock();
        errorHandler = null == errorHandler ? EngineConfiguration.ERROR_HANDLER_DEFAULT : errorHandler;
        errorLogLength = SystemProperties.intValue(errorLogLength, EngineConfiguration.ERROR_LOG_LENGTH_PROP_NAME,
            EngineConfiguration.ERROR_LOG_LENGTH_DEFAULT);
        require(errorLogLength >= EngineConfiguration.ERROR_LOG_LENGTH_MIN &&
            errorLogLength <= EngineConfiguration.ERROR_LOG_LENGTH_MAX, "errorLogLength must be " +
            EngineConfiguration.ERROR_LOG_LENGTH_MIN + " to " + EngineConfiguration.ERROR_LOG_LENGTH_MAX + " bytes: " +
            errorLogLength);
        require(epoch >= 0, "epoch must not be negative: " + epoch);
        require(!aggregates.isEmpty(),
            "no aggregates are registered; register one with aggregate(type, factory)");
        directory = directory.toAbsolutePath().normalize();
        journalContext = null != journalContext ? journalContext : new JournalContext();
        journalContext.directory(directory.resolve("journal")).conclude();
        // a policy given in code or by its system properties: the engine then takes requests from other processes
        snapshotRequests = null != snapshots || SnapshotPolicy.Configuration.anySet();
        snapshots = (null == snapshots ? new SnapshotPolicy() : snapshots).resolve();
        singleProducer = null != singleProducer ? singleProducer : SystemProperties.booleanValue(
            EngineConfiguration.SINGLE_PRODUCER_PROP_NAME, EngineConfiguration.SINGLE_PRODUCER_DEFAULT);
        handlerStopTimeout = null != handlerStopTimeout ? handlerStopTimeout : Duration.ofMillis(SystemProperties
            .intValue(EngineConfiguration.HANDLER_STOP_TIMEOUT_PROP_NAME,
                EngineConfiguration.HANDLER_STOP_TIMEOUT_MS_DEFAULT));
        require(handlerStopTimeout.toMillis() > 0, "handlerStopTimeout (" +
            EngineConfiguration.HANDLER_STOP_TIMEOUT_PROP_NAME + ") must be at least a millisecond: " +
            handlerStopTimeout);
        unpinnedTypeIds = null != unpinnedTypeIds ? unpinnedTypeIds : SystemProperties.enumValue(
            EngineConfiguration.UNPINNED_TYPE_IDS_PROP_NAME, EngineConfiguration.UNPINNED_TYPE_IDS_DEFAULT);
        registry = new Registry(aggregates, commands, eventTypeIds, codecs, eventVersions, sagas);
        concluded = true;
        return this;
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }

    private void checkNotConcluded()
    {
        if (concluded)
        {
            throw new IllegalStateException("the engine context is already concluded; set it up before launch");
        }
    }

    /**
     * Register an aggregate type; its event types are found from its {@code apply} methods.
     *
     * @param type    the aggregate class.
     * @param factory makes a new, empty aggregate.
     * @param <A>     the aggregate type.
     * @return this context.
     */
    public <A extends Aggregate> EngineContext aggregate(final Class<A> type, final Supplier<A> factory)
    {
        checkNotConcluded();
        aggregates.add(new AggregateType(type, factory));
        return this;
    }

    /**
     * Register a command of the only registered aggregate type.
     *
     * @param type    the command class.
     * @param idOf    gets the aggregate id from a command.
     * @param handler decides the command.
     * @param <C>     the command type.
     * @param <A>     the aggregate type.
     * @return this context.
     */
    public <C, A extends Aggregate> EngineContext command(
        final Class<C> type, final Function<C, String> idOf, final CommandHandler<C, A> handler)
    {
        checkNotConcluded();
        commands.add(new CommandType(type, null, idOf, handler));
        return this;
    }

    /**
     * Register a command and the aggregate type it targets.
     *
     * @param type          the command class.
     * @param aggregateType the aggregate class.
     * @param idOf          gets the aggregate id from a command.
     * @param handler       decides the command.
     * @param <C>           the command type.
     * @param <A>           the aggregate type.
     * @return this context.
     */
    public <C, A extends Aggregate> EngineContext command(final Class<C> type, final Class<A> aggregateType,
        final Function<C, String> idOf, final CommandHandler<C, A> handler)
    {
        checkNotConcluded();
        commands.add(new CommandType(type, aggregateType, idOf, handler));
        return this;
    }

    /**
     * Register a binary command: its bytes are written into a ring slot by a {@link CommandPublisher} and viewed
     * in place by its codec (an SBE flyweight, say), and its aggregate id is numeric. With a response listener and
     * {@link Decision#emitNew} this path allocates nothing per command.
     *
     * @param commandTypeId the command's type id, chosen by the application, 0 or more.
     * @param codec         views the command's bytes; its decode may return a reused flyweight.
     * @param aggregateType the aggregate class.
     * @param idOf          gets the numeric aggregate id from the viewed command.
     * @param handler       decides the command.
     * @param <C>           the command (view) type.
     * @param <A>           the aggregate type.
     * @return this context.
     */
    public <C, A extends Aggregate> EngineContext command(final int commandTypeId, final PayloadCodec<C> codec,
        final Class<A> aggregateType, final ToLongFunction<C> idOf, final CommandHandler<C, A> handler)
    {
        checkNotConcluded();
        commands.add(new CommandType(commandTypeId, codec, aggregateType, idOf, handler));
        return this;
    }

    /**
     * Register a saga, to start from handlers with {@link Decision#startSaga}.
     *
     * @param saga the saga's steps.
     * @return this context.
     */
    public EngineContext saga(final Saga<?> saga)
    {
        checkNotConcluded();
        sagas.add(Objects.requireNonNull(saga, "saga"));
        return this;
    }

    /**
     * Set the listener that receives the outcomes of binary commands published by a {@link Engine#publisher()}
     * without a listener of its own.
     *
     * @param listener the listener, called on the business-logic thread (see {@link ResponseListener}).
     * @return this context.
     */
    public EngineContext responseListener(final ResponseListener listener)
    {
        checkNotConcluded();
        this.responseListener = listener;
        return this;
    }

    /**
     * The listener for binary commands' outcomes.
     * @return the listener.
     */
    public ResponseListener responseListener()
    {
        return responseListener;
    }

    /**
     * Set how many idempotency keys of accepted commands are remembered; beyond that the oldest is forgotten, and a
     * resend under a forgotten key is decided afresh.
     *
     * @param idempotencyKeys at least 1.
     * @return this context.
     */
    public EngineContext idempotencyKeys(final int idempotencyKeys)
    {
        checkNotConcluded();
        this.idempotencyKeys = idempotencyKeys;
        return this;
    }

    /**
     * How many idempotency keys are remembered.
     * @return the number.
     */
    public int idempotencyKeys()
    {
        return idempotencyKeys;
    }

    /**
     * Set the bytes of each ring slot's buffer for binary commands.
     * @param maxCommandBytes 8 to 65536.
     * @return this context.
     */
    public EngineContext maxCommandBytes(final int maxCommandBytes)
    {
        checkNotConcluded();
        this.maxCommandBytes = maxCommandBytes;
        return this;
    }

    /**
     * The bytes of each ring slot's buffer for binary commands.
     * @return the size.
     */
    public int maxCommandBytes()
    {
        return maxCommandBytes;
    }

    /**
     * Pin the type id an event is journaled under, or register an event type that no aggregate applies. Pin every
     * event type before production: an unpinned id is a hash (CRC32C) of the class's simple name, so renaming the
     * class would orphan its journaled events, and a launch over a journal that holds records fails while any is
     * unpinned ({@link #unpinnedTypeIds}). Its message gives the ids the types have now, to pin them at.
     *
     * @param type   the event class, a record.
     * @param typeId its stable type id.
     * @return this context.
     */
    public EngineContext event(final Class<?> type, final int typeId)
    {
        checkNotConcluded();
        eventTypeIds.put(type, typeId);
        return this;
    }

    /**
     * Set what a launch does when event types have no pinned type id ({@link #event}) and the journal already holds
     * records: {@link UnpinnedTypeIds#FAIL} (the default, or the system property
     * {@link EngineConfiguration#UNPINNED_TYPE_IDS_PROP_NAME}) or {@link UnpinnedTypeIds#WARN}.
     *
     * @param policy the policy.
     * @return this context.
     */
    public EngineContext unpinnedTypeIds(final UnpinnedTypeIds policy)
    {
        checkNotConcluded();
        this.unpinnedTypeIds = Objects.requireNonNull(policy, "unpinnedTypeIds");
        return this;
    }

    /**
     * What a launch does when event types have no pinned type id and the journal already holds records.
     * @return the policy; null before {@link #conclude()} if not set.
     */
    public UnpinnedTypeIds unpinnedTypeIds()
    {
        return unpinnedTypeIds;
    }

    /**
     * Declare how event classes evolved: current versions, older classes and the upcasters between them.
     * @param versions the event versions.
     * @return this context.
     */
    public EngineContext events(final EventVersions versions)
    {
        checkNotConcluded();
        this.eventVersions = Objects.requireNonNull(versions, "versions");
        return this;
    }

    /**
     * Use a codec of your own for an event type (an SBE flyweight codec, say).
     * @param codec the codec.
     * @return this context.
     */
    public EngineContext codec(final PayloadCodec<?> codec)
    {
        checkNotConcluded();
        codecs.add(codec);
        return this;
    }

    /**
     * Add an interceptor, run before every handler in the order added.
     * @param interceptor the interceptor.
     * @return this context.
     */
    public EngineContext interceptor(final Interceptor interceptor)
    {
        checkNotConcluded();
        interceptors.add(interceptor);
        return this;
    }

    /**
     * Add a projection, run on its own thread behind the business logic.
     * @param projection the projection.
     * @return this context.
     */
    public EngineContext projection(final Projection projection)
    {
        checkNotConcluded();
        require(null != projection, "projection must not be null");
        projections.add(projection);
        return this;
    }

    /**
     * Add an event tap, run on its own thread behind the business logic, e.g. to publish events to a broker.
     * @param tap the tap.
     * @return this context.
     */
    public EngineContext tap(final EventTap tap)
    {
        return projection(tap);
    }

    /**
     * Add a listener told of each record right after it is journaled, on the business-logic thread.
     * @param listener the listener.
     * @return this context.
     */
    public EngineContext journalListener(final JournalListener listener)
    {
        checkNotConcluded();
        journalListeners.add(listener);
        return this;
    }

    /**
     * Set the engine directory; the journal goes in its {@code journal} subdirectory, the counters in
     * {@code counters.dat} and the error log in {@code errors.dat}.
     *
     * @param directory the directory.
     * @return this context.
     */
    public EngineContext directory(final Path directory)
    {
        checkNotConcluded();
        this.directory = directory;
        return this;
    }

    /**
     * The engine directory.
     * @return the directory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * Set the journal's settings (its directory is always the engine directory's {@code journal}).
     * @param journalContext journal settings.
     * @return this context.
     */
    public EngineContext journalContext(final JournalContext journalContext)
    {
        checkNotConcluded();
        this.journalContext = journalContext;
        return this;
    }

    /**
     * The journal's settings.
     * @return the journal context.
     */
    public JournalContext journalContext()
    {
        return journalContext;
    }

    /**
     * Set the number of command slots in the ring.
     * @param ringSize a power of two.
     * @return this context.
     */
    public EngineContext ringSize(final int ringSize)
    {
        checkNotConcluded();
        this.ringSize = ringSize;
        return this;
    }

    /**
     * The number of command slots in the ring.
     * @return the ring size.
     */
    public int ringSize()
    {
        return ringSize;
    }

    /**
     * Set how the ring's threads wait for work. The default, {@link RingWait#SLEEPING}, sleeps when idle, so it
     * behaves on a machine with few cores; a spinning one needs a core per ring thread.
     *
     * @param ringWait how they wait.
     * @return this context.
     */
    public EngineContext ringWait(final RingWait ringWait)
    {
        checkNotConcluded();
        this.ringWait = ringWait;
        return this;
    }

    /**
     * How the ring's threads wait.
     * @return the choice.
     */
    public RingWait ringWait()
    {
        return ringWait;
    }

    /**
     * Set the durability of commands sent without one.
     * @param durability the default level.
     * @return this context.
     */
    public EngineContext durability(final Durability durability)
    {
        checkNotConcluded();
        this.durability = durability;
        return this;
    }

    /**
     * The default durability.
     * @return the level.
     */
    public Durability durability()
    {
        return durability;
    }

    /**
     * Set the engine clock; its time is recorded with each command's events and is the only time handlers see. It
     * also gives the start time in {@code counters.dat} and the error times in {@code errors.dat}.
     *
     * @param clock nanoseconds since 1970.
     * @return this context.
     */
    public EngineContext epochNanoClock(final EpochNanoClock clock)
    {
        checkNotConcluded();
        this.epochNanoClock = clock;
        return this;
    }

    /**
     * The engine clock.
     * @return the clock.
     */
    public EpochNanoClock epochNanoClock()
    {
        return epochNanoClock;
    }

    /**
     * Set the handler told of errors of projections, listeners and {@code apply} methods, and of the engine's own
     * (a journal that refuses a record or a sync). Every error is first counted and written to the error log in
     * {@code errors.dat}; then this handler is called, on the thread that hit the error. A command handler that
     * throws is the exception: the business logic only counts it and hands it over, and the first failure of each
     * kind reaches this handler later, on the thread {@code scribe-handler-failures}. If it throws, that is
     * counted and logged as well, and the thread goes on. The default,
     * {@link Configuration#ERROR_HANDLER_DEFAULT}, does nothing more.
     *
     * @param errorHandler the handler.
     * @return this context.
     */
    public EngineContext errorHandler(final ErrorHandler errorHandler)
    {
        checkNotConcluded();
        this.errorHandler = errorHandler;
        return this;
    }

    /**
     * The user's error handler, called after the engine has counted and logged each error.
     * @return the error handler.
     */
    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * Set the length in bytes of the error log in {@code errors.dat}. Each distinct error (by stack trace) takes its
     * stack trace's length once and is then only counted; once full, new distinct errors go to standard error.
     *
     * @param errorLogLength {@link Configuration#ERROR_LOG_LENGTH_MIN} to {@link Configuration#ERROR_LOG_LENGTH_MAX}.
     * @return this context.
     */
    public EngineContext errorLogLength(final int errorLogLength)
    {
        checkNotConcluded();
        this.errorLogLength = errorLogLength;
        return this;
    }

    /**
     * The length in bytes of the error log.
     * @return the length.
     */
    public int errorLogLength()
    {
        return errorLogLength;
    }

    /** Set the epoch the engine starts in (tests; a replicated engine's comes from its journal). */
    EngineContext epoch(final long epoch)
    {
        checkNotConcluded();
        this.epoch = epoch;
        return this;
    }

    /** The epoch the engine starts in. */
    long epoch()
    {
        return epoch;
    }

    List<Interceptor> interceptors()
    {
        return interceptors;
    }

    /**
     * The registered projections, in registration order.
     * @return the projections.
     */
    public List<Projection> projections()
    {
        return projectionsView;
    }

    List<JournalListener> journalListeners()
    {
        return journalListeners;
    }

    Registry registry()
    {
        return registry;
    }

    /** Set the role the engine starts in; see {@link ReplicaSetup#role()}. */
    EngineContext role(final EngineRole role)
    {
        checkNotConcluded();
        this.role = Objects.requireNonNull(role, "role");
        return this;
    }

    /** The role the engine starts in. */
    EngineRole role()
    {
        return role;
    }

    /** Set the replication link; see {@link ReplicaSetup#link()}. */
    EngineContext replicationLink(final ReplicationLink link)
    {
        checkNotConcluded();
        this.replicationLink = link;
        return this;
    }

    /** The replication link, or null if the engine is not replicated. */
    ReplicationLink replicationLink()
    {
        return replicationLink;
    }

    /** Apply the replication module's setup: role, link and hash-check interval. */
    EngineContext replica(final ReplicaSetup replica)
    {
        checkNotConcluded();
        Objects.requireNonNull(replica, "replica");
        role = replica.role();
        replicationLink = replica.link();
        hashCheckInterval = replica.hashCheckInterval();
        return this;
    }

    /**
     * Set what a primary does with {@link Durability#REPLICATED} results while no standby acknowledges.
     *
     * @param policy {@link NoStandbyPolicy#BLOCK} (the default) or {@link NoStandbyPolicy#DEGRADE}.
     * @return this for a fluent API.
     */
    public EngineContext noStandbyPolicy(final NoStandbyPolicy policy)
    {
        checkNotConcluded();
        this.noStandbyPolicy = Objects.requireNonNull(policy, "noStandbyPolicy");
        return this;
    }

    /**
     * What a primary does with REPLICATED results while no standby acknowledges.
     * @return the policy.
     */
    public NoStandbyPolicy noStandbyPolicy()
    {
        return noStandbyPolicy;
    }

    /** Set the hash-check interval; see {@link ReplicaSetup#hashCheckInterval()}. */
    EngineContext hashCheckInterval(final int interval)
    {
        checkNotConcluded();
        this.hashCheckInterval = interval;
        return this;
    }

    /** The hash-check interval: 0 (off) or a power of two. */
    int hashCheckInterval()
    {
        return hashCheckInterval;
    }

    /**
     * Set when snapshots are taken and kept; by default only on request, keeping two. An engine with a policy (or
     * {@link SnapshotPolicy.Configuration}'s properties) also takes requests of other processes ({@code scribe
     * snapshot}), looking for their file every 200 ms; without one, only {@link Engine#snapshot()} takes them.
     *
     * @param policy the snapshot policy.
     * @return this for a fluent API.
     */
    public EngineContext snapshots(final SnapshotPolicy policy)
    {
        checkNotConcluded();
        this.snapshots = Objects.requireNonNull(policy, "snapshots");
        return this;
    }

    /**
     * When snapshots are taken and kept.
     * @return the policy, or null before {@link #conclude()} if none was set.
     */
    public SnapshotPolicy snapshots()
    {
        return snapshots;
    }

    /** Whether the engine takes snapshot requests from other processes: it was given a snapshot policy. */
    boolean snapshotRequests()
    {
        return snapshotRequests;
    }

    /**
     * Make the command ring a single-producer one: commands come from one thread only, the first that sends one
     * ({@link Engine#send} or a {@link CommandPublisher}); one from another thread is refused with an
     * {@link IllegalStateException} naming both. Claims no longer contend on the ring's cursor, and the business
     * logic reads what is published from the cursor alone. Control requests from any thread ({@link Engine#stateHash},
     * snapshots, a replication node's) take turns with the producer under a lock it takes uncontended, one
     * compare-and-set a claim or batch. Default {@link Configuration#SINGLE_PRODUCER_DEFAULT}, or the system property
     * {@link Configuration#SINGLE_PRODUCER_PROP_NAME}.
     *
     * @param singleProducer true for one producing thread.
     * @return this context.
     */
    public EngineContext singleProducer(final boolean singleProducer)
    {
        checkNotConcluded();
        this.singleProducer = singleProducer;
        return this;
    }

    /**
     * Whether the command ring has a single producer.
     * @return true if commands come from one thread only; before {@link #conclude()}, false unless set.
     */
    public boolean singleProducer()
    {
        return null != singleProducer && singleProducer;
    }

    /**
     * Set how long closing a subscription, a live query's subscribers or a projection rebuild waits for the code it
     * runs (a handler, {@code onNext}, {@code onEvent}), once interrupted, to return; past it the engine logs a
     * warning naming the thread and goes on without it. Default {@link Configuration#HANDLER_STOP_TIMEOUT_MS_DEFAULT}.
     *
     * @param timeout at least a millisecond.
     * @return this context.
     */
    public EngineContext handlerStopTimeout(final Duration timeout)
    {
        checkNotConcluded();
        this.handlerStopTimeout = Objects.requireNonNull(timeout, "handlerStopTimeout");
        return this;
    }

    /**
     * How long stopping waits for a read-side handler to return.
     * @return the timeout; null before {@link #conclude()} if not set.
     */
    public Duration handlerStopTimeout()
    {
        return handlerStopTimeout;
    }
}
