package dev.scribe.codecs.journal;

import dev.scribe.codecs.CodecException;
import dev.scribe.codecs.journal.RecordFixtures.AggregateSpec;
import dev.scribe.codecs.journal.RecordFixtures.EventSpec;
import dev.scribe.codecs.journal.RecordFixtures.RecordSpec;
import dev.scribe.codecs.payload.CodecRegistry;
import dev.scribe.codecs.payload.PayloadCodec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static dev.scribe.codecs.journal.RecordFixtures.MIN_LENGTH;
import static dev.scribe.codecs.journal.RecordFixtures.assertViewMatches;
import static dev.scribe.codecs.journal.RecordFixtures.bytes;
import static dev.scribe.codecs.journal.RecordFixtures.payload;
import static dev.scribe.codecs.journal.RecordFixtures.sample;
import static dev.scribe.codecs.journal.RecordFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link RecordWriter}: the order of its steps, the limits it enforces, and that a rejected call leaves the record
 * being written as it was.
 */
class RecordWriterTest
{
    private static final UnsafeBuffer PAYLOAD = new UnsafeBuffer(payload(16, 9));

    private final RecordWriter writer = new RecordWriter();
    private final RecordView view = new RecordView();

    @Test
    void anIdGivenAsBytesIsWrittenAsTheSameIdGivenAsAString()
    {
        final byte[] id = "compte-é-7".getBytes(StandardCharsets.UTF_8);
        final byte[] padded = Arrays.copyOf(id, id.length + 5);
        writer.begin(1, 2, 3, 4).aggregate(padded, id.length, 9).event(0, 7, 1, PAYLOAD, 0, 4);
        final byte[] fromBytes = bytes(writer.buffer(), 0, writer.finish());
        writer.begin(1, 2, 3, 4).aggregate("compte-é-7", 9).event(0, 7, 1, PAYLOAD, 0, 4);
        assertArrayEquals(bytes(writer.buffer(), 0, writer.finish()), fromBytes);
        writer.begin(1, 2, 3, 4);
        assertThrows(CodecException.class, () -> writer.aggregate(id, id.length + 1, 9), "longer than the array");
        assertThrows(CodecException.class, () -> writer.aggregate(new byte[RecordWriter.MAX_ID_BYTES + 1],
            RecordWriter.MAX_ID_BYTES + 1, 9), "over the limit");
    }

    @Test
    void anIdGivenAsWordsIsWrittenAsTheSameIdGivenAsAString()
    {
        for (final String id : List.of("a", "acc-0000042", "compte-é-7", "exactly-16-bytes", "seventeen-bytes-x",
            "a-much-longer-aggregate-id-0001"))
        {
            final byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
            final UnsafeBuffer words = new UnsafeBuffer(Arrays.copyOf(bytes, Math.max(bytes.length, 16)));
            final long word0 = words.getLong(0, ByteOrder.LITTLE_ENDIAN);
            final long word1 = words.getLong(8, ByteOrder.LITTLE_ENDIAN);
            writer.begin(1, 2, 3, 4).aggregate(bytes, bytes.length, word0, word1, 9).aggregate("b", 3)
                .event(0, 7, 1, PAYLOAD, 0, 4).event(1, 7, 1, PAYLOAD, 0, 4);
            final byte[] fromWords = bytes(writer.buffer(), 0, writer.finish());
            writer.begin(1, 2, 3, 4).aggregate(id, 9).aggregate("b", 3)
                .event(0, 7, 1, PAYLOAD, 0, 4).event(1, 7, 1, PAYLOAD, 0, 4);
            assertArrayEquals(bytes(writer.buffer(), 0, writer.finish()), fromWords, id);
        }
    }

    @Test
    void aggregateAfterEventIsRejected()
    {
        writer.begin(1, 2, 3, 4).aggregate("a", 1).event(0, 7, 1, PAYLOAD, 0, 4);
        assertThrows(IllegalStateException.class, () -> writer.aggregate("b", 1));
    }

