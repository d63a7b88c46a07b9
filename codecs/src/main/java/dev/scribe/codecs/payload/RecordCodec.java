package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The built-in codec for plain Java records.
 *
 * @param <T> the record type.
 */
public final class RecordCodec<T extends Record> implements PayloadCodec<T>
{
    private final Class<T> type;
    private final int typeId;
    private final int version;

    private RecordCodec(final Class<T> type, final int typeId, final int version)
    {
        this.type = type;
        this.typeId = typeId;
        this.version = version;
    }

    /**
     * The codec for a record type.
     *
     * @param type    the record class.
     * @param typeId  its stable type id.
     * @param version its schema version.
     * @param <T>     the record type.
     * @return the codec.
     */
    public static <T extends Record> RecordCodec<T> of(final Class<T> type, final int typeId, final int version)
    {
        return new RecordCodec<>(type, typeId, version);
    }

    @Override
    public Class<T> type()
    {
        return type;
    }

    @Override
    public int typeId()
    {
        return typeId;
    }

    @Override
    public int version()
    {
        return version;
    }

    @Override
    public int encode(final T value, final MutableDirectBuffer buffer, final int offset)
    {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public T decode(final DirectBuffer buffer, final int offset, final int length)
    {
        throw new UnsupportedOperationException("not yet");
    }
}
