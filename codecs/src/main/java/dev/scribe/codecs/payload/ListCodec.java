package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * {@code List} values: int32 element count (-1 for null), then each element. Decodes to a mutable
 * {@link ArrayList}, which may hold nulls.
 */
final class ListCodec extends FieldCodec
{
    private final FieldCodec element;

    ListCodec(final String path, final FieldCodec element)
    {
        super(path);
        this.element = element;
    }

    /**
     * Path of the elements, given to the element codec.
     */
    static String elementPath(final String listPath)
    {
        return listPath + "[]";
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
        if (!(value instanceof List))
        {
            throw FieldException.wrongType(path(), offset, List.class, value);
        }
        final List<?> list = (List<?>)value;
        final int size = list.size();
        Wire.ensure(buffer, offset, Integer.BYTES, path());
        buffer.putInt(offset, size, Wire.ORDER);
        return list instanceof RandomAccess ?
            encodeIndexed(list, size, buffer, offset + Integer.BYTES) :
            encodeIterated(list, size, buffer, offset + Integer.BYTES);
    }

    private int encodeIndexed(final List<?> list, final int size, final MutableDirectBuffer buffer, final int offset)
    {
        int position = offset;
        for (int i = 0; i < size; i++)
        {
            try
            {
                position = element.encode(list.get(i), buffer, position);
            }
            catch (final FieldException ex)
            {
                throw ex.atIndex(path(), i);
            }
        }
        return position;
    }

    private int encodeIterated(final List<?> list, final int size, final MutableDirectBuffer buffer, final int offset)
    {
        int position = offset;
        int i = 0;
        for (final Object item : list)
        {
            if (i == size)
            {
                break;
            }
            try
            {
                position = element.encode(item, buffer, position);
            }
            catch (final FieldException ex)
            {
                throw ex.atIndex(path(), i);
            }
            i++;
        }
        if (i != size)
        {
            throw new FieldException(path(), offset, "list changed size while being encoded");
        }
        return position;
    }

    @Override
    Object decode(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        final int count = cursor.count(buffer, path(), element.minLength());
        if (Wire.NULL_LENGTH == count)
        {
            return null;
        }
        final ArrayList<Object> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            try
            {
                list.add(element.decode(buffer, cursor));
            }
            catch (final FieldException ex)
            {
                throw ex.atIndex(path(), i);
            }
        }
        return list;
    }
}
