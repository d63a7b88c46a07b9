package dev.scribe.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A saga (process manager): steps run one after another, each an {@link Action}: a command to the engine, an external
 * effect run through the outbox, or a wait for a signal from outside. When a step fails, or the saga's timeout fires
 * first, the compensations of the steps done so far run in reverse order.
 *
 * <p>Every decision a saga makes runs on the business-logic thread, in the record of the event that causes it: a
 * handler's {@link Decision#startSaga}, the record of a step's command (which carries the saga's reaction to its
 * outcome), a {@link SagaSignal}, the saga's timeout. So the saga is replayed, snapshotted and failed over with
 * everything else, and never blocks the ring. A step's command is sent through a durable timer due at once, with the
 * idempotency key {@code <saga id>:<step>} ({@code :undo} for a compensation), so it is applied once. An effect is
 * journaled as an {@link EffectRequested} for an {@link EffectRunner} to run outside the ring.
 *
 * <pre>{@code
 * Saga<Order> fulfilment = Saga.named("fulfilment", Order.class)
 *     .step("reserve", Saga.command(o -> new Reserve(o.sku(), o.id())), Saga.command(o -> new Release(o.id())))
 *     .step("pay", Saga.effect(o -> new Charge(o.id(), o.amount())), Saga.effect(o -> new Refund(o.id())))
 *     .step("ship", Saga.command(o -> new Ship(o.id())))
 *     .timeout(Duration.ofSeconds(30));
 * context.saga(fulfilment);
 * // in a handler: out.startSaga(fulfilment, orderId, new Order(...));
 * }</pre>
 *
 * @param <D> the saga's data, a record: given at the start, journaled with it, handed to every action.
 */
public final class Saga<D extends Record>
{
    /** What a step does, or undoes. */
    public static final class Action<D>
    {
        enum Kind
        {
            COMMAND, EFFECT, SIGNAL
        }

        final Kind kind;
        final Function<D, ?> make;

        private Action(final Kind kind, final Function<D, ?> make)
        {
            this.kind = kind;
            this.make = make;
        }
    }

    /** One step: its name, action and compensation (null for none). */
    record Step<D>(String name, Action<D> action, Action<D> compensation)
    {
    }

    private final String name;
    private final Class<D> dataType;
    private final List<Step<D>> steps = new ArrayList<>();
    private Duration timeout;

    private Saga(final String name, final Class<D> dataType)
    {
        this.name = name;
        this.dataType = dataType;
    }

    /**
     * A saga with no steps yet.
     *
     * @param name     unique among the engine's sagas; no {@code ':'}.
     * @param dataType the record type of its data.
     * @param <D>      the data type.
     * @return the saga, to add steps to.
     * @throws IllegalArgumentException if the name is empty or has a {@code ':'}, or the data type is not a record.
     */
    public static <D extends Record> Saga<D> named(final String name, final Class<D> dataType)
    {
        if (null == name || name.isEmpty() || name.indexOf(':') >= 0)
        {
            throw new IllegalArgumentException("a saga's name must be non-empty and have no ':': " + name);
        }
        if (null == dataType || !dataType.isRecord())
        {
            throw new IllegalArgumentException("saga " + name + ": its data type must be a record: " + dataType);
        }
        return new Saga<>(name, dataType);
    }

    /**
     * An action sending a command to the engine; the step succeeds when the command is accepted, fails when it is
     * rejected.
     *
     * @param command makes the command from the saga's data: a registered command that is a record.
     * @param <D>     the data type.
     * @return the action.
     */
    public static <D> Action<D> command(final Function<D, ?> command)
    {
        return new Action<>(Action.Kind.COMMAND, Objects.requireNonNull(command, "command"));
    }

    /**
     * An action calling something outside the engine: the request is journaled as an {@link EffectRequested} and run
     * by an {@link EffectRunner}, whose result comes back as a {@link SagaSignal}.
     *
     * @param request makes the request from the saga's data: a record the effect runner has a handler for.
     * @param <D>     the data type.
     * @return the action.
     */
    public static <D> Action<D> effect(final Function<D, ? extends Record> request)
    {
        return new Action<>(Action.Kind.EFFECT, Objects.requireNonNull(request, "request"));
    }

