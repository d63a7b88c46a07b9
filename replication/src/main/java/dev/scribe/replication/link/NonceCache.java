package dev.scribe.replication.link;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recent client nonces a server has seen, so that a replayed Hello is refused. Bounded: the oldest is
 * forgotten when a new one would exceed the capacity. A forgotten nonce replayed later still fails, because the
 * client's proof covers the server's fresh nonce too; this cache only refuses the replay earlier and by name.
 * Thread-safe.
 */
final class NonceCache
{
    private final Map<Nonce, Boolean> seen;

    NonceCache(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("capacity " + capacity + " is not positive");
        }
        this.seen = new Bounded(capacity);
    }

    /**
     * Remember a nonce.
     *
     * @return true if it was new, false if it was seen recently.
     */
    synchronized boolean add(final byte[] nonce)
    {
        final ByteBuffer bytes = ByteBuffer.wrap(nonce).order(ByteOrder.LITTLE_ENDIAN);
        return seen.put(new Nonce(bytes.getLong(0), bytes.getLong(8)), Boolean.TRUE) == null;
    }

    synchronized int size()
    {
        return seen.size();
    }

    private record Nonce(long low, long high)
    {
    }

    private static final class Bounded extends LinkedHashMap<Nonce, Boolean>
    {
        private static final long serialVersionUID = 1L;

        private final int capacity;

        Bounded(final int capacity)
        {
            super(16, 0.75f, false);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(final Map.Entry<Nonce, Boolean> eldest)
        {
            return size() > capacity;
        }
    }
}
