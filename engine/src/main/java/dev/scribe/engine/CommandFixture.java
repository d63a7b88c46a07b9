package dev.scribe.engine;

import dev.scribe.journal.Journal;
import org.agrona.ErrorHandler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A given/when/then fixture for an application's command handlers: it drives the real business logic (handlers,
 * interceptors, checks, journal, apply) on the test's own thread, with no ring and no threads, and a
 * {@link TestClock}.
 *
 * <pre>{@code
 * try (CommandFixture bank = CommandFixture.launch(Bank.context(dir, new BalancesView())))
 * {
 *     bank.given("acc-1", new Opened(), new Deposited(100, "branch"))
 *         .when(new Withdraw("acc-1", 500))
 *         .thenRejected("insufficient funds");
 *     bank.when(new Withdraw("acc-1", 30)).thenEmitted(new Withdrawn(30));
 * }
 * }</pre>
 *
 * (The examples module's bank; {@code FixtureExampleTest} runs this example.)
 * The journal lives in a temporary directory, deleted on close, unless the context names a directory.
 */
public final class CommandFixture implements AutoCloseable
{
    private static final long START_NANOS = 1_767_225_600_000_000_000L;
    private static final int MAX_FIRED = 100_000;

    /** A command that only emits given events, for {@link #given}. */
    private record Given(String aggregateId, List<Object> events)
    {
    }

    private final TestClock clock = new TestClock(START_NANOS);
    private final Path temporaryDirectory;
    private final Registry registry;
    private final AggregateStore store;
    private final Journal journal;
    private final CommandProcessor processor;
    private final HandlerFailures handlerFailures;
    private final CommandSlot slot;
    private final TimerFiring timers;
    private final List<CommandSlot> batchSlots = new ArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    private CommandFixture(final EngineContext context)
    {
        try
        {
            temporaryDirectory = null == context.directory() ? Files.createTempDirectory("scribe-fixture") : null;
        }
        catch (final IOException ex)
        {
            throw new EngineException("cannot create a temporary directory for the fixture's journal", ex);
        }
        if (null != temporaryDirectory)
        {
            context.directory(temporaryDirectory);
        }
        context.epochNanoClock(clock).conclude();
        registry = context.registry();
        store = new AggregateStore(registry);
        journal = Journal.open(context.journalContext());
        final IdempotencyKeys idempotency = new IdempotencyKeys(context.idempotencyKeys());
        final Leadership leadership = new Leadership(context, store);
        final Replayer replayer = new Replayer(registry, store, idempotency, List.of(), context.errorHandler(),
            leadership);
        journal.replay(Journal.NULL_POSITION, replayer);
        leadership.replayed(replayer.lastPosition());
        final ErrorHandler userHandler = context.errorHandler();
        final ErrorHandler errorHandler = error ->
        {
            errors.add(error);
            userHandler.onError(error);
        };
        final EngineCounters counters = EngineCounters.inMemory(context.ringSize());
        handlerFailures = new HandlerFailures(counters, errorHandler);
        processor = new CommandProcessor(context, registry, store, journal, idempotency, counters, errorHandler,
            leadership, handlerFailures);
        slot = new CommandSlot(context.maxCommandBytes(), registry.pooledEvents());
        timers = new TimerFiring(store, registry, leadership, clock, idempotency, processor, null);
    }

    /**
     * Start a fixture on an engine context that is set up but not launched.
     *
     * @param context the application's registrations.
     * @return the fixture.
     */
    public static CommandFixture launch(final EngineContext context)
    {
        return new CommandFixture(context);
    }

    /**
     * The fixture's clock, at 2026-01-01T00:00:00Z to begin with.
     *
     * @return the clock.
     */
    public TestClock clock()
    {
        return clock;
    }

    /**
     * Journal and apply events to an aggregate, as if an earlier command had emitted them.
     *
     * @param aggregateId the aggregate.
     * @param events      events its aggregate type applies.
     * @return this fixture.
     */
    public CommandFixture given(final String aggregateId, final Object... events)
    {
        if (events.length == 0)
        {
            return this;
        }
        final AggregateType type = registry.aggregateForEvent(events[0].getClass());
        if (null == type)
        {
            throw new IllegalArgumentException(events[0].getClass().getName() + " is applied by no aggregate");
        }
        final CommandType given = new CommandType(Given.class, type.type(), (Given g) -> g.aggregateId(),
            (Given g, Aggregate aggregate, Decision out) -> g.events().forEach(out::emit));
        given.aggregateType = type;
        final Result result = run(new Given(aggregateId, Arrays.asList(events)), given, SendOptions.defaults());
        if (!result.outcome().accepted())
        {
            throw new AssertionError("given events for " + aggregateId + " were not accepted: " + result.outcome());
        }
        return this;
    }

    /**
     * Decide a command.
     *
     * @param command a registered command.
     * @return what happened, to assert on.
     */
    public Result when(final Object command)
    {
        return when(command, SendOptions.defaults());
    }

    /**
     * Decide a command sent with options.
     *
     * @param command a registered command.
     * @param options expected version, idempotency key, durability.
     * @return what happened, to assert on.
     */
    public Result when(final Object command, final SendOptions options)
    {
        final CommandType type = registry.command(command.getClass());
        if (null == type)
        {
            throw new IllegalArgumentException("unknown command type " + command.getClass().getName());
        }
        return run(command, type, options);
    }

    /**
     * Decide commands as one ring batch, as the engine does with the commands it finds in its ring at once: each is
     * decided and applied in turn, and their records are written to the journal together at the end of the batch.
     *
     * @param commands registered commands, in order.
     * @return what happened to each, in the same order.
     */
    public List<Result> whenBatch(final List<?> commands)
    {
        final List<Result> results = new ArrayList<>(commands.size());
        while (batchSlots.size() < commands.size())
        {
            batchSlots.add(new CommandSlot(slot.commandBuffer.capacity(), registry.pooledEvents()));
        }
        final CommandType[] types = new CommandType[commands.size()];
        final String[] ids = new String[commands.size()];
        for (int i = 0; i < commands.size(); i++)
        {
            // every command is checked before any is decided: a refused batch changes nothing
            final Object command = commands.get(i);
            types[i] = null == command ? null : registry.command(command.getClass());
            if (null == types[i])
            {
                throw new IllegalArgumentException("command " + i + " is not of a registered type: " +
                    (null == command ? "null" : command.getClass().getName()));
            }
            try
            {
                ids[i] = types[i].idOf.apply(command);
            }
            catch (final RuntimeException ex)
            {
                throw new IllegalArgumentException("cannot get the aggregate id of command " + i + ": " + ex, ex);
            }
        }
        for (int i = 0; i < commands.size(); i++)
        {
            final CommandSlot batchSlot = batchSlots.get(i);
            batchSlot.request(commands.get(i), types[i], ids[i], SendOptions.defaults(), Durability.JOURNALED, null);
            processor.process(batchSlot);
        }
        processor.endOfBatch();
        handlerFailures.doWork();
        for (int i = 0; i < commands.size(); i++)
        {
            final CommandSlot batchSlot = batchSlots.get(i);
            results.add(new Result(batchSlot.outcome(),
                batchSlot.eventList()));
        }
        return results;
    }

    private Result run(final Object command, final CommandType type, final SendOptions options)
    {
        final Durability durability = null == options.durability() ? Durability.JOURNALED : options.durability();
        slot.request(command, type, type.idOf.apply(command), options, durability, null);
        processor.process(slot);
        processor.endOfBatch();
        handlerFailures.doWork();
        return new Result(slot.outcome(), slot.eventList());
    }

    /**
     * Move the clock forward and fire every timer due by then, earliest first, as the engine fires them: each
     * timer's command decided with the key {@code timer:<id>}, and the timer's {@link TimerFired} journaled with the
     * command's events (or alone, with the reason, if the command was rejected).
     *
     * @param duration how far to move the clock; zero fires what is already due.
     * @return what firing each timer did, in firing order; empty if none was due.
     */
    public List<Result> advance(final Duration duration)
    {
        clock.advance(duration.toNanos(), TimeUnit.NANOSECONDS);
        final List<Result> fired = new ArrayList<>();
        while (timers.nextDueNs() <= clock.nanoTime())
        {
            if (fired.size() == MAX_FIRED)
            {
                throw new AssertionError("timers kept coming due: " + MAX_FIRED + " fired at " + clock.nanoTime() +
                    " ns and more are due; does a timer's command schedule another at once, for ever?");
            }
            slot.requestControl(ControlRequest.TICK);
            slot.clearResult();
            timers.tick(slot);
            processor.endOfBatch();
            handlerFailures.doWork();
            fired.add(new Result(slot.outcome(), slot.eventList()));
        }
        return fired;
    }

    /**
     * The timers pending, in the order they will fire.
     *
     * @return each pending timer's scheduling event.
     */
    public List<TimerScheduled> pendingTimers()
    {
        final AggregateEntry entry = store.get(TimerScheduled.AGGREGATE_ID);
        final List<TimerScheduled> pending = new ArrayList<>();
        if (null != entry && entry.state instanceof Timers state)
        {
            state.pending().forEach((id, dueNs, timer) -> pending.add(timer));
        }
        pending.sort(Comparator.comparingLong(TimerScheduled::dueNs).thenComparingLong(TimerScheduled::timerId));
        return pending;
    }

    /**
     * The current state of an aggregate.
     *
     * @param type its class.
     * @param id   its id.
     * @param <A>  the aggregate type.
     * @return its state, or null if it has had no event.
     */
    public <A extends Aggregate> A aggregate(final Class<A> type, final String id)
    {
        final AggregateEntry entry = store.get(id);
        return null == entry ? null : type.cast(entry.state);
    }

    /**
     * The version of an aggregate.
     *
     * @param id its id.
     * @return the number of events applied to it.
     */
    public long version(final String id)
    {
        final AggregateEntry entry = store.get(id);
        return null == entry ? 0 : entry.version;
    }

    /**
     * Errors the business logic reported so far (an {@code apply} that threw, a journal listener that failed, the
     * first failure of each kind of a handler that threw).
     *
     * @return the errors, oldest first.
     */
    public List<Throwable> errors()
    {
        return List.copyOf(errors);
    }

    /**
     * The state hash, as {@link Engine#stateHash()} gives it.
     *
     * @return the hash.
     */
    public long stateHash()
    {
        return store.stateHash();
    }

    /** The fixture's journal, for a {@link ProjectionFixture} to read what was journaled. */
    Journal journal()
    {
        return journal;
    }

    /** The registrations, for decoding journaled events. */
    Registry registry()
    {
        return registry;
    }

    @Override
    public void close()
    {
        handlerFailures.onClose();
        journal.close();
        if (null != temporaryDirectory)
        {
            try (Stream<Path> files = Files.walk(temporaryDirectory))
            {
                for (final Path path : files.sorted(Comparator.reverseOrder()).toList())
                {
                    Files.deleteIfExists(path);
                }
            }
            catch (final IOException ex)
            {
                throw new EngineException("cannot delete the fixture's journal in " + temporaryDirectory, ex);
            }
        }
    }

    /**
     * What one command did.
     *
     * @param outcome accepted or rejected.
     * @param events  the events it emitted and that were applied, in order.
     */
    public record Result(Outcome outcome, List<Object> events)
    {
        /**
         * A result; the events are kept as an unmodifiable copy.
         *
         * @param outcome accepted or rejected.
         * @param events  the events it emitted and that were applied, in order.
         */
        public Result
        {
            events = Collections.unmodifiableList(new ArrayList<>(events));
        }

        /**
         * Assert the command was accepted.
         *
         * @return this result.
         */
        public Result thenAccepted()
        {
            if (!outcome.accepted())
            {
                throw new AssertionError("expected the command to be accepted but it was " + outcome);
            }
            return this;
        }

        /**
         * Assert the command was rejected ({@link Outcome.Status#REJECTED}, not a handler that threw) with a reason
         * containing some text.
         *
         * @param reasonPart text the reason must contain.
         * @return this result.
         */
        public Result thenRejected(final String reasonPart)
        {
            if (outcome.status() != Outcome.Status.REJECTED || null == outcome.reason() ||
                !outcome.reason().contains(reasonPart))
            {
                throw new AssertionError("expected a rejection containing '" + reasonPart + "' but got " + outcome);
            }
            return this;
        }

        /**
         * Assert the command's handler (or an interceptor) threw an exception of this class and
         * the command was rejected with {@link Outcome.Status#HANDLER_FAILED}.
         *
         * @param type the exception's class, named in the reason.
         * @return this result.
         */
        public Result thenHandlerFailed(final Class<? extends Throwable> type)
        {
            if (outcome.status() != Outcome.Status.HANDLER_FAILED || null == outcome.reason() ||
                !outcome.reason().contains(type.getName()))
            {
                throw new AssertionError("expected the handler to throw " + type.getName() + " but got " + outcome);
            }
            return this;
        }

        /**
         * Assert the command was accepted and emitted exactly these events, in this order. The engine's timer events
         * ({@link TimerScheduled}, {@link TimerFired}, {@link TimerCancelled}) are left out of the comparison: assert
         * on them with {@link #thenScheduled} and {@link #timerEvents()}.
         *
         * @param expected the events.
         * @return this result.
         */
        public Result thenEmitted(final Object... expected)
        {
            thenAccepted();
            final List<Object> emitted = events.stream().filter(event -> !isTimerEvent(event)).toList();
            if (!Objects.equals(emitted, Arrays.asList(expected)))
            {
                throw new AssertionError("expected events " + Arrays.asList(expected) + " but got " + emitted);
            }
            return this;
        }

        /**
         * The engine's timer events among the events, in order.
         *
         * @return the {@link TimerScheduled}, {@link TimerFired} and {@link TimerCancelled} events.
         */
        public List<Object> timerEvents()
        {
            return events.stream().filter(Result::isTimerEvent).toList();
        }

        /**
         * Assert the command was accepted and scheduled a timer sending this command (equal record components).
         *
         * @param command the command the timer is to send.
         * @return the timer's scheduling event, for its id and due time.
         */
        public TimerScheduled thenScheduled(final Object command)
        {
            thenAccepted();
            if (!(command instanceof Record record))
            {
                throw new IllegalArgumentException("timers carry record commands, not " + command.getClass().getName());
            }
            final byte[] expected = Effects.encode(record);
            for (final Object event : events)
            {
                if (event instanceof TimerScheduled timer && timer.commandType().equals(command.getClass().getName()) &&
                    Arrays.equals(timer.command(), expected))
                {
                    return timer;
                }
            }
            throw new AssertionError("expected a timer sending " + command + " but the timer events were " +
                timerEvents());
        }

        private static boolean isTimerEvent(final Object event)
        {
            return event instanceof TimerScheduled || event instanceof TimerFired || event instanceof TimerCancelled;
        }
    }
}
