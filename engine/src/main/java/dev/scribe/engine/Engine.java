package dev.scribe.engine;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.EventHandlerGroup;
import com.lmax.disruptor.dsl.ProducerType;
import dev.scribe.codecs.Utf8;
import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.engine.monitor.SnapshotRequestFile;
import dev.scribe.engine.replica.ReplicaPort;
import dev.scribe.engine.replica.ReplicaSetup;
import dev.scribe.engine.replica.ReplicationLink;
import dev.scribe.engine.snapshot.SnapshotStore;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalTailer;
import dev.scribe.journal.JvmFlags;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A running Scribe engine. Commands sent from any thread (or from one, with
 * {@link EngineContext#singleProducer(boolean)}) go through a Disruptor ring to one business-logic thread, which
 * decides each against in-memory state, journals its events as one record, applies them and, at the end of each
 * batch of commands, completes their results; the projections run behind it on the ring (and, on an engine that
 * replicates, a responder handing REPLICATED results to the replication gate). On launch the state is rebuilt by
 * replaying the journal.
 *
 * <p><b>Where attached code runs.</b> Results complete on the business-logic thread (see
 * {@link #send(Object, SendOptions)}): attach heavy or blocking code with the {@code ...Async} methods. From attached
 * code, a send that would wait for room, {@link #stateHash()} and {@link #close()} throw rather than deadlock.
 *
 * <pre>{@code
 * try (Engine engine = Engine.launch(new EngineContext()
 *     .directory(Path.of("data/bank"))
 *     .aggregate(Account.class, Account::new)
 *     .command(Deposit.class, Deposit::account, (cmd, account, out) -> out.emit(new Deposited(cmd.amount())))))
 * {
 *     Outcome outcome = engine.send(new Deposit("acc-1", 100)).join();
 * }
 * }</pre>
 */
public final class Engine implements AutoCloseable
{
    private final EngineContext context;
    private final Registry registry;
    private final Journal journal;
    private final EngineMonitor monitor;
    private final EngineCounters counters;
    private final List<Thread> threads = new ArrayList<>();
    private final Disruptor<CommandSlot> disruptor;
    private final RingBuffer<CommandSlot> ring;
    private final RingClaims claims;
    private final List<ProjectionHandler> projections = new ArrayList<>();
    private final Sequence publishing = new Sequence(0); // threads publishing now; padded, off others' lines
    private final long replayedRecords;
    private volatile boolean closed;
    private final AggregateStore store;
    private final Leadership leadership;
    private final ReplicationGate gate;
    private final Recovery recovery;
    private final SnapshotTaker taker;
    private final SnapshotScheduler snapshots;
    private final ReplicaPort port = new EngineReplicaPort(this);
    private final Subscriptions subscriptions;
    private final Projections readModels = new Projections(projections, this);
    private final TimerTicker ticker;

    private Engine(final EngineContext context)
    {
        this.context = context;
        this.registry = context.registry();
        try
        {
            context.journalContext().fileAccess().createDirectories(context.directory());
        }
        catch (final IOException ex)
        {
            throw new EngineException("cannot create engine directory " + context.directory(), ex);
        }
        journal = TypeIdCheck.checked(context, Journal.open(context.journalContext()));
        EngineMonitor createdMonitor = null;
        SnapshotTaker createdTaker = null;
        try
        {
            createdMonitor = EngineMonitor.create(context);
            monitor = createdMonitor;
            counters = monitor.counters();
            final ErrorHandler errorHandler = monitor.errorHandler();
            store = new AggregateStore(registry);
            leadership = new Leadership(context, store);
            gate = null == context.replicationLink() ? null : new ReplicationGate(
                context.ringSize(), context.noStandbyPolicy(), counters, errorHandler);
            final IdempotencyKeys idempotency = new IdempotencyKeys(context.idempotencyKeys());
            projections.addAll(ProjectionHandler.all(context, errorHandler));
            final SnapshotStore snapshotStore = new SnapshotStore(context.directory().resolve("snapshots"),
                EngineLog.snapshotWarnings(), SystemEpochClock.INSTANCE, context.journalContext().fileAccess());
            final StateRecovery stateRecovery = new StateRecovery(context, store, idempotency, leadership,
                projections, errorHandler, journal, snapshotStore);
            recovery = stateRecovery.recover(Long.MAX_VALUE, true, null);
            replayedRecords = recovery.replayedRecords();
            counters.journalPosition(leadership.lastPosition());
            final AggregateCodecs codecs = stateRecovery.codecs();
            final Replayer replayer = stateRecovery.replayer();
            createdTaker = new SnapshotTaker(context, context.snapshots(), codecs, snapshotStore, journal,
                errorHandler, projections, counters);
            taker = createdTaker;
            snapshots = new SnapshotScheduler(context.snapshots(), codecs, store, idempotency, leadership, taker);
            final CommandProcessor processor = new CommandProcessor(
                context, registry, store, journal, idempotency, counters, errorHandler, leadership,
                monitor.handlerFailures());
            final ReplicaProcessor replicas = new ReplicaProcessor(
                processor.batch(), replayer, leadership, counters, errorHandler, context.replicationLink());
            final int maxCommandBytes = context.maxCommandBytes();
            disruptor = new Disruptor<>(() -> new CommandSlot(maxCommandBytes, registry.pooledEvents()),
                context.ringSize(), this::newThread,
                context.singleProducer() ? ProducerType.SINGLE : ProducerType.MULTI, context.ringWait().newStrategy());
            final RingExceptionHandler faults = new RingExceptionHandler(errorHandler);
            disruptor.setDefaultExceptionHandler(faults);
            ticker = new TimerTicker(context.epochNanoClock(), publishing, () -> closed);
            final TimerFiring timers = new TimerFiring(store, registry, leadership, context.epochNanoClock(),
                idempotency, processor, ticker);
            final EventHandlerGroup<CommandSlot> logic = disruptor.handleEventsWith(
                new BusinessLogicHandler(processor, replicas, leadership, disruptor.getRingBuffer(), counters,
                    snapshots, faults, new BatchCompletions(disruptor.getRingBuffer(), null != gate, errorHandler,
                    counters), timers));
            // the business logic completes results itself: a responder runs only for results a standby must
            // acknowledge, and with neither it nor projections the business logic is the ring's last consumer
            final EventHandler<CommandSlot>[] behind =
                ProjectionHandler.behind(projections, null == gate ? null : new Responder(gate, errorHandler));
            if (behind.length > 0)
            {
                logic.then(behind);
            }
            ring = disruptor.start();
            if (null != gate)
            {
                final Thread completer = newThread(gate);
                completer.setName("scribe-replicated");
                completer.start();
            }
            claims = new RingClaims(ring, () -> closed, gate, context.singleProducer(), threads);
            subscriptions = new Subscriptions(context, journal, registry, leadership::lastPosition);
            snapshots.ring(ring, claims);
            if (context.snapshotRequests())
            {
                taker.watchRequests(this::snapshotRequested, SnapshotRequestFile.POLL_MS);
            }
            ticker.start(claims, ring);
        }
        catch (final RuntimeException ex)
        {
            // no thread has started, so nothing can touch the mapped files any more
            for (final ProjectionHandler projection : projections)
            {
                projection.closeCheckpoint();
            }
            if (null != createdTaker)
            {
                createdTaker.close();
            }
            if (null != createdMonitor)
            {
                createdMonitor.close();
            }
            journal.close();
            throw ex;
        }
    }

    /**
     * Launch an engine: conclude the context, open the journal, replay it, start the ring.
     *
     * @param context the engine's settings and registrations.
     * @return the running engine; close it to stop.
     * @throws IllegalArgumentException if the context is wrong.
     * @throws EngineException if the engine cannot start.
     */
    public static Engine launch(final EngineContext context)
    {
        JvmFlags.check(); // before anything touches the disk: a MissingJvmFlagsException names the missing flags
        final Engine engine = new Engine(context.conclude());
        final ReplicationLink link = context.replicationLink();
        try
        {
            if (null != link)
            {
                link.attach(engine.port);
            }
        }
        catch (final Throwable t)
        {
            engine.close(); // whatever the link threw, no engine is left running
            throw t;
        }
        return engine;
    }

    /**
     * Launch an engine for the replication module: as {@link #launch(EngineContext)}, in the setup's role, with its
     * link, which is handed the engine's {@link ReplicaPort} before this returns. Users launch replicated engines
     * through {@code dev.scribe.replication.ReplicationNode}, which calls this.
     *
     * @param context the engine's settings and registrations, not yet concluded.
     * @param replica the role, link and hash-check interval.
     * @return the running engine; close it to stop.
     * @throws IllegalArgumentException if the context is wrong.
     * @throws IllegalStateException    if the context is already concluded.
     * @throws EngineException if the engine cannot start.
     */
    public static Engine launch(final EngineContext context, final ReplicaSetup replica)
    {
        return launch(context.replica(replica));
    }

    /** The thread factory of the ring and the replication gate's completer; called on the launching thread only. */
    private Thread newThread(final Runnable runnable)
    {
        final Thread thread = new Thread(runnable, "scribe-ring-" + threads.size());
        thread.setDaemon(true);
        threads.add(thread);
        return thread;
    }

    /**
     * Send a command at the default durability.
     *
     * @param command a registered command.
     * @return its outcome, completed when the default durability is reached; on the business-logic thread, so code
     *         attached to it must be quick (see {@link #send(Object, SendOptions)}).
     * @throws IllegalStateException with a single-producer ring, on another thread than the one that sends.
     */
    public CompletableFuture<Outcome> send(final Object command)
    {
        return send(command, SendOptions.defaults());
    }

    /**
     * Send a command.
     *
     * <p>The future completes on the business-logic thread at the end of the batch the command was decided in, in
     * ring order (a {@link Durability#REPLICATED} one that waited for a standby, on the {@code scribe-replicated}
     * thread). Code attached to it runs there and holds up the commands behind it: keep it short and never block in
     * it, or attach it with an {@code ...Async} method. An exception it throws goes to the error handler.
     *
     * @param command a registered command.
     * @param options expected version, idempotency key, durability, and whether to wait when the ring is full.
     * @return its outcome; rejected at once if the command is not registered or its aggregate id or key is bad.
     * @throws IllegalStateException with a single-producer ring, on another thread than the one that sends.
     * @throws EngineException       on an engine thread (in attached code), if it would wait for room in the ring.
     */
    public CompletableFuture<Outcome> send(final Object command, final SendOptions options)
    {
        if (null == command || null == options)
        {
            throw new IllegalArgumentException((null == command ? "command" : "options") + " must not be null");
        }
        claims.checkProducer();
        final CommandType type = registry.command(command.getClass());
        if (null == type)
        {
            return CompletableFuture.completedFuture(Outcome.unknownCommandType(command.getClass()));
        }
        final String id;
        try
        {
            id = type.idOf.apply(command);
        }
        catch (final RuntimeException ex)
        {
            return CompletableFuture.completedFuture(Outcome.rejected(
                "cannot get the aggregate id of " + command.getClass().getSimpleName() + ": " + ex));
        }
        if (leadership.role() != EngineRole.PRIMARY)
        {
            return CompletableFuture.completedFuture(Outcome.notPrimary());
        }
        final String problem = check(command, id, options);
        if (null != problem)
        {
            return CompletableFuture.completedFuture(Outcome.rejected(problem));
        }
        final Durability durability = null == options.durability() ? context.durability() : options.durability();
        final CompletableFuture<Outcome> future = new CompletableFuture<>();
        publishing.incrementAndGet();
        try
        {
            if (closed)
            {
                return CompletableFuture.completedFuture(Outcome.closed());
            }
            final long sequence = claims.claim(options.waitWhenFull());
            if (sequence == RingClaims.NO_ROOM)
            {
                return CompletableFuture.completedFuture(Outcome.backPressure());
            }
            if (sequence == RingClaims.CLOSED)
            {
                return CompletableFuture.completedFuture(Outcome.closed());
            }
            ring.get(sequence).request(command, type, id, options, durability, future);
            claims.publish(sequence);
        }
        finally
        {
            publishing.addAndGet(-1);
        }
        return future;
    }

    /** Whether an id or key takes more UTF-8 bytes than a record holds; no char takes more than three. */
    private static boolean tooLong(final String id)
    {
        return id.length() > RecordWriter.MAX_ID_BYTES / 3 && Utf8.encodedLength(id) > RecordWriter.MAX_ID_BYTES;
    }

    private String check(final Object command, final String id, final SendOptions options)
    {
        if (null == id || id.isEmpty())
        {
            return "the aggregate id of " + command.getClass().getSimpleName() + " is " +
                (null == id ? "null" : "empty");
        }
        if (tooLong(id))
        {
            return "the aggregate id of " + command.getClass().getSimpleName() + " is longer than " +
                RecordWriter.MAX_ID_BYTES + " UTF-8 bytes";
        }
        final String key = options.idempotencyKey();
        if (null != key && (key.isEmpty() || tooLong(key)))
        {
            return "the idempotency key must be 1 to " + RecordWriter.MAX_ID_BYTES + " UTF-8 bytes";
        }
        if (options.durability() == Durability.REPLICATED && null == gate)
        {
            return "durability REPLICATED needs a standby, and replication is not configured for this engine";
        }
        return null;
    }

    /**
     * Run a query against a projection's state, safely from any thread: {@link Projections#query(Projection,
     * Function)}.
     *
     * @param projection a projection registered with this engine.
     * @param query      reads the projection.
     * @param <P>        the projection type.
     * @param <R>        the result type.
     * @return the query's result.
     */
    public <P extends Projection, R> R query(final P projection, final Function<P, R> query)
    {
        return readModels.query(projection, query);
    }

    /**
     * Queries over the projections: now, once they reach a position, or live.
     *
     * @return the queries.
     */
    public Projections projections()
    {
        return readModels;
    }

    /**
     * The deterministic hash of all aggregate state: every aggregate in id order, as its type name, id, version and
     * {@link Aggregate#hashState(StateHasher) state}. Replaying the same journal anywhere gives the same hash.
     * Computed on the business-logic thread, in order with the commands sent before it.
     *
     * @return the hash.
     */
    public long stateHash()
    {
        if (closed)
        {
            return store.stateHash();
        }
        claims.checkNotEngineThread("the state hash");
        final ControlRequest.StateHash request = new ControlRequest.StateHash();
        publishing.incrementAndGet();
        try
        {
            if (closed)
            {
                return store.stateHash();
            }
            final long sequence = claims.claimOrThrow();
            ring.get(sequence).requestControl(request);
            claims.publish(sequence);
        }
        finally
        {
            publishing.addAndGet(-1);
        }
        return joinControl(request.future, "the state hash");
    }

    /** The answer to a control request; a failure on the business-logic thread is rethrown, saying what failed. */
    private static long joinControl(final CompletableFuture<Long> future, final String what)
    {
        try
        {
            return future.join();
        }
        catch (final CompletionException ex)
        {
            throw new EngineException(what + " failed: " + ex.getCause().getMessage(), ex.getCause());
        }
    }

    /**
     * Take a snapshot now, in order with the commands sent before this call: the business logic pauses only to
     * copy the state; checking, hashing and writing the copy happen on the snapshot thread. See
     * {@link SnapshotPolicy}.
     *
     * @return completed with the snapshot once it is on storage, or exceptionally with an {@link EngineException}
     *         saying why it could not be taken (nothing journaled yet, a state that has no codec, an I/O error).
     * @throws EngineException if the engine is closed.
     */
    public CompletableFuture<SnapshotInfo> snapshot()
    {
        final StateCapture capture = taker.newCapture(false);
        publishControl(new ControlRequest.Capture(capture));
        return capture.future;
    }

    /** A snapshot asked for from another process: its outcome goes to the error handler if it fails. */
    private void snapshotRequested()
    {
        if (!closed)
        {
            snapshot().whenComplete((info, error) ->
            {
                if (null != error)
                {
                    monitor.errorHandler().onError(error);
                }
            });
        }
    }

    /**
     * How the state was rebuilt at launch: from which snapshot, skipping which, and how much journal was replayed.
     *
     * @return the recovery report.
     */
    public Recovery recovery()
    {
        return recovery;
    }

    /**
     * The engine's snapshots, to list, open or prune.
     *
     * @return the snapshot store in the engine directory's {@code snapshots} directory.
     */
    public SnapshotStore snapshots()
    {
        return taker.store();
    }

    /**
     * A publisher for binary commands, the allocation-free way in; one per producing thread. Outcomes go to the
     * engine's {@link EngineContext#responseListener(ResponseListener) response listener}.
     *
     * @return a new publisher.
     */
    public CommandPublisher publisher()
    {
        return publisher(context.responseListener());
    }

    /**
     * A publisher for binary commands whose outcomes go to a listener of its own rather than the engine's.
     *
     * @param listener told of the outcome of every command this publisher publishes.
     * @return a new publisher.
     */
    public CommandPublisher publisher(final ResponseListener listener)
    {
        if (null == listener)
        {
            throw new IllegalArgumentException("listener must not be null");
        }
        return new CommandPublisher(this, ring, claims, registry, context.durability(), listener);
    }

    void beginPublish()
    {
        publishing.incrementAndGet();
        if (closed)
        {
            publishing.addAndGet(-1);
            throw new EngineException("the engine is closed");
        }
    }

    void endPublish()
    {
        publishing.addAndGet(-1);
    }

    /** Publish a control request (not a command) into the ring, waiting for room. */
    private void publishControl(final ControlRequest request)
    {
        beginPublish();
        try
        {
            final long sequence = claims.claimOrThrow();
            ring.get(sequence).requestControl(request);
            claims.publish(sequence);
        }
        finally
        {
            endPublish();
        }
    }

    /**
     * This engine's role.
     *
     * @return primary or standby.
     */
    public EngineRole role()
    {
        return leadership.role();
    }

    /**
     * The current leadership epoch: the epoch of the records this engine writes (a primary) or last received (a
     * standby).
     *
     * @return the epoch.
     */
    public long epoch()
    {
        return leadership.epoch();
    }

    /** {@link ReplicaPort#epochHistory()}. */
    EpochHistory epochHistory()
    {
        return leadership.history();
    }

    /** {@link ReplicaPort#retentionFloor(long)}. */
    void retentionFloor(final long position)
    {
        journal.retentionFloor(position);
    }

    /**
     * The engine's subscriptions: durable readers of the journal's events, each on its own thread.
     *
     * @return the subscriptions.
     */
    public Subscriptions subscriptions()
    {
        return subscriptions;
    }

    /**
     * The journal's events a page at a time, forward or backward, by cursor.
     *
     * @return the reads.
     */
    public JournalEvents events()
    {
        return new JournalEvents(journal, registry);
    }

    /**
     * Position of the last record journaled and applied, as of the end of the last business-logic batch.
     *
     * @return the position, or -1 if the journal is empty.
     */
    public long lastPosition()
    {
        return leadership.lastPosition();
    }

    /** {@link ReplicaPort#barrier()}. */
    long barrier()
    {
        claims.checkNotEngineThread("a barrier");
        final ControlRequest.Barrier request = new ControlRequest.Barrier();
        publishControl(request);
        joinControl(request.future, "the barrier");
        return leadership.lastPosition();
    }

    /** Promote a standby to the next epoch: {@link ReplicaPort#promote(long)} with no minimum. */
    long promote()
    {
        return promote(0);
    }

    /** {@link ReplicaPort#promote(long)}. */
    long promote(final long minimumEpoch)
    {
        claims.checkNotEngineThread("the promotion");
        final ControlRequest.Promote request = new ControlRequest.Promote(minimumEpoch);
        publishControl(request);
        return joinControl(request.future, "the promotion");
    }

    /** {@link ReplicaPort#lead(long)}. */
    long lead(final long epoch)
    {
        claims.checkNotEngineThread("leading an epoch");
        final ControlRequest.Lead request = new ControlRequest.Lead(epoch);
        publishControl(request);
        return joinControl(request.future, "leading epoch " + epoch);
    }

    /** {@link ReplicaPort#replicate}. */
    void replicate(final long position, final DirectBuffer buffer, final int offset,
        final int length)
    {
        if (leadership.role() != EngineRole.STANDBY)
        {
            throw new EngineException("this engine is the primary; it takes no replicated records");
        }
        beginPublish();
        try
        {
            final long sequence = claims.claimOrThrow();
            ring.get(sequence).requestReplica(position, buffer, offset, length);
            claims.publish(sequence);
        }
        finally
        {
            endPublish();
        }
    }

    /** {@link ReplicaPort#acknowledged(long, long)}. */
    boolean acknowledged(final long epoch, final long position)
    {
        if (null == gate || epoch != leadership.epoch() || leadership.role() != EngineRole.PRIMARY)
        {
            return false;
        }
        gate.acknowledge(position);
        return true;
    }

    /** {@link ReplicaPort#standbyConnected(boolean)}. */
    void standbyConnected(final boolean connected)
    {
        if (null != gate)
        {
            gate.standby(connected);
        }
    }

    /** {@link ReplicaPort#acknowledgedPosition()}. */
    long acknowledgedPosition()
    {
        return null == gate ? -1 : gate.acknowledged();
    }

    /** {@link ReplicaPort#newCounter(String, int)}. */
    AtomicCounter newCounter(final String label, final int typeId)
    {
        if (typeId < 100)
        {
            throw new IllegalArgumentException("counter type ids below 100 are the engine's: " + typeId);
        }
        return counters.newCounter(label, typeId);
    }

    /** {@link ReplicaPort#errorHandler()}. */
    ErrorHandler errorHandler()
    {
        return monitor.errorHandler();
    }

    /** {@link ReplicaPort#tailer(long)}. */
    JournalTailer tailer(final long from)
    {
        return journal.tailer(from);
    }

    /**
     * Number of records replayed from the journal at launch.
     * @return the count.
     */
    public long replayedRecords()
    {
        return replayedRecords;
    }

    /**
     * The settings the engine runs with.
     *
     * @return the concluded context.
     */
    public EngineContext context()
    {
        return context;
    }

    EngineCounters counters()
    {
        return counters;
    }

    /** Results the replication gate holds. */
    int heldForReplication()
    {
        return null == gate ? 0 : gate.held();
    }

    /**
     * Stop taking commands, finish every command already in the ring (completing its result), stop the threads
     * and close the journal. Always finishes: senders waiting for room in the ring get {@code CLOSED};
     * REPLICATED results not acknowledged complete {@code IN_DOUBT}, at once without a standby, else after a
     * connected standby has had 5 seconds to acknowledge them. The counters and error log files stay on disk,
     * readable with {@link EngineStat}.
     *
     * @throws EngineException on one of the engine's own threads (from code attached to a result), which the close
     *                         would wait for.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        claims.checkNotEngineThread("closing the engine");
        closed = true;
        ticker.close();
        // senders waiting for room see the flag and leave (before the gate frees any room)
        while (publishing.get() > 0)
        {
            Thread.onSpinWait();
        }
        if (null != gate && !gate.standbyConnected())
        {
            // nothing can acknowledge what the gate holds: it completes in doubt now
            gate.close();
        }
        disruptor.shutdown(); // the ring never waits on the gate, so this ends once the ring's work is done
        if (null != gate)
        {
            gate.awaitAcknowledged(TimeUnit.SECONDS.toNanos(5));
            gate.close();
        }
        final boolean stopped = awaitThreads();
        try
        {
            subscriptions.close();
            readModels.close();
            taker.close();
            journal.close();
        }
        finally
        {
            if (stopped)
            {
                monitor.close();
            }
        }
    }

    /**
     * Wait for the ring's threads to end, since they write to the mapped counters and error log. If interrupted,
     * the files are left mapped (the mapping goes with the engine object) and the interrupt is kept.
     */
    private boolean awaitThreads()
    {
        try
        {
            for (final Thread thread : threads)
            {
                thread.join();
            }
            return true;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
