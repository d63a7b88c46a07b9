package dev.scribe.codecs.journal;

import dev.scribe.codecs.sbe.JournalRecordDecoder;
import dev.scribe.codecs.sbe.MessageHeaderDecoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A plain model of a journal record for tests, how to write it with {@link RecordWriter}, and how to check what a
 * {@link RecordView} (or the SBE-generated decoder) reads back against it. Offsets here are written out from the
 * byte-layout diagram in {@link RecordLayout} rather than taken from the code under test.
 */
final class RecordFixtures
{
    static final int CRC_OFFSET = 8;
    static final int FORMAT_VERSION_OFFSET = 12;
    static final int GROUPS_OFFSET = 46;
    static final int MIN_LENGTH = 56;

    private RecordFixtures()
    {
    }

    record AggregateSpec(String id, long version)
    {
    }

    record EventSpec(int aggregateIndex, int typeId, int version, byte[] payload)
    {
        @Override
        public String toString()
        {
            return "EventSpec[aggregateIndex=" + aggregateIndex + ", typeId=" + typeId + ", version=" + version +
                ", payload=" + payload.length + " bytes]";
        }
    }

    /**
     * A record as the test means it; {@code key} null means the writer is never given one.
     */
    record RecordSpec(
        long epoch,
        long timestampNs,
        long correlationId,
        long causationId,
        List<AggregateSpec> aggregates,
        List<EventSpec> events,
        String key)
    {
        String expectedKey()
        {
            return null == key ? "" : key;
        }
    }

    /**
     * Where a record is copied before it is read: heap and off-heap memory take different CRC32C paths, and the
     * slices check that the buffer's own start is taken into account.
     */
    enum BufferKind
    {
        HEAP_ARRAY,
        HEAP_ARRAY_SLICE,
        HEAP_BYTE_BUFFER_SLICE,
        DIRECT,
        DIRECT_SLICE;

        UnsafeBuffer allocate(final int capacity)
        {
            final int slack = 13;
            switch (this)
            {
                case HEAP_ARRAY:
                    return new UnsafeBuffer(new byte[capacity]);
                case HEAP_ARRAY_SLICE:
                    return new UnsafeBuffer(new byte[capacity + slack], slack, capacity);
                case HEAP_BYTE_BUFFER_SLICE:
                    return new UnsafeBuffer(ByteBuffer.allocate(capacity + slack).position(slack).slice());
                case DIRECT:
                    return new UnsafeBuffer(ByteBuffer.allocateDirect(capacity));
                case DIRECT_SLICE:
                    return new UnsafeBuffer(ByteBuffer.allocateDirect(capacity + slack), slack, capacity);
                default:
                    throw new IllegalStateException(name());
            }
        }
    }

    static byte[] payload(final int length, final long seed)
    {
        final byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] utf8(final String value)
    {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A small record with two aggregates (one with non-ASCII id), three events and a key.
     *
     * @return the record.
     */
    static RecordSpec sample()
    {
        return new RecordSpec(
            3L, 1_700_000_000_000_000_000L, 42L, -7L,
            List.of(new AggregateSpec("acc-1", 5L), new AggregateSpec("\u00e9\ud83d\ude00", 1L)),
            List.of(
                new EventSpec(0, 100, 1, payload(5, 1L)),
                new EventSpec(1, -3, 0, new byte[0]),
                new EventSpec(0, Integer.MAX_VALUE, 65535, payload(9, 2L))),
            "k-1");
    }

    static int write(final RecordWriter writer, final RecordSpec spec)
    {
        writer.begin(spec.epoch(), spec.timestampNs(), spec.correlationId(), spec.causationId());
        for (final AggregateSpec aggregate : spec.aggregates())
        {
            writer.aggregate(aggregate.id(), aggregate.version());
        }
        for (final EventSpec event : spec.events())
        {
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[event.payload().length + 3]);
            payload.putBytes(3, event.payload());
            writer.event(event.aggregateIndex(), event.typeId(), event.version(), payload, 3, event.payload().length);
        }
        if (null != spec.key())
        {
            writer.idempotencyKey(spec.key());
        }
        return writer.finish();
    }