    /**
     * An action waiting for a signal from outside (a webhook's answer, a person's approval): a {@link SagaSignal} for
     * this step, made with {@link #signal(String, String, boolean, String)}. Not a compensation.
     *
     * @param <D> the data type.
     * @return the action.
     */
    public static <D> Action<D> signal()
    {
        return new Action<>(Action.Kind.SIGNAL, null);
    }

    /**
     * Add a step without a compensation.
     *
     * @param stepName unique in the saga; not {@code undo}, no {@code ':'}.
     * @param action   what it does.
     * @return this saga.
     */
    public Saga<D> step(final String stepName, final Action<D> action)
    {
        return step(stepName, action, null);
    }

    /**
     * Add a step that is undone, if a later step fails or the timeout fires, by its compensation.
     *
     * @param stepName     unique in the saga; not {@code undo}, no {@code ':'}.
     * @param action       what it does.
     * @param compensation what undoes it: a command or an effect; null for nothing.
     * @return this saga.
     * @throws IllegalArgumentException if the name is taken, empty, {@code undo} or has a {@code ':'}, or the
     *                                  compensation waits for a signal.
     */
    public Saga<D> step(final String stepName, final Action<D> action, final Action<D> compensation)
    {
        if (null == stepName || stepName.isEmpty() || steps.stream().anyMatch(s -> s.name().equals(stepName)))
        {
            throw new IllegalArgumentException("saga " + name + ": step name " + stepName + " is empty or taken");
        }
        if (stepName.indexOf(':') >= 0 || "undo".equals(stepName))
        {
            // a step's idempotency key is <run>:<step>[:undo]; these would make two steps' keys alike
            throw new IllegalArgumentException("saga " + name + ": a step name may not be 'undo' or hold a ':': " +
                stepName);
        }
        if (null != compensation && compensation.kind == Action.Kind.SIGNAL)
        {
            throw new IllegalArgumentException("saga " + name + ": step " + stepName + "'s compensation must be a " +
                "command or an effect, not a signal");
        }
        steps.add(new Step<>(stepName, Objects.requireNonNull(action, "action"), compensation));
        return this;
    }

    /**
     * Compensate if the saga has not completed this long after it started; off by default.
     *
     * @param timeout more than zero.
     * @return this saga.
     */
    public Saga<D> timeout(final Duration timeout)
    {
        if (null == timeout || timeout.isNegative() || timeout.isZero())
        {
            throw new IllegalArgumentException("saga " + name + ": its timeout must be more than zero: " + timeout);
        }
        this.timeout = timeout;
        return this;
    }

    /**
     * The saga's name.
     *
     * @return the name.
     */
    public String name()
    {
        return name;
    }

    /**
     * The aggregate id of one run of this saga: its events belong to it, and its {@link SagaSignal}s name it.
     *
     * @param id the run's id, given to {@link Decision#startSaga}.
     * @return {@code $saga:<name>:<id>}.
     */
    public String aggregateId(final String id)
    {
        return "$saga:" + name + ":" + id;
    }

    /**
     * A signal for a step of one run that waits for it.
     *
     * @param id     the run's id.
     * @param step   the step's name.
     * @param ok     whether the step succeeded.
     * @param detail what happened, kept in the saga's history.
     * @return the command to send.
     */
    public SagaSignal signal(final String id, final String step, final boolean ok, final String detail)
    {
        return new SagaSignal(aggregateId(id), step, false, ok, detail);
    }

    /** Check the saga can run: called when it is registered. */
    Saga<D> check()
    {
        if (steps.isEmpty())
        {
            throw new IllegalArgumentException("saga " + name + " has no steps");
        }
        Effects.codec(dataType); // fails here, at registration, for data a record codec cannot carry
        return this;
    }

    List<Step<D>> steps()
    {
        return steps;
    }

    Duration timeout()
    {
        return timeout;
    }

    Class<D> dataType()
    {
        return dataType;
    }

    byte[] encode(final D data)
    {
        return Effects.encode(data);
    }

    D decode(final byte[] bytes)
    {
        return dataType.cast(Effects.decode(dataType, bytes));
    }
}
