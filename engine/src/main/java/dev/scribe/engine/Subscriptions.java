package dev.scribe.engine;

import dev.scribe.journal.FileAccess;
import dev.scribe.journal.Journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The engine's subscriptions ({@link Engine#subscriptions()}): start them by name, find a running one, read any
 * subscription's parked events. Each keeps its files in {@code subscriptions/<name>} under the engine directory: its
 * {@code checkpoint} and its dead-letter store, {@code parked}.
 */
public final class Subscriptions implements AutoCloseable
{
    private final Path directory;
    private final FileAccess access;
    private final Journal journal;
    private final Registry registry;
    private final LongSupplier lastPosition;
    private final Map<String, RunningSubscription> running = new TreeMap<>();
    private boolean closed;

    Subscriptions(final EngineContext context, final Journal journal, final Registry registry,
        final LongSupplier lastPosition)
    {
        this.directory = context.directory();
        this.access = context.journalContext().fileAccess();
        this.journal = journal;
        this.registry = registry;
        this.lastPosition = lastPosition;
    }

    /**
     * Start a subscription: it resumes after its checkpoint, or starts where it says, and runs until closed (or the
     * engine closes).
     *
     * @param subscription the subscription.
     * @return the running subscription.
     * @throws IllegalArgumentException if one of that name runs already, it has no handler, or it filters on an
     *                                  aggregate type the engine does not have.
     * @throws EngineException          if it cannot resume (see {@link Subscription}) or its files cannot be
     *                                  written.
     * @throws IllegalStateException    if the engine is closed.
     */
    public synchronized RunningSubscription start(final Subscription subscription)
    {
        if (closed)
        {
            throw new IllegalStateException("the engine is closed: subscription " + subscription.name() +
                " cannot start");
        }
        final RunningSubscription existing = running.get(subscription.name());
        if (null != existing && existing.isRunning())
        {
            throw new IllegalArgumentException("subscription " + subscription.name() + " is running already");
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
        final DeadLetters deadLetters = deadLetters(subscription.name());
        final ProjectionCheckpoint checkpoint = new ProjectionCheckpoint(home.resolve("checkpoint").toFile(), access);
        final SubscriptionStart start = SubscriptionStart.decide(subscription, checkpoint, journal,
            lastPosition.getAsLong());
        final RunningSubscription handle = new RunningSubscription(subscription.name(), deadLetters,
            start.checkpoint().position());
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
        running.put(subscription.name(), handle);
        handle.start(thread, () -> forget(handle));
        return handle;
    }

    /**
     * A running subscription by name.
     *
     * @param name its name.
     * @return the subscription.
     * @throws IllegalArgumentException naming the running ones if none of that name runs.
     */
    public synchronized RunningSubscription get(final String name)
    {
        final RunningSubscription subscription = running.get(name);
        if (null == subscription)
        {
            throw new IllegalArgumentException("no subscription named \"" + name + "\" runs; running: " +
                running.keySet());
        }
        return subscription;
    }

    /**
     * Names of the running subscriptions, sorted.
     *
     * @return the names.
     */
    public synchronized List<String> names()
    {
        return new ArrayList<>(running.keySet());
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
        return store(engineDirectory, name).remove(position, index);
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
     * Close every running subscription and refuse new ones.
     */
    @Override
    public void close()
    {
        final List<RunningSubscription> all;
        synchronized (this)
        {
            closed = true;
            all = new ArrayList<>(running.values());
        }
        for (final RunningSubscription subscription : all)
        {
            subscription.close();
        }
    }

    private synchronized void forget(final RunningSubscription subscription)
    {
        running.remove(subscription.name(), subscription);
    }

    private DeadLetters deadLetters(final String name)
    {
        return new DeadLetters(Subscription.checkName(name), home(name).resolve("parked"), access);
    }

    private Path home(final String name)
    {
        return directory.resolve("subscriptions").resolve(name);
    }
}
