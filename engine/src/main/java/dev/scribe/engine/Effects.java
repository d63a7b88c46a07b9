package dev.scribe.engine;

import dev.scribe.codecs.payload.RecordCodec;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Records as bytes with their record codecs, made once per class: effect requests, saga data, and the fixtures'
 * expected commands.
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

    /** A record from its bytes. */
    static Record decode(final Class<?> type, final byte[] bytes)
    {
        return codec(type).decode(new UnsafeBuffer(bytes), 0, bytes.length);
    }
}