    @Test
    void aggregateOrEventAfterTheKeyIsRejected()
    {
        writer.begin(1, 2, 3, 4).aggregate("a", 1).idempotencyKey("k");
        assertThrows(IllegalStateException.class, () -> writer.aggregate("b", 1));
        assertThrows(IllegalStateException.class, () -> writer.event(0, 7, 1, PAYLOAD, 0, 4));
        assertThrows(IllegalStateException.class, () -> writer.idempotencyKey("again"));
    }

    @Test
    void nothingButBeginIsAcceptedBeforeBeginOrAfterFinish()
    {
        assertNothingButBegin();
        writer.begin(1, 2, 3, 4).aggregate("a", 1).event(0, 7, 1, PAYLOAD, 0, 4).finish();
        assertNothingButBegin();
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 2, 0xFFFF, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void eventForAnAggregateNotAddedIsRejected(final int aggregateIndex)
    {
        writer.begin(1, 2, 3, 4).aggregate("a", 1).aggregate("b", 1);
        assertError(assertThrows(CodecException.class,
            () -> writer.event(aggregateIndex, 7, 1, PAYLOAD, 0, 4)), "aggregateIndex");
    }

    @Test
    void eventWithoutAnyAggregateIsRejected()
    {
        writer.begin(1, 2, 3, 4);
        assertError(assertThrows(CodecException.class, () -> writer.event(0, 7, 1, PAYLOAD, 0, 4)), "aggregateIndex");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0x10000, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void eventVersionOutsideU16IsRejected(final int eventVersion)
    {
        writer.begin(1, 2, 3, 4).aggregate("a", 1);
        assertError(assertThrows(CodecException.class,
            () -> writer.event(0, 7, eventVersion, PAYLOAD, 0, 4)), "eventVersion");
    }

    @Test
    void idsAndKeysOfExactlyTheLimitAreAccepted()
    {
        final int max = RecordWriter.MAX_ID_BYTES;
        final List<String> ids = List.of(
            "x".repeat(max), "\u00e9".repeat(max / 2), "\u20ac".repeat(max / 3) + "x", "\ud83d\ude00".repeat(max / 4),
            "x".repeat(max - 4) + "\ud83d\ude00");
        for (final String id : ids)
        {
            assertEquals(max, id.getBytes(StandardCharsets.UTF_8).length, id);
            final RecordSpec spec = new RecordSpec(1, 2, 3, 4, List.of(new AggregateSpec(id, 1)), List.of(), id);
            final int length = write(writer, spec);
            assertViewMatches(spec, view.wrap(writer.buffer(), 0, length), writer.buffer(), 0, length);
        }
    }

    @Test
    void idsAndKeysOverTheLimitAreRejected()
    {
        final int max = RecordWriter.MAX_ID_BYTES;
        final List<String> tooLong = List.of(
            "x".repeat(max + 1), "\u00e9".repeat(max / 2) + "x", "x" + "\u00e9".repeat(max / 2),
            "\u20ac".repeat(max / 3) + "\u00e9", "x".repeat(max - 3) + "\ud83d\ude00", "\ud83d\ude00".repeat(max));
        for (final String id : tooLong)
        {
            writer.begin(1, 2, 3, 4);
            assertError(assertThrows(CodecException.class, () -> writer.aggregate(id, 1)), "aggregateId");
            assertError(assertThrows(CodecException.class, () -> writer.idempotencyKey(id)), "idempotencyKey");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\ud83d", "a\ud83db", "\ude00", "ab\ude00", "\ude00\ud83d", "\ud83d\ud83d\ude00", "x\ud800"})
    void unpairedSurrogatesAreRejected(final String id)
    {
        writer.begin(1, 2, 3, 4);
        assertError(assertThrows(CodecException.class, () -> writer.aggregate(id, 1)), "aggregateId");
        assertError(assertThrows(CodecException.class, () -> writer.idempotencyKey(id)), "idempotencyKey");
    }

    @Test
    void recordWithoutAggregatesEventsOrKeyIsTheMinimum()
    {
        final RecordSpec spec = new RecordSpec(Long.MIN_VALUE, -1, 0, Long.MAX_VALUE, List.of(), List.of(), null);
        final int length = writer.begin(Long.MIN_VALUE, -1, 0, Long.MAX_VALUE).finish();
        assertEquals(MIN_LENGTH, length);
        assertViewMatches(spec, view.wrap(writer.buffer(), 0, length), writer.buffer(), 0, length);
    }

    @Test
    void recordWithoutEventsOrWithoutKeyIsValid()
    {
        final RecordSpec noEvents = new RecordSpec(1, 2, 3, 4, List.of(new AggregateSpec("a", 9)), List.of(), null);
        int length = writer.begin(1, 2, 3, 4).aggregate("a", 9).finish();
        assertViewMatches(noEvents, view.wrap(writer.buffer(), 0, length), writer.buffer(), 0, length);

        final RecordSpec noKey = new RecordSpec(1, 2, 3, 4, List.of(new AggregateSpec("a", 9)),
            List.of(new EventSpec(0, 7, 1, bytes(PAYLOAD, 0, 4))), null);
        length = writer.begin(1, 2, 3, 4).aggregate("a", 9).event(0, 7, 1, PAYLOAD, 0, 4).finish();
        assertViewMatches(noKey, view.wrap(writer.buffer(), 0, length), writer.buffer(), 0, length);

        length = writer.begin(1, 2, 3, 4).aggregate("a", 9).event(0, 7, 1, PAYLOAD, 0, 4).idempotencyKey(null).finish();
        assertViewMatches(noKey, view.wrap(writer.buffer(), 0, length), writer.buffer(), 0, length);

        length = writer.begin(1, 2, 3, 4).aggregate("a", 9).event(0, 7, 1, PAYLOAD, 0, 4).idempotencyKey("").finish();
        assertViewMatches(noKey, view.wrap(writer.buffer(), 0, length), writer.buffer(), 0, length);
    }

    @Test
    void rejectedCallsLeaveTheRecordAsItWas()
    {
        final RecordSpec spec = sample();
        final byte[] expected = bytes(writer.buffer(), 0, write(writer, spec));

        writer.begin(spec.epoch(), spec.timestampNs(), spec.correlationId(), spec.causationId());
        writer.aggregate(spec.aggregates().get(0).id(), spec.aggregates().get(0).version());
        assertThrows(CodecException.class, () -> writer.aggregate("x".repeat(RecordWriter.MAX_ID_BYTES + 1), 7));
        assertThrows(CodecException.class, () -> writer.aggregate("ab\ud83d", 7));
        writer.aggregate(spec.aggregates().get(1).id(), spec.aggregates().get(1).version());
        for (final EventSpec event : spec.events())
        {
            final UnsafeBuffer payload = new UnsafeBuffer(event.payload());
            assertThrows(CodecException.class, () -> writer.event(2, 7, 1, payload, 0, payload.capacity()));
            assertThrows(CodecException.class, () -> writer.event(0, 7, -1, payload, 0, payload.capacity()));
            writer.event(event.aggregateIndex(), event.typeId(), event.version(), payload, 0, payload.capacity());
        }
        assertThrows(CodecException.class, () -> writer.idempotencyKey("\ude00"));
        writer.idempotencyKey(spec.key());
        final int length = writer.finish();

        assertArrayEquals(expected, bytes(writer.buffer(), 0, length));
    }

    @Test
    void beginDiscardsAnUnfinishedRecord()
    {
        final RecordSpec spec = sample();
        final byte[] expected = bytes(writer.buffer(), 0, write(writer, spec));
        writer.begin(9, 9, 9, 9).aggregate("other", 3).aggregate("more", 4).event(1, 5, 6, PAYLOAD, 0, 16);
        assertArrayEquals(expected, bytes(writer.buffer(), 0, write(writer, spec)));
    }

    @Test
    void copyToCopiesTheFinishedRecord()
    {
        final int length = write(writer, sample());
        final UnsafeBuffer destination = new UnsafeBuffer(new byte[length + 10]);
        assertEquals(length, writer.copyTo(destination, 10));
        assertArrayEquals(bytes(writer.buffer(), 0, length), bytes(destination, 10, length));
    }

    @Test
    void payloadCodecsEncodeStraightIntoTheRecord()
    {
        final AmountCodec amounts = new AmountCodec();
        final NoteCodec notes = new NoteCodec();
        final CodecRegistry registry = new CodecRegistry().register(amounts).register(notes);
        final int length = writer.begin(1, 2, 3, 4)
            .aggregate("acc-1", 2)
            .aggregate("acc-2", 8)
            .event(0, amounts, new Amount(-5))
            .event(1, notes, new Note("h\u00e9llo \ud83d\ude00"))
            .event(1, notes, new Note(""))
            .event(0, amounts, new Amount(Long.MAX_VALUE))
            .finish();

        view.wrap(writer.buffer(), 0, length);
        assertEquals(4, view.eventCount());
        assertEquals(new Amount(-5), view.event(0, registry));
        assertEquals(new Note("h\u00e9llo \ud83d\ude00"), view.event(1, registry));
        assertEquals(new Note(""), view.event(2, registry));
        assertEquals(new Amount(Long.MAX_VALUE), view.event(3, registry));
        assertEquals(AmountCodec.TYPE_ID, view.eventTypeId(0));
        assertEquals(AmountCodec.VERSION, view.eventVersion(0));
        assertEquals(8, view.payloadLength(0));
        assertEquals(NoteCodec.TYPE_ID, view.eventTypeId(1));
        assertEquals(NoteCodec.VERSION, view.eventVersion(1));
        assertEquals(11, view.payloadLength(1));
        assertEquals(0, view.payloadLength(2));
    }

    @Test
    void decodingChecksTheEventTypeIdAndVersion()
    {
        final int length = writer.begin(1, 2, 3, 4)
            .aggregate("a", 1)
            .event(0, AmountCodec.TYPE_ID, AmountCodec.VERSION + 1, PAYLOAD, 0, 8)
            .event(0, 99, AmountCodec.VERSION, PAYLOAD, 0, 8)
            .finish();
        final CodecRegistry registry = new CodecRegistry().register(new AmountCodec());
        view.wrap(writer.buffer(), 0, length);

        final int firstEvent = view.payloadOffset(0) - 12;
        final CodecException version = assertThrows(CodecException.class, () -> view.event(0, registry));
        assertEquals("events[0].eventVersion", version.field());
        assertEquals(firstEvent + 2, version.offset());

        final int secondEvent = view.payloadOffset(1) - 12;
        final CodecException typeId = assertThrows(CodecException.class, () -> view.event(1, registry));
        assertEquals("eventTypeId", typeId.field());
        assertEquals(secondEvent + 4, typeId.offset());
    }

    @Test
    void groupsHoldUpTo65535Entries()
    {
        writer.begin(1, 2, 3, 4);
        for (int i = 0; i < RecordWriter.MAX_GROUP_COUNT; i++)
        {
            writer.aggregate("", i);
        }
        assertError(assertThrows(CodecException.class, () -> writer.aggregate("", -1)), "aggregates");
        for (int i = 0; i < RecordWriter.MAX_GROUP_COUNT; i++)
        {
            writer.event(i, i, i, PAYLOAD, 0, 0);
        }
        assertError(assertThrows(CodecException.class, () -> writer.event(0, 0, 0, PAYLOAD, 0, 0)), "events");
        final int length = writer.finish();

        view.wrap(writer.buffer(), 0, length);
        assertEquals(0xFFFF, view.aggregateCount());
        assertEquals(0xFFFF, view.eventCount());
        assertEquals(0xFFFE, view.aggregateVersion(0xFFFE));
        assertEquals(0xFFFE, view.eventAggregateIndex(0xFFFE));
        assertEquals(0xFFFE, view.eventTypeId(0xFFFE));
        assertEquals(0xFFFE, view.eventVersion(0xFFFE));
        assertThrows(IndexOutOfBoundsException.class, () -> view.aggregateVersion(0xFFFF));
        assertThrows(IndexOutOfBoundsException.class, () -> view.eventTypeId(0xFFFF));
    }

    private void assertNothingButBegin()
    {
        assertThrows(IllegalStateException.class, () -> writer.aggregate("a", 1));
        assertThrows(IllegalStateException.class, () -> writer.event(0, 7, 1, PAYLOAD, 0, 4));
        assertThrows(IllegalStateException.class, () -> writer.idempotencyKey("k"));
        assertThrows(IllegalStateException.class, writer::finish);
    }

    private static void assertError(final CodecException ex, final String field)
    {
        assertEquals(field, ex.field(), ex.getMessage());
        assertEquals(CodecException.NO_OFFSET, ex.offset(), ex.getMessage());
    }

    record Amount(long cents)
    {
    }

    record Note(String text)
    {
    }

    /** Fixed-length payload: eight little-endian bytes. */
    static final class AmountCodec implements PayloadCodec<Amount>
    {
        static final int TYPE_ID = 1001;
        static final int VERSION = 3;

        @Override
        public Class<Amount> type()
        {
            return Amount.class;
        }

        @Override
        public int typeId()
        {
            return TYPE_ID;
        }

        @Override
        public int version()
        {
            return VERSION;
        }

        @Override
        public int encode(final Amount value, final MutableDirectBuffer buffer, final int offset)
        {
            buffer.putLong(offset, value.cents(), ByteOrder.LITTLE_ENDIAN);
            return 8;
        }

        @Override
        public Amount decode(final DirectBuffer buffer, final int offset, final int length)
        {
            if (length != 8)
            {
                throw new CodecException("cents", offset, "length " + length);
            }
            return new Amount(buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN));
        }
    }

    /** Variable-length payload: UTF-8 bytes, their length given by the record. */
    static final class NoteCodec implements PayloadCodec<Note>
    {
        static final int TYPE_ID = -1002;
        static final int VERSION = 0xFFFF;

        @Override
        public Class<Note> type()
        {
            return Note.class;
        }

        @Override
        public int typeId()
        {
            return TYPE_ID;
        }

        @Override
        public int version()
        {
            return VERSION;
        }

        @Override
        public int encode(final Note value, final MutableDirectBuffer buffer, final int offset)
        {
            return buffer.putStringWithoutLengthUtf8(offset, value.text());
        }

        @Override
        public Note decode(final DirectBuffer buffer, final int offset, final int length)
        {
            return new Note(buffer.getStringWithoutLengthUtf8(offset, length));
        }
    }

    @Test
    void payloadRangeOutsideItsBufferIsRejected()
    {
        final RecordWriter writer = new RecordWriter();
        writer.begin(1, 1, 1, 1).aggregate("a", 1);
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);
        assertEquals("payload", assertThrows(CodecException.class,
            () -> writer.event(0, 1, 1, payload, 0, -1)).field());
        assertEquals("payload", assertThrows(CodecException.class,
            () -> writer.event(0, 1, 1, payload, 4, 5)).field());
        writer.event(0, 1, 1, payload, 4, 4);
        assertEquals(1, new RecordView().wrap(writer.buffer(), 0, writer.finish()).eventCount());
    }

    @Test
    void nullAggregateIdIsRejected()
    {
        final RecordWriter writer = new RecordWriter();
        writer.begin(1, 1, 1, 1);
        assertEquals("aggregateId", assertThrows(CodecException.class, () -> writer.aggregate(null, 1)).field());
    }

    @Test
    void failedWrapLeavesNoCountsBehind()
    {
        final RecordWriter writer = new RecordWriter();
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[4]);
        final int length = writer.begin(1, 1, 1, 1).aggregate("a", 1).event(0, 1, 1, payload, 0, 4).finish();
        final RecordView view = new RecordView().wrap(writer.buffer(), 0, length);
        assertEquals(1, view.eventCount());
        assertThrows(CodecException.class, () -> view.wrap(writer.buffer(), 0, length - 1));
        assertEquals(0, view.eventCount());
        assertEquals(0, view.aggregateCount());
    }
}
