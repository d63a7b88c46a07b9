package dev.scribe.engine;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The {@code String}s of aggregate ids read from journal records: a reader handing out one {@code String} per event
 * reuses the one it made for the same id's bytes instead of copying and decoding them again. An open-addressing table
 * (linear probing, at most half full) keyed by a hash of the id's first and last eight bytes and its length; a slot
 * holds those, the id's bytes and its {@code String}. Those two words cover every byte of an id of up to sixteen
 * bytes, so a hit on such an id is confirmed by comparing them alone; a longer id's bytes are compared too. The table
 * grows with the ids it meets up to {@link #MAX_SLOTS}; full at that size, it starts again empty, so a journal of
 * more aggregates than that costs a new {@code String} per event at worst, as it would without the table.
 * Single-threaded.
 */
final class AggregateIds
{
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;
    private static final int INITIAL_SLOTS = 1 << 10;
    static final int MAX_SLOTS = 1 << 17;
    private static final int MAX_CACHED_LENGTH = 64;
    private static final int COVERED_LENGTH = 2 * Long.BYTES;

    private long[] firstWords = new long[INITIAL_SLOTS];
    private long[] lastWords = new long[INITIAL_SLOTS];
    private int[] lengths = new int[INITIAL_SLOTS];
    private byte[][] bytes = new byte[INITIAL_SLOTS][];
    private String[] ids = new String[INITIAL_SLOTS];
    private int mask = INITIAL_SLOTS - 1;
    private int size;

    /**
     * The id whose UTF-8 bytes are at an offset of a buffer.
     *
     * @param buffer holding the bytes.
     * @param offset of the first byte.
     * @param length of the id in bytes.
     * @return the id, as decoded from the bytes.
     */
    String id(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length > MAX_CACHED_LENGTH || 0 == length)
        {
            return buffer.getStringWithoutLengthUtf8(offset, length);
        }
        final long first;
        final long last;
        if (length >= Long.BYTES)
        {
            first = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
            last = buffer.getLong(offset + length - Long.BYTES, ByteOrder.LITTLE_ENDIAN);
        }
        else
        {
            long word = 0;
            for (int b = length - 1; b >= 0; b--)
            {
                word = (word << 8) | (buffer.getByte(offset + b) & 0xFF);
            }
            first = word;
            last = 0;
        }
        int slot = slotOf(first, last, length);
        while (0 != lengths[slot])
        {
            if (lengths[slot] == length && firstWords[slot] == first && lastWords[slot] == last &&
                (length <= COVERED_LENGTH || same(bytes[slot], buffer, offset, length)))
            {
                return ids[slot];
            }
            slot = (slot + 1) & mask;
        }
        final byte[] copy = new byte[length];
        for (int i = 0; i < length; i++)
        {
            copy[i] = buffer.getByte(offset + i);
        }
        final String id = new String(copy, StandardCharsets.UTF_8);
        if (2 * (size + 1) > mask + 1)
        {
            makeRoom();
            slot = slotOf(first, last, length);
            while (0 != lengths[slot])
            {
                slot = (slot + 1) & mask;
            }
        }
        put(slot, first, last, copy, id);
        return id;
    }

    private int slotOf(final long first, final long last, final int length)
    {
        long hash = (first * MULTIPLIER ^ last ^ length) * MULTIPLIER;
        hash ^= hash >>> 29;
        return (int)(hash * MULTIPLIER >>> 40) & mask;
    }

    private void put(final int slot, final long first, final long last, final byte[] idBytes, final String id)
    {
        lengths[slot] = idBytes.length;
        firstWords[slot] = first;
        lastWords[slot] = last;
        bytes[slot] = idBytes;
        ids[slot] = id;
        size++;
    }

    /** Twice the slots, the ids held moved over; at the largest size, empty slots instead. */
    private void makeRoom()
    {
        final int slots = mask + 1 == MAX_SLOTS ? MAX_SLOTS : 2 * (mask + 1);
        final long[] oldFirst = firstWords;
        final long[] oldLast = lastWords;
        final int[] oldLengths = lengths;
        final byte[][] oldBytes = bytes;
        final String[] oldIds = ids;
        firstWords = new long[slots];
        lastWords = new long[slots];
        lengths = new int[slots];
        bytes = new byte[slots][];
        ids = new String[slots];
        mask = slots - 1;
        size = 0;
        if (oldLengths.length == slots)
        {
            return;
        }
        for (int i = 0; i < oldLengths.length; i++)
        {
            if (0 != oldLengths[i])
            {
                int slot = slotOf(oldFirst[i], oldLast[i], oldLengths[i]);
                while (0 != lengths[slot])
                {
                    slot = (slot + 1) & mask;
                }
                put(slot, oldFirst[i], oldLast[i], oldBytes[i], oldIds[i]);
            }
        }
    }

    private static boolean same(final byte[] held, final DirectBuffer buffer, final int offset, final int length)
    {
        for (int i = Long.BYTES; i < length - Long.BYTES; i++)
        {
            if (held[i] != buffer.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }
}
