package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code Map} values: int32 entry count (-1 for null), then each key followed by its value, in the map's iteration
 * order. Decodes to a mutable {@link LinkedHashMap} in the same order; a repeated key is rejected.
 */
final class MapCodec extends FieldCodec
{
    private static final int MAX_INITIAL_CAPACITY = 1 << 30;

    private final FieldCodec key;
    private final FieldCodec value;

    MapCodec(final String path, final FieldCodec key, final FieldCodec value)
    {
        super(path);
        this.key = key;
        this.value = value;
    }

    /**
     * Path of the keys, given to the key codec.
     */
    static String keyPath(final String mapPath)
    {
        return mapPath + "[].key";
    }

    /**
     * Path of the values, given to the value codec.
     */
    static String valuePath(final String mapPath)
    {
        return mapPath + "[].value";
    }

    @Override
    int minLength()
    {
        return Integer.BYTES;
    }

    @Override
    int encode(final Object object, final MutableDirectBuffer buffer, final int offset)
    {
        if (null == object)
        {
            return Wire.putNullLength(buffer, offset, path());
        }
        if (!(object instanceof Map))
        {
            throw FieldException.wrongType(path(), offset, Map.class, object);
        }
        final Map<?, ?> map = (Map<?, ?>)object;
        final int size = map.size();
        Wire.ensure(buffer, offset, Integer.BYTES, path());
        buffer.putInt(offset, size, Wire.ORDER);
        int position = offset + Integer.BYTES;
        int i = 0;
        for (final Map.Entry<?, ?> entry : map.entrySet())
        {
            if (i == size)
            {
                break;
            }
            try
            {
                position = key.encode(entry.getKey(), buffer, position);
                position = value.encode(entry.getValue(), buffer, position);
            }
            catch (final FieldException ex)
            {
                throw ex.atIndex(path(), i);
            }
            i++;
        }
        if (i != size)
        {
            throw new FieldException(path(), offset, "map changed size while being encoded");
        }
        return position;
    }

    @Override
    Object decode(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        final int count = cursor.count(buffer, path(), key.minLength() + value.minLength());
        if (Wire.NULL_LENGTH == count)
        {
            return null;
        }
        final Map<Object, Object> map = new LinkedHashMap<>(
            (int)Math.min(MAX_INITIAL_CAPACITY, count * 4L / 3 + 1));
        for (int i = 0; i < count; i++)
        {
            final int keyAt = cursor.position();
            try
            {
                put(map, key.decode(buffer, cursor), value.decode(buffer, cursor), keyAt);
            }
            catch (final FieldException ex)
            {
                throw ex.atIndex(path(), i);
            }
            if (map.size() != i + 1)
            {
                throw new FieldException(keyPath(path()), keyAt, "repeated key").atIndex(path(), i);
            }
        }
        return map;
    }

    private void put(final Map<Object, Object> map, final Object key, final Object value, final int keyAt)
    {
        try
        {
            map.put(key, value);
        }
        catch (final Throwable t)
        {
            // A key's own hashCode or equals failed: only possible for application records used as keys.
            throw FieldException.failure(keyPath(path()), keyAt, "key could not be hashed", t);
        }
    }
}
