package dev.scribe.engine;

/**
 * The engine's event for a timer a handler scheduled ({@link Decision#schedule}): journaled in the same record as the
 * handler's own events, on the engine's timers aggregate ({@link #AGGREGATE_ID}). Projections and subscriptions see
 * it as they see any event.
 *
 * @param timerId     the timer's id, unique in the journal; the handler was given it.
 * @param dueNs       when it is due, in nanoseconds since 1970 on the engine clock.
 * @param commandType the class name of the command it sends.
 * @param command     the command, encoded by its record codec.
 * @param key         the idempotency key the command is sent with; null for {@code timer:<id>}.
 * @param replyTo     the saga told of the command's outcome in the record that fires it, or null.
 */
public record TimerScheduled(long timerId, long dueNs, String commandType, byte[] command, String key, String replyTo)
{
    /**
     * The idempotency key the command is sent with.
     *
     * @return the key given, else {@code timer:<id>}.
     */
    public String sendKey()
    {
        return null != key ? key : "timer:" + timerId;
    }

    /** The id of the aggregate the engine's timer events belong to. */
    public static final String AGGREGATE_ID = "$timers";

    /** The type id of this event in the journal. */
    public static final int TYPE_ID = 0x7EC0_0001;
}
