package dev.scribe.engine;

import dev.scribe.journal.FileAccess;
import dev.scribe.journal.Journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The engine's subscriptions ({@link Engine#subscriptions()}): start them by name, find a running one, read any
 * subscription's parked events. Each keeps its files in {@code subscriptions/<name>} under the engine directory: its
 * {@code checkpoint} and its dead-letter store, {@code parked}.
 *
 * <p>A subscription runs from {@link #start} until it is closed or stops at a failure; only running ones are listed
 * and found by name. One that stopped at a failure can be started again under its name at once, and resumes after
 * its checkpoint; one that was closed, once its threads have ended.
 */
public final class Subscriptions implements AutoCloseable
{
    private static final String CHECKPOINT = "checkpoint";

    private final Path directory;
    private final FileAccess access;
    private final Journal journal;
    private final Registry registry;
    private final LongSupplier lastPosition;
    private final Duration stopTimeout;
    /** By name: those whose threads have not ended yet, and those that stopped at a failure, until started again. */
    private final Map<String, RunningSubscription> started = new TreeMap<>();
    private boolean closed;

    Subscriptions(final EngineContext context, final Journal journal, final Registry registry,
        final LongSupplier lastPosition)
    {
        this.directory = context.directory();
        this.access = context.journalContext().fileAccess();
        this.journal = journal;
        this.registry = registry;
        this.lastPosition = lastPosition;
        this.stopTimeout = context.handlerStopTimeout();
    }

    /**
     * Start a subscription: it resumes after its checkpoint, or starts where it says, and runs until closed (or the
     * engine closes).
     *
     * @param subscription the subscription.
     * @return the running subscription.
     * @throws IllegalArgumentException if one of that name runs already (or was closed, and a handler of it has not
     *                                  returned yet), it has no handler, or it filters on an aggregate type the
     *                                  engine does not have.
     * @throws EngineException          if it cannot resume (see {@link Subscription}) or its files cannot be
     *                                  written.
     * @throws IllegalStateException    if the engine is closed.
     */
    public RunningSubscription start(final Subscription subscription)
    {
        return start(subscription, false);
    }

    /**
     * Start a subscription that keeps no place across its starts: a checkpoint an earlier run of that name left is
     * deleted first, so it starts where it says whatever the journal became meanwhile (for a view that fills itself
     * from the journal at each start, as the {@link AuditLog} does). Refused like {@link #start}.
     *
     * @param subscription the subscription.
     * @return the running subscription.
     * @throws EngineException if the checkpoint cannot be deleted.
     */
    RunningSubscription startAfresh(final Subscription subscription)
    {
        return start(subscription, true);
    }

    private synchronized RunningSubscription start(final Subscription subscription, final boolean afresh)
    {
        if (closed)
        {
            throw new IllegalStateException("the engine is closed: subscription " + subscription.name() +
                " cannot start");
        }
        final RunningSubscription existing = started.get(subscription.name());
        if (null != existing && existing.isRunning())
        {
            throw new IllegalArgumentException("subscription " + subscription.name() + (existing.stopping() ?
                " is still stopping: its last run's threads have not ended (a handler that has not returned?); start " +
                "it again once that run's isRunning() is false" : " is running already"));
        }
        subscription.handler();
        final Path home = home(subscription.name());
        try
        {
            access.createDirectories(home);
        }
        catch (final IOException ex)
        {
            throw new EngineException("cannot create the directory of subscription " + subscription.name() + ", " +
                home + ": " + ex.getMessage(), ex);
        }
        if (afresh)
        {
            deleteCheckpoint(subscription.name(), home.resolve(CHECKPOINT));
        }
        final DeadLetters deadLetters = deadLetters(subscription.name());
        final ProjectionCheckpoint checkpoint = new ProjectionCheckpoint(home.resolve(CHECKPOINT).toFile(), access);
        final SubscriptionStart start = SubscriptionStart.decide(subscription, checkpoint, journal,
            lastPosition.getAsLong());
        final RunningSubscription handle = new RunningSubscription(subscription.name(), deadLetters,
            start.checkpoint().position(), stopTimeout);
        final SubscriptionReader reader;
        try
        {
            reader = new SubscriptionReader(subscription, journal, registry, start, deadLetters, handle);
        }
        catch (final RuntimeException ex)
        {
            checkpoint.close();
            throw ex;
        }
        reader.startPartitions();
        final Thread thread = new Thread(reader, "scribe-sub-" + subscription.name());
        thread.setDaemon(true);
        started.put(subscription.name(), handle);
        handle.start(thread, () -> ended(handle));
        return handle;
    }

    /**
     * A running subscription by name: started, and neither closed nor stopped at a failure. The handle of one that
     * stopped is the one {@link #start} returned; its {@link RunningSubscription#failure()} says why.
     *
     * @param name its name.
     * @return the subscription.
     * @throws IllegalArgumentException if none of that name runs: naming the failure (also its cause) if the last
     *                                  run of that name stopped at one, else naming the running ones.
     */
    public synchronized RunningSubscription get(final String name)
    {
        final RunningSubscription subscription = started.get(name);
        if (null != subscription && runs(subscription))
        {
            return subscription;
        }
        if (null != subscription && null != subscription.failure())
        {
            throw new IllegalArgumentException("subscription \"" + name + "\" stopped at a failure: " +
                subscription.failure().getMessage() + "; start it again to resume after its checkpoint",
                subscription.failure());
        }
        throw new IllegalArgumentException("no subscription named \"" + name + "\" runs; running: " + names());
    }

    /**
     * Every subscription started and not closed, by name: those running and those stopped at a failure.
     */
    synchronized Map<String, RunningSubscription> started()
    {
        final Map<String, RunningSubscription> copy = new TreeMap<>();
        started.forEach((name, subscription) ->
        {
            if (runs(subscription) || null != subscription.failure())
            {
                copy.put(name, subscription);
            }
        });
        return copy;
    }

    /** The journal the subscriptions read. */
    Journal journal()
    {
        return journal;
    }

    /**
     * Names of the running subscriptions (started, and neither closed nor stopped at a failure), sorted.
     *
     * @return the names.
     */
    public synchronized List<String> names()
    {
        final List<String> names = new ArrayList<>();
        started.forEach((name, subscription) ->
        {
            if (runs(subscription))
            {
                names.add(name);
            }
        });
        return names;
    }

    private static boolean runs(final RunningSubscription subscription)
    {
        return subscription.isRunning() && !subscription.stopping();
    }

    /**
     * The events a subscription parked, whether it runs or not.
     *
     * @param name the subscription's name.
     * @return its parked events in journal order; none if it never parked one.
     * @throws IllegalArgumentException if the name is not a valid subscription name.
     */
    public List<ParkedEvent> parked(final String name)
    {
        return deadLetters(name).list();
    }

    /**
     * The events a subscription of the engine in a directory parked, whether the engine runs or not: for tools.
     *
     * @param engineDirectory the engine's directory.
     * @param name            the subscription's name.
     * @return its parked events in journal order.
     * @throws IllegalArgumentException if the name is not a valid subscription name.
     * @throws EngineException          naming a file of the store that cannot be read.
     */
    public static List<ParkedEvent> parked(final Path engineDirectory, final String name)
    {
        return store(engineDirectory, name).list();
    }

    /**
     * Drop a parked event of a subscription of the engine in a directory, whether the engine runs or not.
     *
     * @param engineDirectory the engine's directory.
     * @param name            the subscription's name.
     * @param position        the event's record position.
     * @param index           the event's index in the record.
     * @return whether it was parked.
     */
    public static boolean skip(final Path engineDirectory, final String name, final long position, final int index)
    {
        return store(engineDirectory, name).remove(position, index, -1);
    }

    /**
     * Ask a running subscription, from another process, to retry one of its parked events: it takes the request
     * within a second or so, and the event leaves the store if its handler takes it.
     *
     * @param engineDirectory the engine's directory.
     * @param name            the subscription's name.
     * @param position        the event's record position.
     * @param index           the event's index in the record.
     * @return false if no event is parked there.
     */
    public static boolean requestRetry(final Path engineDirectory, final String name, final long position,
        final int index)
    {
        return store(engineDirectory, name).requestRetry(position, index);
    }

    private static DeadLetters store(final Path engineDirectory, final String name)
    {
        return new DeadLetters(Subscription.checkName(name), engineDirectory.resolve("subscriptions").resolve(name)
            .resolve("parked"), FileAccess.OWNER_ONLY);
    }

    /**
     * Close every running subscription and refuse new ones: all are asked to stop at once, and then waited for up to
     * {@link EngineContext#handlerStopTimeout} in all (see {@link RunningSubscription#close()}).
     */
    @Override
    public void close()
    {
        final List<RunningSubscription> all;
        synchronized (this)
        {
            closed = true;
            all = new ArrayList<>(started.values());
        }
        all.forEach(RunningSubscription::stop);
        final long deadlineNs = System.nanoTime() + stopTimeout.toNanos();
        for (final RunningSubscription subscription : all)
        {
            subscription.awaitStopped(deadlineNs);
        }
    }

    /** A subscription's threads ended: forget it, unless it stopped at a failure ({@link #get} names it). */
    private synchronized void ended(final RunningSubscription subscription)
    {
        if (null == subscription.failure())
        {
            started.remove(subscription.name(), subscription);
        }
    }

    private static void deleteCheckpoint(final String name, final Path file)
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            throw new EngineException("cannot delete the checkpoint of subscription " + name + ", " + file + ", " +
                "which keeps no place across its starts: " + ex.getMessage(), ex);
        }
    }

    private DeadLetters deadLetters(final String name)
    {
        return new DeadLetters(Subscription.checkName(name), home(name).resolve("parked"), access,
            position -> SubscriptionStart.crcAt(journal, position));
    }

    private Path home(final String name)
    {
        return directory.resolve("subscriptions").resolve(name);
    }
}
