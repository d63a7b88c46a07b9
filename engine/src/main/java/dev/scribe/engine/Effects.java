package dev.scribe.engine;

import dev.scribe.codecs.payload.RecordCodec;
import org.agrona.ExpandableArrayBuffer;

/**
 * Encodes effect requests with their record codecs, made once per request class.
 */
final class Effects
{
    private static final ClassValue<RecordCodec<Record>> CODECS = new ClassValue<>()
    {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        protected RecordCodec<Record> computeValue(final Class<?> type)
        {
            return RecordCodec.of((Class)type, 0, 1);
        }
    };

    private Effects()
    {
    }

    /** The record codec of a request class. */
    static RecordCodec<Record> codec(final Class<?> type)
    {
        return CODECS.get(type);
    }

    /** A request's bytes. */
    static byte[] encode(final Record request)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final int length = codec(request.getClass()).encode(request, buffer, 0);
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
