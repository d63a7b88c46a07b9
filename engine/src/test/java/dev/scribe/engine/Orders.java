package dev.scribe.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The timer tests' application: an order reserved for a while, expired by a timer unless it is confirmed first,
 * which cancels the timer. A timer can also be scheduled for a command that will be rejected, or for one that is not
 * registered. Shared with the tests of the modules above the engine through its test jar.
 */
public final class Orders
{
    public record Reserve(String order, long holdMillis) {}
    public record Confirm(String order) {}
    public record Expire(String order) {}
    public record Remind(String order, int times) {}
    public record ScheduleUnknown(String order) {}
    public record ScheduleRejected(String order) {}
    public record Refuse(String order) {}
    public record NotRegistered(String order) {}
    public record Forever(String order) {}

    public record Reserved(long expiryTimer) {}
    public record Confirmed(boolean timerWasPending) {}
    public record Expired() {}
    public record Reminded(int left) {}

    static final class Order implements Aggregate
    {
        boolean reserved;
        boolean confirmed;
        boolean expired;
        long expiryTimer;
        int reminders;

        void apply(final Reserved event)
        {
            reserved = true;
            expiryTimer = event.expiryTimer();
        }

        void apply(final Confirmed event)
        {
            confirmed = true;
        }

        void apply(final Expired event)
        {
            expired = true;
        }

        void apply(final Reminded event)
        {
            reminders++;
        }
    }

    /** Every event the engine hands its projections, in order. */
    static final class Seen implements Projection
    {
        final List<Object> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(final long position, final String aggregateId, final long version, final Object event)
        {
            events.add(event);
        }

        long count(final Class<?> type)
        {
            return events.stream().filter(type::isInstance).count();
        }
    }

    private Orders()
    {
    }

    public static EngineContext context(final Path dir)
    {
        return new EngineContext()
            .directory(dir)
            .aggregate(Order.class, Order::new)
            // pinned at the ids these events have always been journaled under (CRC32C of the simple names)
            .event(Reserved.class, 1_470_017_195)
            .event(Confirmed.class, 1_733_035_229)
            .event(Expired.class, 835_539_403)
            .event(Reminded.class, 1_610_639_536)
            .command(Reserve.class, Reserve::order, (final Reserve cmd, final Order order, final Decision out) ->
            {
                if (order.reserved)
                {
                    out.reject(cmd.order() + " is already reserved");
                    return;
                }
                out.emit(new Reserved(out.schedule(new Expire(cmd.order()), Duration.ofMillis(cmd.holdMillis()))));
            })
            .command(Confirm.class, Confirm::order, (final Confirm cmd, final Order order, final Decision out) ->
            {
                if (!order.reserved || order.expired || order.confirmed)
                {
                    out.reject(cmd.order() + " cannot be confirmed");
                    return;
                }
                out.emit(new Confirmed(out.cancelTimer(order.expiryTimer)));
            })
            .command(Expire.class, Expire::order, (final Expire cmd, final Order order, final Decision out) ->
            {
                if (order.confirmed || order.expired)
                {
                    out.reject(cmd.order() + " is no longer held");
                    return;
                }
                out.emit(new Expired());
            })
            .command(Remind.class, Remind::order, (final Remind cmd, final Order order, final Decision out) ->
            {
                out.emit(new Reminded(cmd.times() - 1));
                if (cmd.times() > 1)
                {
                    out.schedule(new Remind(cmd.order(), cmd.times() - 1), Duration.ofMillis(10));
                }
            })
            .command(ScheduleUnknown.class, ScheduleUnknown::order,
                (final ScheduleUnknown cmd, final Order order, final Decision out) ->
                    out.schedule(new NotRegistered(cmd.order()), Duration.ZERO))
            .command(ScheduleRejected.class, ScheduleRejected::order,
                (final ScheduleRejected cmd, final Order order, final Decision out) ->
                {
                    out.emit(new Reserved(out.schedule(new Refuse(cmd.order()), Duration.ofMillis(1))));
                })
            .command(Forever.class, Forever::order, (final Forever cmd, final Order order, final Decision out) ->
            {
                out.emit(new Reminded(0));
                out.schedule(cmd, Duration.ZERO);
            })
            .command(Refuse.class, Refuse::order, (final Refuse cmd, final Order order, final Decision out) ->
                out.reject("refused " + cmd.order()));
    }
}
