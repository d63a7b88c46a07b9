package dev.scribe.codecs.journal;

import dev.scribe.codecs.CodecException;
import dev.scribe.codecs.Utf8;
import dev.scribe.codecs.payload.PayloadCodec;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;

import static dev.scribe.codecs.journal.RecordLayout.AGGREGATE_BLOCK_LENGTH;
import static dev.scribe.codecs.journal.RecordLayout.BLOCK_LENGTH;
import static dev.scribe.codecs.journal.RecordLayout.CAUSATION_OFFSET;
import static dev.scribe.codecs.journal.RecordLayout.CORRELATION_OFFSET;
import static dev.scribe.codecs.journal.RecordLayout.CRC_OFFSET;
import static dev.scribe.codecs.journal.RecordLayout.EPOCH_OFFSET;
import static dev.scribe.codecs.journal.RecordLayout.EVENT_AGGREGATE_INDEX_OFFSET;
import static dev.scribe.codecs.journal.RecordLayout.EVENT_BLOCK_LENGTH;
import static dev.scribe.codecs.journal.RecordLayout.EVENT_TYPE_ID_OFFSET;
import static dev.scribe.codecs.journal.RecordLayout.EVENT_VERSION_OFFSET;
import static dev.scribe.codecs.journal.RecordLayout.FORMAT_VERSION;
import static dev.scribe.codecs.journal.RecordLayout.FORMAT_VERSION_OFFSET;
import static dev.scribe.codecs.journal.RecordLayout.GROUPS_OFFSET;
import static dev.scribe.codecs.journal.RecordLayout.GROUP_HEADER_LENGTH;
import static dev.scribe.codecs.journal.RecordLayout.PAYLOAD_LENGTH_LENGTH;
import static dev.scribe.codecs.journal.RecordLayout.SCHEMA_ID;
import static dev.scribe.codecs.journal.RecordLayout.SCHEMA_VERSION;
import static dev.scribe.codecs.journal.RecordLayout.STRING_LENGTH_LENGTH;
import static dev.scribe.codecs.journal.RecordLayout.TEMPLATE_ID;
import static dev.scribe.codecs.journal.RecordLayout.TIMESTAMP_OFFSET;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Builds one journal record (layout in {@link RecordLayout}) in a buffer it owns, then seals it with its CRC32C.
 *
 * <p>Steps, in this order: {@link #begin}, any number of {@link #aggregate}, any number of {@link #event},
 * optionally {@link #idempotencyKey}, then {@link #finish}. Event payloads are encoded straight into the record, so
 * writing a record allocates nothing once the buffer has grown to the largest record. One writer per thread.
 */
public final class RecordWriter
{
    /** Most UTF-8 bytes in an aggregate id or an idempotency key. */
    public static final int MAX_ID_BYTES = 1024;
    /** Bytes of an id {@link #aggregate(byte[], int, long, long, long)} writes from its two words. */
    public static final int INLINE_ID_BYTES = 2 * Long.BYTES;
    /** Most aggregates, and most events, in one record. */
    public static final int MAX_GROUP_COUNT = 0xFFFF;
    /** The message header's four little-endian shorts as one word: block length, template, schema, version. */
    private static final long HEADER_WORD = (BLOCK_LENGTH & 0xFFFFL) | (TEMPLATE_ID & 0xFFFFL) << 16 |
        (SCHEMA_ID & 0xFFFFL) << 32 | (SCHEMA_VERSION & 0xFFFFL) << 48;

    private enum Step
    {
        IDLE, AGGREGATES, EVENTS, KEY, FINISHED
    }

    private final ExpandableDirectByteBuffer buffer;
    private Step step = Step.IDLE;
    private int limit;
    private int eventsHeaderOffset;
    private int aggregateCount;
    private int eventCount;

    /**
     * A writer with a 4 KiB buffer that grows as records need.
     */
    public RecordWriter()
    {
        this(4096);
    }

    /**
     * A writer with a buffer of the given initial capacity.
     *
     * @param initialCapacity in bytes.
     */
    public RecordWriter(final int initialCapacity)
    {
        buffer = new ExpandableDirectByteBuffer(initialCapacity);
    }

    /**
     * Start a record, discarding any unfinished one.
     *
     * @param epoch         leadership epoch.
     * @param timestampNs   engine clock when the command was decided.
     * @param correlationId caller's correlation id.
     * @param causationId   id of what caused the command.
     * @return this writer.
     */
    public RecordWriter begin(
        final long epoch, final long timestampNs, final long correlationId, final long causationId)
    {
        // the message header in one word; the CRC's four bytes are left for finish, which skips them in the sum
        buffer.putLong(0, HEADER_WORD, LITTLE_ENDIAN);
        buffer.putShort(FORMAT_VERSION_OFFSET, (short)FORMAT_VERSION, LITTLE_ENDIAN);
        buffer.putLong(EPOCH_OFFSET, epoch, LITTLE_ENDIAN);
        buffer.putLong(TIMESTAMP_OFFSET, timestampNs, LITTLE_ENDIAN);
        buffer.putLong(CORRELATION_OFFSET, correlationId, LITTLE_ENDIAN);
        buffer.putLong(CAUSATION_OFFSET, causationId, LITTLE_ENDIAN);
        buffer.putInt(GROUPS_OFFSET, groupHeader(AGGREGATE_BLOCK_LENGTH, 0), LITTLE_ENDIAN);
        limit = GROUPS_OFFSET + GROUP_HEADER_LENGTH;
        aggregateCount = 0;
        eventCount = 0;
        step = Step.AGGREGATES;
        return this;
    }

    /**
     * Add an aggregate the record changes; the first is the command's target. Events refer to aggregates by the
     * order they were added in, from 0.
     *
     * @param aggregateId the aggregate's id, at most {@link #MAX_ID_BYTES} UTF-8 bytes.
     * @param version     the aggregate's version after this record.
     * @return this writer.
     */
    public RecordWriter aggregate(final CharSequence aggregateId, final long version)
    {
        checkStep(Step.AGGREGATES, "aggregate");
        if (null == aggregateId)
        {
            throw new CodecException("aggregateId", CodecException.NO_OFFSET, "must not be null");
        }
        if (aggregateCount == MAX_GROUP_COUNT)
        {
            throw new CodecException("aggregates", CodecException.NO_OFFSET, "more than " + MAX_GROUP_COUNT);
        }
        buffer.putLong(limit, version, LITTLE_ENDIAN);
        limit = putString(limit + AGGREGATE_BLOCK_LENGTH, aggregateId, "aggregateId");
        aggregateCount++;
        return this;
    }

    /**
     * Add an aggregate whose id is already UTF-8 encoded (an engine keeps its aggregates' ids so), copying the bytes.
     *
     * @param aggregateId the id's UTF-8 bytes, well formed.
     * @param length      how many of them.
     * @param version     the aggregate's version after this record's events.
     * @return this writer.
     * @throws CodecException if the id is longer than {@link #MAX_ID_BYTES} or there are too many aggregates.
     */
    public RecordWriter aggregate(final byte[] aggregateId, final int length, final long version)
    {
        checkStep(Step.AGGREGATES, "aggregate");
        if (length < 0 || length > MAX_ID_BYTES || length > aggregateId.length)
        {
            throw new CodecException("aggregateId", CodecException.NO_OFFSET, "length " + length + " is not 0 to " +
                Math.min(MAX_ID_BYTES, aggregateId.length));
        }
        if (aggregateCount == MAX_GROUP_COUNT)
        {
            throw new CodecException("aggregates", CodecException.NO_OFFSET, "more than " + MAX_GROUP_COUNT);
        }
        buffer.putLong(limit, version, LITTLE_ENDIAN);
        final int at = limit + AGGREGATE_BLOCK_LENGTH;
        buffer.putShort(at, (short)length, LITTLE_ENDIAN);
        buffer.putBytes(at + STRING_LENGTH_LENGTH, aggregateId, 0, length);
        limit = at + STRING_LENGTH_LENGTH + length;
        aggregateCount++;
        return this;
    }

    /**
     * Add an aggregate whose id is already UTF-8 encoded and whose first {@link #INLINE_ID_BYTES} bytes are also at
     * hand as two little-endian words, zero past the id's end: a short id is written from the words without reading
     * the array (an engine keeps its aggregates' ids so, and the array is a cache miss the words are not).
     *
     * @param aggregateId the id's UTF-8 bytes, well formed.
     * @param length      how many of them.
     * @param word0       the id's bytes 0 to 7, little-endian, zero past its end.
     * @param word1       the id's bytes 8 to 15, little-endian, zero past its end.
     * @param version     the aggregate's version after this record's events.
     * @return this writer.
     * @throws CodecException if the id is longer than {@link #MAX_ID_BYTES} or there are too many aggregates.
     */
    public RecordWriter aggregate(
        final byte[] aggregateId, final int length, final long word0, final long word1, final long version)
    {
        if (length > INLINE_ID_BYTES || length < 0)
        {
            return aggregate(aggregateId, length, version);
        }
        checkStep(Step.AGGREGATES, "aggregate");
        if (aggregateCount == MAX_GROUP_COUNT)
        {
            throw new CodecException("aggregates", CodecException.NO_OFFSET, "more than " + MAX_GROUP_COUNT);
        }
        buffer.putLong(limit, version, LITTLE_ENDIAN);
        final int at = limit + AGGREGATE_BLOCK_LENGTH;
        buffer.putShort(at, (short)length, LITTLE_ENDIAN);
        // sixteen bytes go in whatever the length; those past the id lie beyond the limit and are written over next
        buffer.putLong(at + STRING_LENGTH_LENGTH, word0, LITTLE_ENDIAN);
        buffer.putLong(at + STRING_LENGTH_LENGTH + Long.BYTES, word1, LITTLE_ENDIAN);
        limit = at + STRING_LENGTH_LENGTH + length;
        aggregateCount++;
        return this;
    }

    /**
     * Add an event whose payload is already encoded.
     *
     * @param aggregateIndex index of the aggregate the event belongs to.
     * @param eventTypeId    stable type id of the payload.
     * @param eventVersion   schema version of the payload, 0..65535.
     * @param payload        buffer holding the payload.
     * @param offset         where the payload starts.
     * @param length         payload length in bytes.
     * @return this writer.
     */
    public RecordWriter event(
        final int aggregateIndex,
        final int eventTypeId,
        final int eventVersion,
        final DirectBuffer payload,
        final int offset,
        final int length)
    {
        if (length < 0 || offset < 0 || (long)offset + length > payload.capacity())
        {
            throw new CodecException("payload", offset, "length " + length + " at offset " + offset +
                " is not inside the payload buffer of capacity " + payload.capacity());
        }
        final int payloadOffset = beginEvent(aggregateIndex, eventTypeId, eventVersion);
        buffer.putBytes(payloadOffset, payload, offset, length);
        return endEvent(payloadOffset, length);
    }

    /**
     * Add an event, encoding its payload with its codec straight into the record.
     *
     * @param aggregateIndex index of the aggregate the event belongs to.
     * @param codec          the payload's codec; gives the type id and version.
     * @param value          the event.
     * @param <T>            the event type.
     * @return this writer.
     */
    public <T> RecordWriter event(final int aggregateIndex, final PayloadCodec<T> codec, final T value)
    {
        final int payloadOffset = beginEvent(aggregateIndex, codec.typeId(), codec.version());
        final int length = codec.encode(value, buffer, payloadOffset);
        // a codec that wrote nothing may leave the buffer ending before its offset; the payload's length grows it
        if (length < 0 || length > 0 && length > buffer.capacity() - payloadOffset)
        {
            throw new CodecException("payload", payloadOffset, codec.type().getName() + " codec returned length " +
                length + ", which is not what it could have written");
        }
        return endEvent(payloadOffset, length);
    }

    /**
     * Set the command's idempotency key. Without one the record carries an empty key.
     *
     * @param key at most {@link #MAX_ID_BYTES} UTF-8 bytes; null or empty means none.
     * @return this writer.
     */
    public RecordWriter idempotencyKey(final CharSequence key)
    {
        closeEvents();
        checkStep(Step.KEY, "idempotencyKey");
        if (null == key || key.length() == 0)
        {
            buffer.putShort(limit, (short)0, LITTLE_ENDIAN); // no key: an empty string
            limit += STRING_LENGTH_LENGTH;
        }
        else
        {
            limit = putString(limit, key, "idempotencyKey");
        }
        step = Step.FINISHED;
        return this;
    }

    /**
     * Seal the record: close its groups and write its CRC32C.
     *
     * @return the record's length in bytes, starting at offset 0 of {@link #buffer()}.
     */
    public int finish()
    {
        if (step != Step.FINISHED)
        {
            idempotencyKey(null);
        }
        buffer.putInt(CRC_OFFSET, Crc32c.compute(buffer, 0, limit, CRC_OFFSET), LITTLE_ENDIAN);
        step = Step.IDLE;
        return limit;
    }

    /**
     * The buffer the record is built in, from offset 0.
     *
     * @return the buffer; valid until the next {@link #begin}.
     */
    public ExpandableDirectByteBuffer buffer()
    {
        return buffer;
    }

    /**
     * Length of the record so far, or of the last finished record.
     *
     * @return bytes from offset 0.
     */
    public int length()
    {
        return limit;
    }

    private int beginEvent(final int aggregateIndex, final int eventTypeId, final int eventVersion)
    {
        openEvents();
        checkStep(Step.EVENTS, "event");
        if (eventCount == MAX_GROUP_COUNT)
        {
            throw new CodecException("events", CodecException.NO_OFFSET, "more than " + MAX_GROUP_COUNT);
        }
        if (aggregateIndex < 0 || aggregateIndex >= aggregateCount)
        {
            throw new CodecException("aggregateIndex", CodecException.NO_OFFSET,
                aggregateIndex + " is not one of the " + aggregateCount + " aggregates added");
        }
        if (eventVersion < 0 || eventVersion > 0xFFFF)
        {
            throw new CodecException("eventVersion", CodecException.NO_OFFSET, "must be 0..65535: " + eventVersion);
        }
        // the event's block in one word: aggregate index, event version, type id
        buffer.putLong(limit, (aggregateIndex & 0xFFFFL) << (8 * EVENT_AGGREGATE_INDEX_OFFSET) |
            (eventVersion & 0xFFFFL) << (8 * EVENT_VERSION_OFFSET) |
            (eventTypeId & 0xFFFF_FFFFL) << (8 * EVENT_TYPE_ID_OFFSET), LITTLE_ENDIAN);
        return limit + EVENT_BLOCK_LENGTH + PAYLOAD_LENGTH_LENGTH;
    }

    private RecordWriter endEvent(final int payloadOffset, final int length)
    {
        buffer.putInt(payloadOffset - PAYLOAD_LENGTH_LENGTH, length, LITTLE_ENDIAN);
        limit = payloadOffset + length;
        eventCount++;
        return this;
    }

    private void openEvents()
    {
        if (step == Step.AGGREGATES)
        {
            buffer.putShort(GROUPS_OFFSET + 2, (short)aggregateCount, LITTLE_ENDIAN);
            eventsHeaderOffset = limit;
            buffer.putInt(limit, groupHeader(EVENT_BLOCK_LENGTH, 0), LITTLE_ENDIAN);
            limit += GROUP_HEADER_LENGTH;
            step = Step.EVENTS;
        }
    }

    private void closeEvents()
    {
        openEvents();
        if (step == Step.EVENTS)
        {
            buffer.putShort(eventsHeaderOffset + 2, (short)eventCount, LITTLE_ENDIAN);
            step = Step.KEY;
        }
    }

    /** A group's header as one little-endian int: its block length, then its count. */
    private static int groupHeader(final int blockLength, final int count)
    {
        return (blockLength & 0xFFFF) | count << 16;
    }

    private int putString(final int offset, final CharSequence value, final String field)
    {
        final long length = Utf8.encodedLength(value);
        if (length < 0)
        {
            throw new CodecException(field, CodecException.NO_OFFSET, "unpaired surrogate at char " + (-length - 1));
        }
        if (length > MAX_ID_BYTES)
        {
            throw new CodecException(field, CodecException.NO_OFFSET, "longer than " + MAX_ID_BYTES + " UTF-8 bytes");
        }
        Utf8.encode(value, buffer, offset + STRING_LENGTH_LENGTH);
        buffer.putShort(offset, (short)length, LITTLE_ENDIAN);
        return offset + STRING_LENGTH_LENGTH + (int)length;
    }

    private void checkStep(final Step expected, final String what)
    {
        if (step != expected)
        {
            throw new IllegalStateException(what + " cannot be written now: the record is at step " + step +
                (step == Step.IDLE ? " (call begin first)" : ""));
        }
    }

    /**
     * Copy the finished record into another buffer.
     *
     * @param destination to copy into.
     * @param offset      where to copy it.
     * @return the number of bytes copied.
     */
    public int copyTo(final MutableDirectBuffer destination, final int offset)
    {
        destination.putBytes(offset, buffer, 0, limit);
        return limit;
    }
}
