package dev.scribe.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * A given/when/then fixture for sagas and timers, over a {@link CommandFixture}: the real business logic on the test's
 * own thread, with a {@link TestClock}. A command is decided alone ({@link #when}); what a saga sends in reply is a
 * timer due at once, which {@link #fire()} (or {@link #advance}) fires, each in its own record, as the engine would.
 *
 * <pre>{@code
 * try (SagaFixture shop = SagaFixture.launch(Shop.context(null)))
 * {
 *     shop.given("sku-1", new Stocked(10)).given("ann", new Funded(500));
 *     shop.when(new Place("o1", "sku-1", 2, "ann", 100)).thenSent(new Reserve("sku-1", "o1", 2));
 *     shop.fire();
 *     assertEquals("COMPLETED", shop.saga(FULFILMENT, "o1").status());
 * }
 * }</pre>
 */
public final class SagaFixture implements AutoCloseable
{
    private final CommandFixture commands;

    private SagaFixture(final CommandFixture commands)
    {
        this.commands = commands;
    }

    /**
     * Start a fixture on an engine context that is set up but not launched.
     *
     * @param context the application's registrations, its sagas among them.
     * @return the fixture.
     */
    public static SagaFixture launch(final EngineContext context)
    {
        return new SagaFixture(CommandFixture.launch(context));
    }

    /**
     * The fixture's clock.
     *
     * @return the clock.
     */
    public TestClock clock()
    {
        return commands.clock();
    }

    /**
     * The command fixture underneath, for its assertions on aggregates.
     *
     * @return the fixture.
     */
    public CommandFixture commands()
    {
        return commands;
    }

    /**
     * Journal and apply events to an aggregate, as if an earlier command had emitted them.
     *
     * @param aggregateId the aggregate.
     * @param events      events its aggregate type applies.
     * @return this fixture.
     */
    public SagaFixture given(final String aggregateId, final Object... events)
    {
        commands.given(aggregateId, events);
        return this;
    }

    /**
     * Decide a command alone: what it emits, the sagas it starts and what they send are in the reaction; nothing
     * fires until {@link #fire()} or {@link #advance}.
     *
     * @param command a registered command.
     * @return what happened.
     */
    public Reaction when(final Object command)
    {
        return new Reaction(commands.when(command));
    }

    /**
     * Send a signal to a saga run's step, as a webhook or a person would.
     *
     * @param saga   the saga.
     * @param id     the run's id.
     * @param step   the step waiting for it.
     * @param ok     whether the step succeeded.
     * @param detail what happened.
     * @return what happened.
     */
    public Reaction signal(final Saga<?> saga, final String id, final String step, final boolean ok,
        final String detail)
    {
        return when(saga.signal(id, step, ok, detail));
    }

    /**
     * Fire every timer due now, in due order, again until none is: each saga step's command, and what its outcome
     * makes the saga send next.
     *
     * @return each fired timer's record, in firing order.
     */
    public List<Reaction> fire()
    {
        return advance(Duration.ZERO);
    }

    /**
     * Move the clock forward and fire every timer due by then.
     *
     * @param duration how far.
     * @return each fired timer's record, in firing order.
     */
    public List<Reaction> advance(final Duration duration)
    {
        final List<Reaction> fired = new ArrayList<>();
        commands.advance(duration).forEach(result -> fired.add(new Reaction(result)));
        return fired;
    }

    /**
     * Where a saga run is and what happened to it.
     *
     * @param saga the saga.
     * @param id   the run's id.
     * @return its view, or null if it never started.
     */
    public SagaView saga(final Saga<?> saga, final String id)
    {
        return new JournalEvents(commands.journal(), commands.registry()).saga(saga, id);
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
        return commands.aggregate(type, id);
    }

    @Override
    public void close()
    {
        commands.close();
    }

    /** What one record did: a command decided, or a timer fired. */
    public static final class Reaction
    {
        private final CommandFixture.Result result;

        Reaction(final CommandFixture.Result result)
        {
            this.result = result;
        }

        /**
         * The command's outcome.
         *
         * @return the outcome.
         */
        public Outcome outcome()
        {
            return result.outcome();
        }

        /**
         * Every event of the record, the engine's timer and saga events among them.
         *
         * @return the events, in order.
         */
        public List<Object> events()
        {
            return result.events();
        }

        /**
         * Assert the command was accepted.
         *
         * @return this reaction.
         */
        public Reaction thenAccepted()
        {
            result.thenAccepted();
            return this;
        }

        /**
         * Assert the command was rejected with a reason containing some text.
         *
         * @param reasonPart text the reason must contain.
         * @return this reaction.
         */
        public Reaction thenRejected(final String reasonPart)
        {
            result.thenRejected(reasonPart);
            return this;
        }

        /**
         * Assert the record was journaled and sent exactly these commands for sagas' steps (timers due at once that
         * report to a saga), in this order.
         *
         * @param expected the commands.
         * @return this reaction.
         */
        public Reaction thenSent(final Object... expected)
        {
            result.thenAccepted();
            final List<TimerScheduled> sent = timers(timer -> null != timer.replyTo());
            if (sent.size() != expected.length || !matchAll(sent, expected))
            {
                throw new AssertionError("expected the sagas to send " + Arrays.asList(expected) + " but they sent " +
                    sent.stream().map(SagaFixture::describe).toList());
            }
            return this;
        }

        /**
         * Assert the record requested exactly these effects, in this order.
         *
         * @param expected the effect requests.
         * @return this reaction.
         */
        public Reaction thenRequested(final Record... expected)
        {
            result.thenAccepted();
            final List<EffectRequested> requested = new ArrayList<>();
            result.events().stream().filter(EffectRequested.class::isInstance)
                .forEach(event -> requested.add((EffectRequested)event));
            boolean same = requested.size() == expected.length;
            for (int i = 0; same && i < expected.length; i++)
            {
                same = requested.get(i).requestType().equals(expected[i].getClass().getName()) &&
                    Arrays.equals(requested.get(i).request(), Effects.encode(expected[i]));
            }
            if (!same)
            {
                throw new AssertionError("expected effects " + Arrays.asList(expected) + " but the record requested " +
                    requested.stream().map(r -> r.requestType() + " for " + r.saga() + " " + r.step()).toList());
            }
            return this;
        }

        /**
         * Assert the record ended a saga run with a status.
         *
         * @param status {@code COMPLETED}, {@code COMPENSATED} or {@code FAILED}.
         * @return the run's end.
         */
        public SagaEnded thenEnded(final String status)
        {
            for (final Object event : result.events())
            {
                if (event instanceof SagaEnded ended && ended.status().equals(status))
                {
                    return ended;
                }
            }
            throw new AssertionError("expected a saga to end " + status + " but the record held " + result.events());
        }

        private List<TimerScheduled> timers(final Predicate<TimerScheduled> wanted)
        {
            final List<TimerScheduled> timers = new ArrayList<>();
            for (final Object event : result.events())
            {
                if (event instanceof TimerScheduled timer && wanted.test(timer))
                {
                    timers.add(timer);
                }
            }
            return timers;
        }

        private static boolean matchAll(final List<TimerScheduled> timers, final Object[] expected)
        {
            for (int i = 0; i < expected.length; i++)
            {
                if (!(expected[i] instanceof Record record) ||
                    !timers.get(i).commandType().equals(record.getClass().getName()) ||
                    !Arrays.equals(timers.get(i).command(), Effects.encode(record)))
                {
                    return false;
                }
            }
            return true;
        }
    }

    private static String describe(final TimerScheduled timer)
    {
        return timer.commandType() + " (key " + timer.sendKey() + ")";
    }
}
