package dev.scribe.engine;

import java.time.Duration;

/**
 * What a command handler or interceptor decides: a rejection with a reason, or the events to journal and apply.
 * Events are applied only once the whole command's record is journaled; a handler sees the state from before the
 * command. Valid only during the call it is passed to.
 */
public interface Decision
{
    /**
     * Reject the command; nothing is written and no emitted event is applied.
     *
     * @param reason shown to the caller.
     */
    void reject(String reason);

    /**
     * Emit an event for the command's aggregate.
     *
     * @param event a value of a type the aggregate applies.
     */
    void emit(Object event);

    /**
     * Emit a reusable event for the command's aggregate without allocating: the engine hands out an instance it
     * owns (made once with the class's no-argument constructor), and the handler fills it in before returning. The
     * instance stays untouched until every consumer of this command has seen it. For mutable event classes with a
     * codec of their own, on the allocation-free path.
     *
     * @param type the event class.
     * @param <E>  the event type.
     * @return the instance to fill in.
     */
    <E> E emitNew(Class<E> type);

    /**
     * Another aggregate, to read and emit events for in the same atomic record (a transfer debits one account and
     * credits another).
     *
     * @param type the aggregate's class.
     * @param id   its id.
     * @param <A>  the aggregate type.
     * @return the aggregate's handle for this command.
     */
    <A extends Aggregate> Target<A> aggregate(Class<A> type, String id);

    /**
     * Another aggregate whose id is a number written in decimal ({@code 42} is the aggregate {@code "42"}), found
     * without allocating once it exists: for binary commands that carry numeric ids.
     *
     * @param type the aggregate's class.
     * @param id   its id, as a number.
     * @param <A>  the aggregate type.
     * @return the aggregate's handle for this command.
     */
    <A extends Aggregate> Target<A> aggregate(Class<A> type, long id);

    /**
     * Schedule a command to be sent after a delay: a durable timer, journaled with this command's events. When it is
     * due on the engine clock the business logic sends the command, with the idempotency key {@code timer:<id>},
     * and journals that the timer fired in the same record as the command's events, so it fires once, across
     * restarts, snapshots and fail-overs. If this command is rejected, nothing is scheduled.
     *
     * @param command a registered command that is a record (it is journaled with the timer).
     * @param delay   from this command's {@link #timestampNs()}; zero or more.
     * @return the timer's id, unique in the journal, to cancel it with.
     * @throws IllegalArgumentException if the command is not registered or not a record, its aggregate id is null
     *                                  or empty, or the delay is negative.
     */
    long schedule(Object command, Duration delay);

    /**
     * Schedule a command to be sent at a time on the engine clock, as {@link #schedule(Object, Duration)} does; a
     * time already past fires at once.
     *
     * @param command a registered command that is a record.
     * @param dueNs   nanoseconds since 1970 on the engine clock.
     * @return the timer's id.
     * @throws IllegalArgumentException if the command is not registered or not a record, or its aggregate id is null
     *                                  or empty.
     */
    long scheduleAt(Object command, long dueNs);

    /**
     * Cancel a pending timer, in the same record as this command's events; if this command is rejected the timer
     * stays.
     *
     * @param timerId the id {@link #schedule} gave.
     * @return whether the timer was pending (false if it fired, was cancelled or never was).
     */
    boolean cancelTimer(long timerId);

    /**
     * Start a run of a registered saga, in the same record as this command's events: its first step begins at once
     * (see {@link Saga}). If this command is rejected, nothing starts.
     *
     * @param saga the saga, registered with {@link EngineContext#saga(Saga)}.
     * @param id   the run's id, unique among the saga's runs.
     * @param data the run's data.
     * @param <D>  the data type.
     * @throws IllegalArgumentException if the saga is not registered, or a run of that id was started before.
     */
    <D extends Record> void startSaga(Saga<D> saga, String id, D data);

    /**
     * Id of the command's aggregate.
     *
     * @return the id.
     */
    String aggregateId();

    /**
     * Version of the command's aggregate before this command: the number of events applied to it.
     *
     * @return the version.
     */
    long version();

    /**
     * The engine clock when the command was decided, recorded in the journal; the only time a handler may read.
     *
     * @return nanoseconds since 1970.
     */
    long timestampNs();

    /**
     * Whether the command is already rejected.
     *
     * @return true after {@link #reject(String)}.
     */
    boolean rejected();

    /**
     * An aggregate taking part in a command besides its own.
     *
     * @param <A> the aggregate type.
     */
    interface Target<A extends Aggregate>
    {
        /**
         * The aggregate's current state.
         *
         * @return the state (new, at version 0, if it has never had an event).
         */
        A state();

        /**
         * The aggregate's version before this command.
         *
         * @return the version.
         */
        long version();

        /**
         * Emit an event for this aggregate.
         *
         * @param event a value of a type the aggregate applies.
         */
        void emit(Object event);

        /**
         * Emit a reusable event for this aggregate without allocating, as {@link Decision#emitNew} does for the
         * command's own aggregate.
         *
         * @param type the event class.
         * @param <E>  the event type.
         * @return the instance to fill in.
         */
        <E> E emitNew(Class<E> type);
    }
}
