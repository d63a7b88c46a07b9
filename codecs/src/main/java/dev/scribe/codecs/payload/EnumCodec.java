package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Enum values by name, so reordering or adding constants keeps old bytes readable: int32 length of the UTF-8 name
 * (-1 for null), then the name. Decoding looks the name bytes up in a table of the constants' precomputed names
 * without creating a String.
 */
final class EnumCodec extends FieldCodec
{
    private static final int MAX_NAME_IN_MESSAGE = 64;

    private final Class<?> enumType;
    private final byte[][] namesByOrdinal;
    private final Enum<?>[] slots;
    private final byte[][] slotNames;
    private final int mask;

    EnumCodec(final String path, final Class<?> enumType)
    {
        super(path);
        this.enumType = enumType;
        final Object[] constants = enumType.getEnumConstants();
        namesByOrdinal = new byte[constants.length][];
        final int capacity = Integer.highestOneBit(Math.max(1, constants.length) * 2) * 2;
        slots = new Enum<?>[capacity];
        slotNames = new byte[capacity][];
        mask = capacity - 1;
        for (final Object constant : constants)
        {
            final Enum<?> value = (Enum<?>)constant;
            final byte[] name = value.name().getBytes(StandardCharsets.UTF_8);
            namesByOrdinal[value.ordinal()] = name;
            int slot = hash(name, name.length) & mask;
            while (null != slots[slot])
            {
                slot = (slot + 1) & mask;
            }
            slots[slot] = value;
            slotNames[slot] = name;
        }
    }

    @Override
    int minLength()
    {
        return Integer.BYTES;
    }

    @Override
    int encode(final Object value, final MutableDirectBuffer buffer, final int offset)
    {
        if (null == value)
        {
            return Wire.putNullLength(buffer, offset, path());
        }
        if (!enumType.isInstance(value))
        {
            throw FieldException.wrongType(path(), offset, enumType, value);
        }
        final byte[] name = namesByOrdinal[((Enum<?>)value).ordinal()];
        Wire.ensure(buffer, offset, Integer.BYTES + name.length, path());
        buffer.putInt(offset, name.length, Wire.ORDER);
        buffer.putBytes(offset + Integer.BYTES, name);
        return offset + Integer.BYTES + name.length;
    }

    @Override
    Object decode(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        final int start = cursor.position();
        final int length = cursor.lengthPrefix(buffer, path());
        if (Wire.NULL_LENGTH == length)
        {
            return null;
        }
        final byte[] bytes = cursor.scratch(length);
        buffer.getBytes(cursor.claim(length, path()), bytes, 0, length);
        int slot = hash(bytes, length) & mask;
        while (null != slots[slot])
        {
            final byte[] name = slotNames[slot];
            if (Arrays.equals(name, 0, name.length, bytes, 0, length))
            {
                return slots[slot];
            }
            slot = (slot + 1) & mask;
        }
        throw new FieldException(path(), start, "unknown constant of " + enumType.getName() + ": '" +
            new String(bytes, 0, Math.min(length, MAX_NAME_IN_MESSAGE), StandardCharsets.UTF_8) + "'");
    }

    private static int hash(final byte[] bytes, final int length)
    {
        int hash = length;
        for (int i = 0; i < length; i++)
        {
            hash = 31 * hash + bytes[i];
        }
        return hash ^ (hash >>> 16);
    }
}
