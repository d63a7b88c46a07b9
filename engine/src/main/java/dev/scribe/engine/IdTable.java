package dev.scribe.engine;

import dev.scribe.codecs.Utf8;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Aggregates by id, in one flat open-addressing table keyed by the id's UTF-8 bytes: an id is found from a
 * {@code String} (a command's) or from bytes in place (a journal record's, in replay) without allocating. A probe
 * reads one {@code long} slot holding 32 bits of the id's hash and the aggregate's handle, so ids whose hashes differ
 * are never compared; a match is confirmed against the first sixteen bytes of the id held in the entry itself
 * ({@link AggregateEntry#key0}), so that a lookup touches the slot, the handle's entry and nothing else for ids of up
 * to sixteen bytes. The hash mixes all of the id's bytes eight at a time with a multiply-xorshift finaliser, so ids
 * that differ only in their last characters ({@code acc-000001}, {@code acc-000002}) land in unrelated slots and
 * linear probing does not cluster them. Handles are dense (0, 1, 2, ... in the order ids were added) and a slot's
 * entry is found through its handle, so aggregates used in the order they were made (a replay of accounts opened in
 * turn) are read in the order they lie in memory; nothing is ever removed but by {@link #clear}. Single-threaded.
 */
final class IdTable
{
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;
    private static final long EMPTY = 0;
    private static final int INITIAL_CAPACITY = 1 << 10;
    private static final int INLINE_BYTES = 2 * Long.BYTES;
    /** What {@link #hashAscii} returns for an id that is not all ASCII; no ASCII id hashes to it. */
    static final long NOT_ASCII = Long.MIN_VALUE;

    private long[] slots = new long[INITIAL_CAPACITY];
    private int mask = INITIAL_CAPACITY - 1;
    private AggregateEntry[] byHandle = new AggregateEntry[INITIAL_CAPACITY / 2];
    private int size;
    /** The first two words of the id last hashed, as {@link AggregateEntry#key0} and {@code key1} hold them. */
    private long word0;
    private long word1;
    /** The UTF-8 bytes of a {@code String} id with characters outside ASCII, to hash and compare. */
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[64]);

    int size()
    {
        return size;
    }

    AggregateEntry entry(final int handle)
    {
        return byHandle[handle];
    }

    /** The aggregate with an id, or null. */
    AggregateEntry find(final String id)
    {
        final long hash = hashAscii(id);
        if (hash == NOT_ASCII)
        {
            final int length = utf8(id);
            // an id with an unpaired surrogate has no UTF-8 form, so no record holds it and no entry has it
            return length < 0 ? null : find(scratch, 0, length);
        }
        final int length = id.length();
        for (int i = (int)hash & mask; ; i = (i + 1) & mask)
        {
            final long slot = slots[i];
            if (slot == EMPTY)
            {
                return null;
            }
            if ((int)(slot >>> 32) == (int)(hash >>> 32))
            {
                final AggregateEntry entry = byHandle[(int)slot - 1];
                if (entry.keyLength == length && entry.key0 == word0 && entry.key1 == word1 &&
                    (length <= INLINE_BYTES || restEqualsAscii(entry.key, id)))
                {
                    return entry;
                }
            }
        }
    }

    /** The aggregate whose id is a run of UTF-8 bytes, or null; allocates nothing. */
    AggregateEntry find(final DirectBuffer buffer, final int offset, final int length)
    {
        return probe(hash(buffer, offset, length), buffer, offset, length);
    }

    /** The entry for bytes whose hash (and so {@link #word0} and {@link #word1}) was just computed, or null. */
    private AggregateEntry probe(final long hash, final DirectBuffer buffer, final int offset, final int length)
    {
        for (int i = (int)hash & mask; ; i = (i + 1) & mask)
        {
            final long slot = slots[i];
            if (slot == EMPTY)
            {
                return null;
            }
            if ((int)(slot >>> 32) == (int)(hash >>> 32))
            {
                final AggregateEntry entry = byHandle[(int)slot - 1];
                if (entry.keyLength == length && entry.key0 == word0 && entry.key1 == word1 &&
                    (length <= INLINE_BYTES || restEqualsBytes(entry.key, buffer, offset)))
                {
                    return entry;
                }
            }
        }
    }

    /**
     * Add an aggregate unless the table holds its id already, setting its key; returns the entry the table holds
     * for the id, the one given if it was added.
     */
    AggregateEntry add(final AggregateEntry entry)
    {
        final byte[] key = new byte[(int)Utf8.encodedLength(entry.id)];
        final UnsafeBuffer keyBuffer = new UnsafeBuffer(key);
        Utf8.encode(entry.id, keyBuffer, 0);
        final long hash = hash(keyBuffer, 0, key.length);
        final AggregateEntry existing = probe(hash, keyBuffer, 0, key.length);
        if (null != existing)
        {
            return existing;
        }
        entry.key = key;
        entry.keyLength = key.length;
        entry.key0 = word0;
        entry.key1 = word1;
        entry.keyHash = hash;
        if (2 * (size + 1) > slots.length)
        {
            grow();
        }
        final int handle = size++;
        if (handle == byHandle.length)
        {
            byHandle = Arrays.copyOf(byHandle, 2 * handle);
        }
        byHandle[handle] = entry;
        place(hash, handle);
        return entry;
    }

    void clear()
    {
        Arrays.fill(slots, EMPTY);
        Arrays.fill(byHandle, 0, size, null);
        size = 0;
    }

    private void place(final long hash, final int handle)
    {
        int i = (int)hash & mask;
        while (slots[i] != EMPTY)
        {
            i = (i + 1) & mask;
        }
        slots[i] = (hash & 0xFFFF_FFFF_0000_0000L) | (handle + 1L);
    }

    private void grow()
    {
        final long[] old = slots;
        slots = new long[old.length * 2];
        mask = slots.length - 1;
        for (final long slot : old)
        {
            if (slot != EMPTY)
            {
                final int handle = (int)slot - 1;
                place(byHandle[handle].keyHash, handle);
            }
        }
    }

    private int utf8(final String id)
    {
        final int length = (int)Utf8.encodedLength(id);
        if (length < 0)
        {
            return length;
        }
        if (scratch.capacity() < length)
        {
            scratch.wrap(new byte[Math.max(length, 2 * scratch.capacity())]);
        }
        Utf8.encode(id, scratch, 0);
        return length;
    }

    /**
     * The hash of an ASCII id's bytes, read from its characters in one pass; the same as {@link #hash} of the bytes.
     * {@link #NOT_ASCII} for an id with other characters (which then has to be encoded first).
     */
    long hashAscii(final String id)
    {
        final int length = id.length();
        long hash = length;
        word0 = 0;
        word1 = 0;
        int seen = 0;
        for (int i = 0; i < length; i += Long.BYTES)
        {
            long word = 0;
            for (int b = Math.min(length, i + Long.BYTES) - 1; b >= i; b--)
            {
                final char c = id.charAt(b);
                seen |= c;
                word = (word << 8) | c;
            }
            remember(i, word);
            hash = mix(hash, word);
        }
        final long finished = finish(hash);
        return seen >= 0x80 ? NOT_ASCII : finished;
    }

    /** The hash of a run of bytes, read eight at a time. */
    long hash(final DirectBuffer buffer, final int offset, final int length)
    {
        long hash = length;
        word0 = 0;
        word1 = 0;
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES)
        {
            final long word = buffer.getLong(offset + i, ByteOrder.LITTLE_ENDIAN);
            remember(i, word);
            hash = mix(hash, word);
        }
        if (i < length)
        {
            long word = 0;
            for (int b = length - 1; b >= i; b--)
            {
                word = (word << 8) | (buffer.getByte(offset + b) & 0xFF);
            }
            remember(i, word);
            hash = mix(hash, word);
        }
        return finish(hash);
    }

    private void remember(final int at, final long word)
    {
        if (at == 0)
        {
            word0 = word;
        }
        else if (at == Long.BYTES)
        {
            word1 = word;
        }
    }

    private static long mix(final long hash, final long word)
    {
        final long h = (hash ^ word) * MULTIPLIER;
        return h ^ (h >>> 29);
    }

    private static long finish(final long hash)
    {
        long h = hash;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h == NOT_ASCII ? NOT_ASCII + 1 : h;
    }

    private static boolean restEqualsAscii(final byte[] key, final String id)
    {
        for (int i = INLINE_BYTES; i < key.length; i++)
        {
            if (key[i] != id.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    private static boolean restEqualsBytes(final byte[] key, final DirectBuffer buffer, final int offset)
    {
        for (int i = INLINE_BYTES; i < key.length; i++)
        {
            if (key[i] != buffer.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }
}
