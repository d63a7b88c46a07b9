package dev.scribe.engine;

import dev.scribe.codecs.CodecException;
import dev.scribe.codecs.payload.PayloadCodec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The snapshot codec of the engine's {@link Timers}: the last id given, the count, then each pending timer as its id,
 * due time, command type (length-prefixed UTF-8), command bytes (length-prefixed), idempotency key and saga to reply
 * to (length-prefixed UTF-8, length -1 for null). Decoding checks every length
 * against the bytes it was given.
 */
final class TimersCodec implements PayloadCodec<Aggregate>
{
    /** Layout version of the encoding. */
    static final int VERSION = 1;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int TIMER_FIXED_BYTES = 2 * Long.BYTES + 4 * Integer.BYTES;

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Class<Aggregate> type()
    {
        return (Class)Timers.class;
    }

    @Override
    public int typeId()
    {
        return 0;
    }

    @Override
    public int version()
    {
        return VERSION;
    }

    @Override
    public int encode(final Aggregate value, final MutableDirectBuffer buffer, final int offset)
    {
        final Timers timers = (Timers)value;
        buffer.checkLimit(offset + Long.BYTES + Integer.BYTES);
        buffer.putLong(offset, timers.lastId(), ORDER);
        buffer.putInt(offset + Long.BYTES, timers.pending().size(), ORDER);
        final int[] at = {offset + Long.BYTES + Integer.BYTES};
        timers.pending().forEach((id, dueNs, timer) ->
        {
            final byte[] type = timer.commandType().getBytes(StandardCharsets.UTF_8);
            final byte[] command = timer.command();
            final byte[] key = utf8(timer.key());
            final byte[] replyTo = utf8(timer.replyTo());
            int position = at[0];
            buffer.checkLimit(position + TIMER_FIXED_BYTES + type.length + command.length + key.length +
                replyTo.length);
            buffer.putLong(position, id, ORDER);
            buffer.putLong(position + Long.BYTES, dueNs, ORDER);
            position += 2 * Long.BYTES;
            buffer.putInt(position, type.length, ORDER);
            buffer.putBytes(position + Integer.BYTES, type);
            position += Integer.BYTES + type.length;
            buffer.putInt(position, command.length, ORDER);
            buffer.putBytes(position + Integer.BYTES, command);
            position += Integer.BYTES + command.length;
            position = putNullable(buffer, position, timer.key(), key);
            at[0] = putNullable(buffer, position, timer.replyTo(), replyTo);
        });
        return at[0] - offset;
    }

    @Override
    public Aggregate decode(final DirectBuffer buffer, final int offset, final int length)
    {
        final int end = offset + length;
        final Timers timers = new Timers();
        int position = offset;
        need(position, Long.BYTES + Integer.BYTES, end);
        timers.lastId(buffer.getLong(position, ORDER));
        final int count = buffer.getInt(position + Long.BYTES, ORDER);
        position += Long.BYTES + Integer.BYTES;
        if (count < 0 || count > (end - position) / TIMER_FIXED_BYTES)
        {
            throw new CodecException("timers", position, "timer count " + count + " does not fit the " +
                (end - position) + " bytes left");
        }
        for (int i = 0; i < count; i++)
        {
            need(position, TIMER_FIXED_BYTES, end);
            final long id = buffer.getLong(position, ORDER);
            final long dueNs = buffer.getLong(position + Long.BYTES, ORDER);
            position += 2 * Long.BYTES;
            final byte[] type = bytes(buffer, position, end);
            position += Integer.BYTES + type.length;
            final byte[] command = bytes(buffer, position, end);
            position += Integer.BYTES + command.length;
            final byte[] key = nullable(buffer, position, end);
            position += Integer.BYTES + (null == key ? 0 : key.length);
            final byte[] replyTo = nullable(buffer, position, end);
            position += Integer.BYTES + (null == replyTo ? 0 : replyTo.length);
            if (id <= 0 || id > timers.lastId() || timers.pending().contains(id))
            {
                throw new CodecException("timers", position, "timer id " + id + " is not between 1 and the last " +
                    "id given, " + timers.lastId() + ", or is there twice");
            }
            timers.apply(new TimerScheduled(id, dueNs, new String(type, StandardCharsets.UTF_8), command,
                text(key), text(replyTo)));
        }
        if (position != end)
        {
            throw new CodecException("timers", position, (end - position) + " bytes follow the last timer");
        }
        return timers;
    }

    private static byte[] utf8(final String value)
    {
        return null == value ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
    }

    /** A nullable string: its UTF-8 length, -1 for null, then its bytes. */
    private static int putNullable(final MutableDirectBuffer buffer, final int position, final String value,
        final byte[] bytes)
    {
        buffer.putInt(position, null == value ? -1 : bytes.length, ORDER);
        buffer.putBytes(position + Integer.BYTES, bytes);
        return position + Integer.BYTES + bytes.length;
    }

    /** A nullable string's bytes as written, or null. */
    private static byte[] nullable(final DirectBuffer buffer, final int position, final int end)
    {
        need(position, Integer.BYTES, end);
        return buffer.getInt(position, ORDER) == -1 ? null : bytes(buffer, position, end);
    }

    private static String text(final byte[] bytes)
    {
        return null == bytes ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(final DirectBuffer buffer, final int position, final int end)
    {
        need(position, Integer.BYTES, end);
        final int length = buffer.getInt(position, ORDER);
        if (length < 0 || length > end - position - Integer.BYTES)
        {
            throw new CodecException("timers", position, "length " + length + " does not fit the " +
                (end - position - Integer.BYTES) + " bytes left");
        }
        final byte[] bytes = new byte[length];
        buffer.getBytes(position + Integer.BYTES, bytes);
        return bytes;
    }

    private static void need(final int position, final int bytes, final int end)
    {
        if (bytes > end - position)
        {
            throw new CodecException("timers", position, bytes + " bytes needed, " + (end - position) + " left");
        }
    }
}
