package dev.scribe.engine;


import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.function.BiConsumer;

/**
 * The idempotency keys of accepted commands and their outcomes, the newest {@code capacity} of them: when a key
 * beyond that is remembered, the oldest is forgotten, and a resend under a forgotten key is decided afresh. Filled
 * from the journal on launch in journal order, so the same keys are remembered after a restart. Used by one thread
 * at a time (the launching thread while replaying, then the business-logic thread).
 */
final class IdempotencyKeys
{
    /** Outcome of an accepted command remembered under its key. */
    record Remembered(long position, long version)
    {
    }

    private final int capacity;
    // java.util.HashMap: sequential keys have consecutive String hashes, which linear probing clusters
    private final HashMap<String, Remembered> byKey = new HashMap<>();
    private final ArrayDeque<String> oldestFirst = new ArrayDeque<>();

    IdempotencyKeys(final int capacity)
    {
        this.capacity = capacity;
    }

    Remembered get(final String key)
    {
        return byKey.get(key);
    }

    void remember(final String key, final long position, final long version)
    {
        if (null == byKey.put(key, new Remembered(position, version)))
        {
            oldestFirst.addLast(key);
            if (oldestFirst.size() > capacity)
            {
                byKey.remove(oldestFirst.removeFirst());
            }
        }
    }

    int size()
    {
        return byKey.size();
    }

    /** Every remembered key, oldest first, with its outcome. */
    void forEachOldestFirst(final BiConsumer<String, Remembered> consumer)
    {
        for (final String key : oldestFirst)
        {
            consumer.accept(key, byKey.get(key));
        }
    }

    void clear()
    {
        byKey.clear();
        oldestFirst.clear();
    }
}
