package dev.scribe.engine;

import java.nio.charset.StandardCharsets;

/**
 * A deterministic 64-bit hash of state: the same values fed in the same order give the same hash in any JVM, on any
 * machine. Each 64-bit word is mixed in with the 64-bit finaliser of MurmurHash3 over the running value; strings
 * are hashed as their UTF-8 bytes with their length, so no two different sequences of puts coincide by framing.
 */
public final class StateHasher
{
    private static final long SEED = 0x5C81BE5C81BEL;

    private long hash = SEED;

    /**
     * Mix in a long.
     *
     * @param value to mix in.
     * @return this hasher.
     */
    public StateHasher putLong(final long value)
    {
        hash = mix(hash * 31 + value);
        return this;
    }

    /**
     * Mix in an int.
     *
     * @param value to mix in.
     * @return this hasher.
     */
    public StateHasher putInt(final int value)
    {
        return putLong(value);
    }

    /**
     * Mix in a boolean.
     *
     * @param value to mix in.
     * @return this hasher.
     */
    public StateHasher putBoolean(final boolean value)
    {
        return putLong(value ? 1 : 0);
    }

    /**
     * Mix in a double by its bits.
     *
     * @param value to mix in.
     * @return this hasher.
     */
    public StateHasher putDouble(final double value)
    {
        return putLong(Double.doubleToLongBits(value));
    }

    /**
     * Mix in a string (null differs from empty).
     *
     * @param value to mix in.
     * @return this hasher.
     */
    public StateHasher putString(final String value)
    {
        if (null == value)
        {
            return putLong(-1);
        }
        return putBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Mix in bytes with their length.
     *
     * @param bytes to mix in.
     * @return this hasher.
     */
    public StateHasher putBytes(final byte[] bytes)
    {
        putLong(bytes.length);
        long word = 0;
        for (int i = 0; i < bytes.length; i++)
        {
            word = (word << 8) | (bytes[i] & 0xFF);
            if ((i & 7) == 7)
            {
                putLong(word);
                word = 0;
            }
        }
        return putLong(word);
    }

    /**
     * The hash so far.
     *
     * @return the 64-bit hash.
     */
    public long hash()
    {
        return hash;
    }

    static long mix(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
