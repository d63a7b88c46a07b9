package dev.scribe.engine;

import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Fires timers on the business-logic thread. Each {@link ControlRequest#TICK} fires the earliest pending timer if it
 * is due on the engine clock and this engine is the primary: the tick's slot becomes the timer's command
 * ({@link CommandProcessor#fireTimer}), or, if that command cannot be sent, a record of the timer firing alone with
 * the reason. At the end of each batch it tells the {@link TimerTicker} when the next timer is due (never, on a
 * standby) and how many are due now, so ticks come only when there is something to fire.
 */
final class TimerFiring
{
    private final AggregateStore store;
    private final Registry registry;
    private final Leadership leadership;
    private final EpochNanoClock clock;
    private final IdempotencyKeys idempotency;
    private final CommandProcessor processor;
    private final TimerTicker ticker;

    /**
     * Firing for a processor.
     *
     * @param ticker told when the next timer is due; null where no thread ticks (a fixture fires by hand).
     */
    TimerFiring(
        final AggregateStore store,
        final Registry registry,
        final Leadership leadership,
        final EpochNanoClock clock,
        final IdempotencyKeys idempotency,
        final CommandProcessor processor,
        final TimerTicker ticker)
    {
        this.store = store;
        this.registry = registry;
        this.leadership = leadership;
        this.clock = clock;
        this.idempotency = idempotency;
        this.processor = processor;
        this.ticker = ticker;
        endOfBatch(); // the timers the journal's replay left pending
    }

    /**
     * Handle a tick: fire the earliest timer into the tick's slot if it is due.
     *
     * @return whether a timer fired.
     */
    boolean tick(final CommandSlot slot)
    {
        if (null != ticker)
        {
            ticker.handled();
        }
        final Timers timers = timers();
        if (!firing() || null == timers || timers.pending().nextDueNs() > clock.nanoTime())
        {
            return false;
        }
        final TimerScheduled timer = timers.pending().get(timers.pending().nextId());
        final CommandType type = registry.command(timer.commandType());
        if (null == type)
        {
            processor.fireTimerAlone(slot, timer, "its command type " + timer.commandType() +
                " is not registered");
            return true;
        }
        final Object command;
        final String aggregateId;
        try
        {
            command = type.timerCodec().decode(new UnsafeBuffer(timer.command()), 0,
                timer.command().length);
            aggregateId = type.idOf.apply(command);
        }
        catch (final RuntimeException ex)
        {
            processor.fireTimerAlone(slot, timer, "its command cannot be read: " + ex.getMessage());
            return true;
        }
        if (null == aggregateId || aggregateId.isEmpty())
        {
            processor.fireTimerAlone(slot, timer, "its command has no aggregate id");
        }
        else if (null != idempotency.get(timer.sendKey()))
        {
            processor.fireTimerAlone(slot, timer, "its idempotency key " + timer.sendKey() +
                " was already used by another command");
        }
        else
        {
            processor.fireTimer(slot, timer, command, type, aggregateId);
        }
        return true;
    }

    /** At the end of a batch: tell the ticker when the next timer is due. */
    void endOfBatch()
    {
        if (null != ticker)
        {
            final Timers timers = firing() ? timers() : null;
            final long dueNs = null == timers ? Long.MAX_VALUE : timers.pending().nextDueNs();
            ticker.nextDue(dueNs, Long.MAX_VALUE == dueNs ? 0 :
                timers.pending().countDue(clock.nanoTime(), TimerTicker.MAX_IN_FLIGHT));
        }
    }

    /**
     * When the next timer is due, or {@link Long#MAX_VALUE} if none is, this engine is not the primary, or its
     * journal lost a batch (it journals nothing more until relaunched, so firing would only fail, again and again).
     */
    long nextDueNs()
    {
        final Timers timers = timers();
        return !firing() || null == timers ? Long.MAX_VALUE : timers.pending().nextDueNs();
    }

    private boolean firing()
    {
        return leadership.role() == EngineRole.PRIMARY && !processor.batch().failed();
    }

    private Timers timers()
    {
        final AggregateEntry entry = store.get(TimerScheduled.AGGREGATE_ID);
        return null != entry && entry.state instanceof Timers ? (Timers)entry.state : null;
    }
}
