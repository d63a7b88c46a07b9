package dev.scribe.engine;

/**
 * The engine's timers aggregate ({@link TimerScheduled#AGGREGATE_ID}): every pending timer, by due time, and the id
 * the next one gets. Its state comes from its events only, like any aggregate's, so a replay, a standby and a
 * snapshot restore all hold the same pending timers; the business logic fires them ({@link TimerFiring}).
 */
final class Timers implements Aggregate
{
    private final TimerQueue<TimerScheduled> pending = new TimerQueue<>();
    private long lastId;

    void apply(final TimerScheduled event)
    {
        pending.add(event.timerId(), event.dueNs(), event);
        lastId = Math.max(lastId, event.timerId());
    }

    void apply(final TimerFired event)
    {
        pending.cancel(event.timerId());
    }

    void apply(final TimerCancelled event)
    {
        pending.cancel(event.timerId());
    }

    /** The id the next timer scheduled gets, before any scheduled by the command being decided. */
    long nextId()
    {
        return lastId + 1;
    }

    /** The highest id given so far (0 for none); kept in snapshots. */
    long lastId()
    {
        return lastId;
    }

    /** Restore the highest id given so far, from a snapshot. */
    void lastId(final long lastId)
    {
        this.lastId = lastId;
    }

    /** The pending timers. */
    TimerQueue<TimerScheduled> pending()
    {
        return pending;
    }

    /**
     * A canonical form: the last id, the count, and each timer's id, due time, command type and bytes combined by
     * addition, so two queues holding the same timers hash alike whatever order their heaps keep them in.
     */
    @Override
    public void hashState(final StateHasher hasher)
    {
        final long[] sum = new long[1];
        pending.forEach((id, dueNs, timer) -> sum[0] += new StateHasher().putLong(id).putLong(dueNs)
            .putString(timer.commandType()).putBytes(timer.command()).hash());
        hasher.putLong(lastId).putInt(pending.size()).putLong(sum[0]);
    }
}
