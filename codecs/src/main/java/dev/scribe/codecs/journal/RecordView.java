package dev.scribe.codecs.journal;

import dev.scribe.codecs.CodecException;
import dev.scribe.codecs.payload.CodecRegistry;
import dev.scribe.codecs.payload.PayloadCodec;
import org.agrona.DirectBuffer;

import java.util.Arrays;

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
import static dev.scribe.codecs.journal.RecordLayout.MIN_LENGTH;
import static dev.scribe.codecs.journal.RecordLayout.PAYLOAD_LENGTH_LENGTH;
import static dev.scribe.codecs.journal.RecordLayout.SCHEMA_ID;
import static dev.scribe.codecs.journal.RecordLayout.SCHEMA_VERSION;
import static dev.scribe.codecs.journal.RecordLayout.STRING_LENGTH_LENGTH;
import static dev.scribe.codecs.journal.RecordLayout.TEMPLATE_ID;
import static dev.scribe.codecs.journal.RecordLayout.TIMESTAMP_OFFSET;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * A checked, read-only view of one journal record (layout in {@link RecordLayout}).
 *
 * <p>{@link #wrap} checks the whole record before anything is read from it: the CRC32C, the SBE header, and every
 * count and length against the bytes actually given. A record that fails is reported as a {@link CodecException}
 * naming the field and offset; no accessor ever reads outside the record. The view is reusable and allocates
 * nothing except when a string is asked for or a record has more events than any before it.
 */
public final class RecordView
{
    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int aggregateCount;
    private int eventCount;
    private int keyOffset;
    private int[] aggregateOffsets = new int[4];
    private int[] eventOffsets = new int[8];

    /**
     * Check a record and view it.
     *
     * @param buffer holding the record.
     * @param offset where the record starts.
     * @param length the record's length in bytes.
     * @return this view.
     * @throws CodecException naming the field and offset if the record is not valid.
     */
    public RecordView wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = null;
        aggregateCount = 0;
        eventCount = 0;
        if (offset < 0 || length < 0 || (long)offset + length > buffer.capacity())
        {
            throw new CodecException("record", offset,
                "length " + length + " runs past the buffer capacity " + buffer.capacity());
        }
        if (length < MIN_LENGTH)
        {
            throw new CodecException("record", offset, "length " + length + " is below the minimum " + MIN_LENGTH);
        }
        checkCrc(buffer, offset, length);
        checkHeader(buffer, offset);
        try
        {
            readBody(buffer, offset, length);
        }
        catch (final CodecException ex)
        {
            aggregateCount = 0;
            eventCount = 0;
            throw ex;
        }
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    private void readBody(final DirectBuffer buffer, final int offset, final int length)
    {
        final int end = offset + length;
        int position = readAggregates(buffer, offset + GROUPS_OFFSET, end);
        position = readEvents(buffer, position, end);
        keyOffset = position;
        position = skipString(buffer, position, end, "idempotencyKey.length");
        if (position != end)
        {
            throw new CodecException("record", position, (end - position) + " bytes after the idempotency key");
        }
    }

    /**
     * Buffer holding the record.
     *
     * @return the buffer.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Offset of the record in {@link #buffer()}.
     *
     * @return the offset.
     */
    public int offset()
    {
        return offset;
    }

    /**
     * Length of the record in bytes.
     *
     * @return the length.
     */
    public int length()
    {
        return length;
    }

    /**
     * The record's CRC32C as stored (and checked).
     *
     * @return the checksum.
     */
    public int crc32c()
    {
        return buffer.getInt(offset + CRC_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * Record format version.
     *
     * @return the version.
     */
    public int formatVersion()
    {
        return buffer.getShort(offset + FORMAT_VERSION_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
    }

    /**
     * Leadership epoch the record was written in.
     *
     * @return the epoch.
     */
    public long epoch()
    {
        return buffer.getLong(offset + EPOCH_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * Engine clock when the command was decided.
     *
     * @return nanoseconds since the epoch of the engine clock.
     */
    public long timestampNs()
    {
        return buffer.getLong(offset + TIMESTAMP_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * Caller's correlation id.
     *
     * @return the id.
     */
    public long correlationId()
    {
        return buffer.getLong(offset + CORRELATION_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * Id of what caused the command.
     *
     * @return the id.
     */
    public long causationId()
    {
        return buffer.getLong(offset + CAUSATION_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * Number of aggregates the record changes.
     *
     * @return the count.
     */
    public int aggregateCount()
    {
        return aggregateCount;
    }

    /**
     * An aggregate's version after this record.
     *
     * @param index of the aggregate, from 0.
     * @return the version.
     */
    public long aggregateVersion(final int index)
    {
        return buffer.getLong(aggregateOffsets[checkIndex(index, aggregateCount)], LITTLE_ENDIAN);
    }

    /**
     * An aggregate's id.
     *
     * @param index of the aggregate, from 0.
     * @return the id.
     */
    public String aggregateId(final int index)
    {
        final int at = aggregateOffsets[checkIndex(index, aggregateCount)] + AGGREGATE_BLOCK_LENGTH;
        return buffer.getStringWithoutLengthUtf8(at + STRING_LENGTH_LENGTH, stringLength(at));
    }

    /**
     * Offset in {@link #buffer()} of an aggregate id's UTF-8 bytes, to compare ids without allocating.
     *
     * @param index of the aggregate, from 0.
     * @return the offset.
     */
    public int aggregateIdOffset(final int index)
    {
        return aggregateOffsets[checkIndex(index, aggregateCount)] + AGGREGATE_BLOCK_LENGTH + STRING_LENGTH_LENGTH;
    }

    /**
     * Length of an aggregate id's UTF-8 bytes.
     *
     * @param index of the aggregate, from 0.
     * @return the length.
     */
    public int aggregateIdLength(final int index)
    {
        return stringLength(aggregateOffsets[checkIndex(index, aggregateCount)] + AGGREGATE_BLOCK_LENGTH);
    }

    /**
     * Number of events in the record.
     *
     * @return the count.
     */
    public int eventCount()
    {
        return eventCount;
    }

    /**
     * Which aggregate an event belongs to.
     *
     * @param index of the event, from 0.
     * @return index of its aggregate.
     */
    public int eventAggregateIndex(final int index)
    {
        return buffer.getShort(eventOffsets[checkIndex(index, eventCount)] + EVENT_AGGREGATE_INDEX_OFFSET,
            LITTLE_ENDIAN) & 0xFFFF;
    }

    /**
     * An event's type id.
     *
     * @param index of the event, from 0.
     * @return the type id.
     */
    public int eventTypeId(final int index)
    {
        return buffer.getInt(eventOffsets[checkIndex(index, eventCount)] + EVENT_TYPE_ID_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * An event's schema version.
     *
     * @param index of the event, from 0.
     * @return the version.
     */
    public int eventVersion(final int index)
    {
        return buffer.getShort(eventOffsets[checkIndex(index, eventCount)] + EVENT_VERSION_OFFSET,
            LITTLE_ENDIAN) & 0xFFFF;
    }

    /**
     * Offset of an event's payload in {@link #buffer()}.
     *
     * @param index of the event, from 0.
     * @return the offset.
     */
    public int payloadOffset(final int index)
    {
        return eventOffsets[checkIndex(index, eventCount)] + EVENT_BLOCK_LENGTH + PAYLOAD_LENGTH_LENGTH;
    }

    /**
     * Length of an event's payload.
     *
     * @param index of the event, from 0.
     * @return the length in bytes.
     */
    public int payloadLength(final int index)
    {
        return buffer.getInt(eventOffsets[checkIndex(index, eventCount)] + EVENT_BLOCK_LENGTH, LITTLE_ENDIAN);
    }

    /**
     * Decode an event with the codec registered for its type id.
     *
     * @param index    of the event, from 0.
     * @param registry of payload codecs.
     * @return the event.
     * @throws CodecException if its type id is unknown, its version is not the codec's, or its payload is bad.
     */
    public Object event(final int index, final CodecRegistry registry)
    {
        final int at = eventOffsets[checkIndex(index, eventCount)];
        final PayloadCodec<?> codec = registry.codecFor(eventTypeId(index), at + EVENT_TYPE_ID_OFFSET);
        final int version = eventVersion(index);
        if (version == codec.version())
        {
            return codec.decode(buffer, payloadOffset(index), payloadLength(index));
        }
        return registry.decodeVersion(codec, version, buffer, payloadOffset(index), payloadLength(index),
            "events[" + index + "].eventVersion", at + EVENT_VERSION_OFFSET);
    }

    /**
     * The command's idempotency key.
     *
     * @return the key, empty when the command had none.
     */
    public String idempotencyKey()
    {
        return buffer.getStringWithoutLengthUtf8(keyOffset + STRING_LENGTH_LENGTH, stringLength(keyOffset));
    }

    /**
     * Length of the idempotency key's UTF-8 bytes.
     *
     * @return the length, 0 when none.
     */
    public int idempotencyKeyLength()
    {
        return stringLength(keyOffset);
    }

    /**
     * Offset of the idempotency key's UTF-8 bytes in {@link #buffer()}.
     *
     * @return the offset.
     */
    public int idempotencyKeyOffset()
    {
        return keyOffset + STRING_LENGTH_LENGTH;
    }

    private static void checkCrc(final DirectBuffer buffer, final int offset, final int length)
    {
        final int stored = buffer.getInt(offset + CRC_OFFSET, LITTLE_ENDIAN);
        final int computed = Crc32c.compute(buffer, offset, length, offset + CRC_OFFSET);
        if (stored != computed)
        {
            throw new CodecException("crc32c", offset + CRC_OFFSET, "stored 0x" + Integer.toHexString(stored) +
                " but the record's bytes give 0x" + Integer.toHexString(computed));
        }
    }

    private static void checkHeader(final DirectBuffer buffer, final int offset)
    {
        expect(buffer, offset + 6, SCHEMA_VERSION, "messageHeader.version");
        expect(buffer, offset + 4, SCHEMA_ID, "messageHeader.schemaId");
        expect(buffer, offset + 2, TEMPLATE_ID, "messageHeader.templateId");
        expect(buffer, offset, BLOCK_LENGTH, "messageHeader.blockLength");
        expect(buffer, offset + FORMAT_VERSION_OFFSET, FORMAT_VERSION, "formatVersion");
    }

    private static void expect(final DirectBuffer buffer, final int at, final int expected, final String field)
    {
        final int actual = buffer.getShort(at, LITTLE_ENDIAN) & 0xFFFF;
        if (actual != expected)
        {
            throw new CodecException(field, at, "is " + actual + ", this reader knows " + expected);
        }
    }

    private int readAggregates(final DirectBuffer buffer, final int start, final int end)
    {
        need(start, GROUP_HEADER_LENGTH, end, "aggregates");
        expect(buffer, start, AGGREGATE_BLOCK_LENGTH, "aggregates.blockLength");
        final int count = buffer.getShort(start + 2, LITTLE_ENDIAN) & 0xFFFF;
        int position = start + GROUP_HEADER_LENGTH;
        if ((long)count * (AGGREGATE_BLOCK_LENGTH + STRING_LENGTH_LENGTH) > end - position)
        {
            throw new CodecException("aggregates.numInGroup", start + 2, count + " aggregates cannot fit in " +
                (end - position) + " bytes");
        }
        aggregateOffsets = ensureCapacity(aggregateOffsets, count);
        for (int i = 0; i < count; i++)
        {
            need(position, AGGREGATE_BLOCK_LENGTH, end, "aggregates");
            aggregateOffsets[i] = position;
            position = skipString(buffer, position + AGGREGATE_BLOCK_LENGTH, end, "aggregates.aggregateId.length");
        }
        aggregateCount = count;
        return position;
    }

    private int readEvents(final DirectBuffer buffer, final int start, final int end)
    {
        need(start, GROUP_HEADER_LENGTH, end, "events");
        expect(buffer, start, EVENT_BLOCK_LENGTH, "events.blockLength");
        final int count = buffer.getShort(start + 2, LITTLE_ENDIAN) & 0xFFFF;
        int position = start + GROUP_HEADER_LENGTH;
        if ((long)count * (EVENT_BLOCK_LENGTH + PAYLOAD_LENGTH_LENGTH) > end - position)
        {
            throw new CodecException("events.numInGroup", start + 2, count + " events cannot fit in " +
                (end - position) + " bytes");
        }
        eventOffsets = ensureCapacity(eventOffsets, count);
        for (int i = 0; i < count; i++)
        {
            need(position, EVENT_BLOCK_LENGTH + PAYLOAD_LENGTH_LENGTH, end, "events");
            final int aggregateIndex = buffer.getShort(position + EVENT_AGGREGATE_INDEX_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
            if (aggregateIndex >= aggregateCount)
            {
                throw new CodecException("events.aggregateIndex", position + EVENT_AGGREGATE_INDEX_OFFSET,
                    aggregateIndex + " but the record has " + aggregateCount + " aggregates");
            }
            final int lengthAt = position + EVENT_BLOCK_LENGTH;
            final int payloadLength = buffer.getInt(lengthAt, LITTLE_ENDIAN);
            if (payloadLength < 0 || payloadLength > end - (lengthAt + PAYLOAD_LENGTH_LENGTH))
            {
                throw new CodecException("events.payload.length", lengthAt, Integer.toUnsignedString(payloadLength) +
                    " runs past the record end at " + end);
            }
            eventOffsets[i] = position;
            position = lengthAt + PAYLOAD_LENGTH_LENGTH + payloadLength;
        }
        eventCount = count;
        return position;
    }

    private static int skipString(final DirectBuffer buffer, final int at, final int end, final String field)
    {
        need(at, STRING_LENGTH_LENGTH, end, field);
        final int length = buffer.getShort(at, LITTLE_ENDIAN) & 0xFFFF;
        if (length > RecordWriter.MAX_ID_BYTES || length > end - (at + STRING_LENGTH_LENGTH))
        {
            throw new CodecException(field, at, length + " runs past the record end at " + end +
                " or the limit of " + RecordWriter.MAX_ID_BYTES);
        }
        return at + STRING_LENGTH_LENGTH + length;
    }

    private static void need(final int at, final int bytes, final int end, final String field)
    {
        if (bytes > end - at)
        {
            throw new CodecException(field, at, "needs " + bytes + " bytes but the record ends at " + end);
        }
    }

    private int stringLength(final int at)
    {
        return buffer.getShort(at, LITTLE_ENDIAN) & 0xFFFF;
    }

    private static int[] ensureCapacity(final int[] array, final int count)
    {
        return array.length >= count ? array : Arrays.copyOf(array, Math.max(count, array.length * 2));
    }

    private static int checkIndex(final int index, final int count)
    {
        if (index < 0 || index >= count)
        {
            throw new IndexOutOfBoundsException("index " + index + " not in [0, " + count + ")");
        }
        return index;
    }
}