    /**
     * A record copied into a buffer of its own.
     */
    record Written(UnsafeBuffer buffer, int offset, int length)
    {
    }

    /**
     * Write a record and copy it into a new buffer.
     *
     * @param spec   what to write.
     * @param kind   of buffer to copy into.
     * @param offset where the record starts in the new buffer.
     * @param tail   bytes left after the record.
     * @return the buffer, holding the record at {@code offset}.
     */
    static Written writeInto(final RecordSpec spec, final BufferKind kind, final int offset, final int tail)
    {
        final RecordWriter writer = new RecordWriter(64);
        final int length = write(writer, spec);
        final UnsafeBuffer buffer = kind.allocate(offset + length + tail);
        assertEquals(length, writer.copyTo(buffer, offset));
        return new Written(buffer, offset, length);
    }

    /**
     * CRC32C of a record, skipping the four bytes that hold it, computed with the JDK's public API.
     *
     * @param buffer holding the record.
     * @param offset of the record.
     * @param length of the record.
     * @return the checksum.
     */
    static int crc32c(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, CRC_OFFSET);
        crc.update(bytes, CRC_OFFSET + 4, length - (CRC_OFFSET + 4));
        return (int)crc.getValue();
    }

    /**
     * Store a fresh CRC32C, so that a corrupted record gets past the checksum and reaches the structural checks.
     *
     * @param buffer holding the record.
     * @param offset of the record.
     * @param length of the record.
     */
    static void reseal(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        buffer.putInt(offset + CRC_OFFSET, crc32c(buffer, offset, length), ByteOrder.LITTLE_ENDIAN);
    }

    static void putU16(final MutableDirectBuffer buffer, final int at, final int value)
    {
        buffer.putShort(at, (short)value, ByteOrder.LITTLE_ENDIAN);
    }

    static int getU16(final DirectBuffer buffer, final int at)
    {
        return buffer.getShort(at, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    /**
     * Offsets, relative to the record start, of the fields inside the groups, found by walking the model.
     */
    record Positions(int[] aggregateStarts, int eventsHeader, int[] eventStarts, int keyLength, int end)
    {
    }

    static Positions positions(final RecordSpec spec)
    {
        int position = GROUPS_OFFSET + 4;
        final int[] aggregateStarts = new int[spec.aggregates().size()];
        for (int i = 0; i < aggregateStarts.length; i++)
        {
            aggregateStarts[i] = position;
            position += 8 + 2 + utf8(spec.aggregates().get(i).id()).length;
        }
        final int eventsHeader = position;
        position += 4;
        final int[] eventStarts = new int[spec.events().size()];
        for (int i = 0; i < eventStarts.length; i++)
        {
            eventStarts[i] = position;
            position += 8 + 4 + spec.events().get(i).payload().length;
        }
        final int keyLength = position;
        position += 2 + utf8(spec.expectedKey()).length;
        return new Positions(aggregateStarts, eventsHeader, eventStarts, keyLength, position);
    }

    /**
     * Every field the view exposes equals the model, and the stored checksum is the JDK's CRC32C of the bytes.
     */
    static void assertViewMatches(
        final RecordSpec spec, final RecordView view, final DirectBuffer buffer, final int offset, final int length)
    {
        assertSame(buffer, view.buffer());
        assertEquals(offset, view.offset());
        assertEquals(length, view.length());
        assertEquals(positions(spec).end(), length);
        assertEquals(crc32c(buffer, offset, length), view.crc32c());
        assertEquals(1, view.formatVersion());
        assertEquals(spec.epoch(), view.epoch());
        assertEquals(spec.timestampNs(), view.timestampNs());
        assertEquals(spec.correlationId(), view.correlationId());
        assertEquals(spec.causationId(), view.causationId());

        assertEquals(spec.aggregates().size(), view.aggregateCount());
        for (int i = 0; i < spec.aggregates().size(); i++)
        {
            final AggregateSpec aggregate = spec.aggregates().get(i);
            final byte[] idBytes = utf8(aggregate.id());
            assertEquals(aggregate.version(), view.aggregateVersion(i), "aggregate " + i);
            assertEquals(aggregate.id(), view.aggregateId(i), "aggregate " + i);
            assertEquals(idBytes.length, view.aggregateIdLength(i), "aggregate " + i);
            assertArrayEquals(idBytes, bytes(buffer, view.aggregateIdOffset(i), view.aggregateIdLength(i)));
        }

        assertEquals(spec.events().size(), view.eventCount());
        for (int i = 0; i < spec.events().size(); i++)
        {
            final EventSpec event = spec.events().get(i);
            assertEquals(event.aggregateIndex(), view.eventAggregateIndex(i), "event " + i);
            assertEquals(event.typeId(), view.eventTypeId(i), "event " + i);
            assertEquals(event.version(), view.eventVersion(i), "event " + i);
            assertEquals(event.payload().length, view.payloadLength(i), "event " + i);
            assertArrayEquals(event.payload(), bytes(buffer, view.payloadOffset(i), view.payloadLength(i)));
        }

        final byte[] keyBytes = utf8(spec.expectedKey());
        assertEquals(spec.expectedKey(), view.idempotencyKey());
        assertEquals(keyBytes.length, view.idempotencyKeyLength());
        assertArrayEquals(keyBytes, bytes(buffer, view.idempotencyKeyOffset(), view.idempotencyKeyLength()));
        assertEquals(offset + length, view.idempotencyKeyOffset() + view.idempotencyKeyLength());
    }

    /**
     * The SBE decoder generated from the schema reads the same record, so the writer follows the schema.
     */
    static void assertSbeDecoderMatches(
        final RecordSpec spec, final DirectBuffer buffer, final int offset, final int length)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final JournalRecordDecoder decoder = new JournalRecordDecoder().wrapAndApplyHeader(buffer, offset, header);
        assertEquals(38, header.blockLength());
        assertEquals(1, header.templateId());
        assertEquals(7301, header.schemaId());
        assertEquals(1, header.version());
        assertEquals(crc32c(buffer, offset, length), decoder.crc32c());
        assertEquals(1, decoder.formatVersion());
        assertEquals(spec.epoch(), decoder.epoch());
        assertEquals(spec.timestampNs(), decoder.timestampNs());
        assertEquals(spec.correlationId(), decoder.correlationId());
        assertEquals(spec.causationId(), decoder.causationId());

        final JournalRecordDecoder.AggregatesDecoder aggregates = decoder.aggregates();
        assertEquals(spec.aggregates().size(), aggregates.count());
        for (final AggregateSpec aggregate : spec.aggregates())
        {
            aggregates.next();
            assertEquals(aggregate.version(), aggregates.version());
            assertEquals(aggregate.id(), aggregates.aggregateId());
        }

        final JournalRecordDecoder.EventsDecoder events = decoder.events();
        assertEquals(spec.events().size(), events.count());
        for (final EventSpec event : spec.events())
        {
            events.next();
            assertEquals(event.aggregateIndex(), events.aggregateIndex());
            assertEquals(event.version(), events.eventVersion());
            assertEquals(event.typeId(), events.eventTypeId());
            final byte[] payload = new byte[events.payloadLength()];
            events.getPayload(payload, 0, payload.length);
            assertArrayEquals(event.payload(), payload);
        }

        assertEquals(spec.expectedKey(), decoder.idempotencyKey());
        assertEquals(offset + length, decoder.limit());
    }

    static byte[] bytes(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }
}
