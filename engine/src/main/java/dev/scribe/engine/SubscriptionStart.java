package dev.scribe.engine;

import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalPage;
import dev.scribe.journal.PositionFormat;

/**
 * Where a subscription resumes: after the record its checkpoint names, if the journal still holds that very record;
 * else, without a checkpoint, where the subscription says to start. Decided on the caller's thread, so that a
 * subscription that cannot resume fails to start with the reason.
 *
 * @param checkpoint  its checkpoint, written anew and mapped.
 * @param from        the position the journal's tailer starts at.
 * @param skipThrough records at or before this position are passed over.
 * @param verifiedThrough the position of the record its checkpoint names, found in the journal with the CRC the
 *                    checkpoint gives (so the journal holds the records up to it that the subscription read), or -1.
 */
record SubscriptionStart(ProjectionCheckpoint checkpoint, long from, long skipThrough, long verifiedThrough)
{
    /**
     * Decide where a subscription resumes, and write its checkpoint anew.
     *
     * @param lastPosition the journal's last position now, for {@link Subscription#fromNow()}.
     * @throws EngineException naming the subscription and its checkpoint file if it cannot resume: the file is
     *                         damaged, or the journal no longer holds the record it names (truncated by a fail-over,
     *                         or its tail lost, or released).
     */
    static SubscriptionStart decide(final Subscription subscription, final ProjectionCheckpoint checkpoint,
        final Journal journal, final long lastPosition)
    {
        checkpoint.read();
        final String name = "subscription " + subscription.name() + " (checkpoint " + checkpoint.file() + ")";
        switch (checkpoint.state())
        {
            case DAMAGED -> throw new EngineException(name + " cannot resume: its checkpoint file holds no valid " +
                "position. Delete the file to start the subscription anew from its configured start");
            case NONE ->
            {
                if (checkpoint.found() && subscription.start() == Subscription.Start.NOW)
                {
                    // "now" was decided at the first start, on an empty journal: the journal's beginning
                    checkpoint.start(Journal.NULL_POSITION, 0);
                    return new SubscriptionStart(checkpoint, Journal.NULL_POSITION, Journal.NULL_POSITION,
                        Journal.NULL_POSITION);
                }
                return fresh(subscription, checkpoint, journal, lastPosition);
            }
            default ->
            {
                final long position = checkpoint.readPosition();
                final long crc = crcAt(journal, position);
                if (crc < 0 || checkpoint.state() == ProjectionCheckpoint.State.CURRENT &&
                    (int)crc != checkpoint.readCrc())
                {
                    throw new EngineException(name + " cannot resume: the journal " + (crc < 0 ?
                        "holds no record" : "holds another record") + " at its checkpoint position " +
                        PositionFormat.position(position) +
                        " (the journal runs from " + PositionFormat.position(journal.firstPosition()) + " to " +
                        PositionFormat.position(journal.lastPosition()) +
                        "): records it handled were dropped (a fail-over truncated them, or the journal lost its " +
                        "tail) or released. Reconcile what its handler did, then delete the checkpoint file to start " +
                        "it anew");
                }
                checkpoint.start(position, (int)crc);
                return new SubscriptionStart(checkpoint, position, position,
                    checkpoint.state() == ProjectionCheckpoint.State.CURRENT ? position : Journal.NULL_POSITION);
            }
        }
    }

    private static SubscriptionStart fresh(final Subscription subscription, final ProjectionCheckpoint checkpoint,
        final Journal journal, final long lastPosition)
    {
        switch (subscription.start())
        {
            case POSITION ->
            {
                checkpoint.start(Journal.NULL_POSITION, 0);
                return new SubscriptionStart(checkpoint, subscription.startPosition(),
                    subscription.startPosition() - 1, Journal.NULL_POSITION);
            }
            case NOW ->
            {
                final long crc = Journal.NULL_POSITION == lastPosition ? 0 : crcAt(journal, lastPosition);
                if (crc < 0)
                {
                    throw new EngineException("subscription " + subscription.name() + " cannot start from now: " +
                        "the journal's last record, at " + PositionFormat.position(lastPosition) + ", cannot be read");
                }
                checkpoint.start(lastPosition, (int)crc);
                return new SubscriptionStart(checkpoint, lastPosition, lastPosition, Journal.NULL_POSITION);
            }
            default ->
            {
                checkpoint.start(Journal.NULL_POSITION, 0);
                return new SubscriptionStart(checkpoint, Journal.NULL_POSITION, Journal.NULL_POSITION,
                    Journal.NULL_POSITION);
            }
        }
    }

    /** The CRC32C of the record at a position, as an unsigned value, or -1 if the journal holds none there. */
    static long crcAt(final Journal journal, final long position)
    {
        if (position < journal.firstPosition())
        {
            return -1;
        }
        final JournalPage page = journal.readForward(position, 1);
        return page.entries().isEmpty() || page.entries().get(0).position() != position ? -1 :
            page.entries().get(0).view().crc32c() & 0xFFFFFFFFL;
    }
}
