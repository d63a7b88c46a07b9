package dev.scribe.replication;

import dev.scribe.journal.PositionFormat;
import dev.scribe.replication.link.SocketPeerLink;
import org.agrona.ErrorHandler;
import org.agrona.collections.Long2LongHashMap;

import java.util.ArrayDeque;

/**
 * Compares the state hashes both nodes compute after the same records (positions that are multiples of the engine's
 * hash-check interval). Whichever of the two hashes for a position arrives second is compared with the first; a
 * mismatch is reported as an error and counted. Both sides keep a bounded number of hashes waiting for their match.
 * The peer link sends the local hashes and hands over the peer's. Hashes are matched by position alone, so the check
 * is reset whenever the records at a position may change: a truncation, a relaunch, and leading a new epoch (the old
 * primary may have sent its hash for a record the new primary never got, before streaming the record).
 */
final class DivergenceCheck implements SocketPeerLink.StateHashes
{
    private static final int KEPT = 256;

    private final Long2LongHashMap local = new Long2LongHashMap(Long.MIN_VALUE);
    private final Long2LongHashMap remote = new Long2LongHashMap(Long.MIN_VALUE);
    private final ArrayDeque<long[]> outbox = new ArrayDeque<>();
    private volatile ErrorHandler errorHandler;
    private long checked;
    private long diverged;

    void errorHandler(final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
    }

    /** This node's hash after the record at a position (business-logic thread). */
    synchronized void local(final long position, final long hash)
    {
        if (outbox.size() == KEPT)
        {
            outbox.pollFirst();
        }
        outbox.addLast(new long[] {position, hash});
        final long theirs = remote.remove(position);
        if (theirs != Long.MIN_VALUE)
        {
            compare(position, hash, theirs);
        }
        else
        {
            keep(local, position, hash);
        }
    }

    /** The peer's hash after the record at a position (link thread). */
    @Override
    public synchronized void remote(final long position, final long hash)
    {
        final long ours = local.remove(position);
        if (ours != Long.MIN_VALUE)
        {
            compare(position, ours, hash);
        }
        else
        {
            keep(remote, position, hash);
        }
    }

    /** Forget every hash waiting for its match: the journal they describe changed (truncated, relaunched, led). */
    synchronized void reset()
    {
        local.clear();
        remote.clear();
        outbox.clear();
    }

    /** The next local hash to send to the peer, or null. */
    @Override
    public synchronized long[] nextToSend()
    {
        return outbox.pollFirst();
    }

    synchronized long checked()
    {
        return checked;
    }

    synchronized long diverged()
    {
        return diverged;
    }

    private void compare(final long position, final long ours, final long theirs)
    {
        checked++;
        if (ours != theirs)
        {
            diverged++;
            final ErrorHandler handler = errorHandler;
            if (null != handler)
            {
                handler.onError(new IllegalStateException("state diverged from the peer at position " +
                    PositionFormat.position(position) + ": hash " + PositionFormat.hash(ours) + " here, " +
                    PositionFormat.hash(theirs) + " there"));
            }
        }
    }

    private static void keep(final Long2LongHashMap map, final long position, final long hash)
    {
        if (map.size() >= KEPT)
        {
            map.clear();
        }
        map.put(position, hash);
    }
}
