package dev.scribe.codecs.journal;

import dev.scribe.codecs.CodecException;
import dev.scribe.codecs.journal.RecordFixtures.AggregateSpec;
import dev.scribe.codecs.journal.RecordFixtures.BufferKind;
import dev.scribe.codecs.journal.RecordFixtures.EventSpec;
import dev.scribe.codecs.journal.RecordFixtures.Positions;
import dev.scribe.codecs.journal.RecordFixtures.RecordSpec;
import dev.scribe.codecs.journal.RecordFixtures.Written;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Set;

import static dev.scribe.codecs.journal.RecordFixtures.CRC_OFFSET;
import static dev.scribe.codecs.journal.RecordFixtures.GROUPS_OFFSET;
import static dev.scribe.codecs.journal.RecordFixtures.MIN_LENGTH;
import static dev.scribe.codecs.journal.RecordFixtures.assertViewMatches;
import static dev.scribe.codecs.journal.RecordFixtures.bytes;
import static dev.scribe.codecs.journal.RecordFixtures.payload;
import static dev.scribe.codecs.journal.RecordFixtures.positions;
import static dev.scribe.codecs.journal.RecordFixtures.putU16;
import static dev.scribe.codecs.journal.RecordFixtures.reseal;
import static dev.scribe.codecs.journal.RecordFixtures.sample;
import static dev.scribe.codecs.journal.RecordFixtures.writeInto;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RecordView#wrap} turns every kind of bad record into a {@link CodecException} naming the field and the
 * absolute offset where it went wrong. Structural faults are re-sealed with a fresh CRC32C first, so that they get
 * past the checksum and reach the check that is meant to catch them.
 */
class RecordViewRejectsBadInputTest
{
    /** Records sit at this offset in their buffer, so that offsets in errors are seen to be absolute. */
    private static final int AT = 16;
    private static final int TAIL = 8;

    private final RecordView view = new RecordView();

    @Test
    void sampleRecordIsValid()
    {
        final Written record = writeInto(sample(), BufferKind.HEAP_ARRAY, AT, TAIL);
        assertEquals(140, record.length());
        assertViewMatches(sample(), view.wrap(record.buffer(), AT, record.length()), record.buffer(), AT,
            record.length());
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void everyTruncationIsRejected(final BufferKind kind)
    {
        final Written record = writeInto(sample(), kind, AT, TAIL);
        for (int length = 0; length < record.length(); length++)
        {
            final int truncated = length;
            final CodecException ex = assertThrows(
                CodecException.class, () -> view.wrap(record.buffer(), AT, truncated), "length " + length);
            if (length < MIN_LENGTH)
            {
                assertError(ex, "record", AT);
            }
            else
            {
                assertError(ex, "crc32c", AT + CRC_OFFSET);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void everyTruncationIsRejectedByStructureEvenWithAValidCrc(final BufferKind kind)
    {
        final Written record = writeInto(sample(), kind, AT, TAIL);
        final byte[] original = bytes(record.buffer(), AT, record.length());
        // Every byte that is left is as written, so only a count or length running past the new end can be blamed.
        final Set<String> expectedFields = Set.of(
            "record", "aggregates", "aggregates.numInGroup", "aggregates.aggregateId.length", "events",
            "events.numInGroup", "events.payload.length", "idempotencyKey.length");
        for (int length = CRC_OFFSET + 4; length < record.length(); length++)
        {
            record.buffer().putBytes(AT, original);
            reseal(record.buffer(), AT, length);
            final int truncated = length;
            final CodecException ex = assertThrows(
                CodecException.class, () -> view.wrap(record.buffer(), AT, truncated), "length " + length);
            assertTrue(expectedFields.contains(ex.field()), ex.getMessage());
            assertTrue(ex.offset() >= AT && ex.offset() <= AT + length, ex.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void everySingleBitFlipIsCaughtByTheCrc(final BufferKind kind)
    {
        final Written record = writeInto(sample(), kind, AT, TAIL);
        final UnsafeBuffer buffer = record.buffer();
        for (int bit = 0; bit < record.length() * 8; bit++)
        {
            final int at = AT + (bit >> 3);
            final byte mask = (byte)(1 << (bit & 7));
            buffer.putByte(at, (byte)(buffer.getByte(at) ^ mask));
            final CodecException ex = assertThrows(
                CodecException.class, () -> view.wrap(buffer, AT, record.length()), "bit " + bit);
            assertError(ex, "crc32c", AT + CRC_OFFSET);
            buffer.putByte(at, (byte)(buffer.getByte(at) ^ mask));
        }
        assertViewMatches(sample(), view.wrap(buffer, AT, record.length()), buffer, AT, record.length());
    }

    @Test
    void wrongCrcIsRejected()
    {
        final Written record = writeInto(sample(), BufferKind.DIRECT, AT, TAIL);
        final int crc = record.buffer().getInt(AT + CRC_OFFSET, ByteOrder.LITTLE_ENDIAN);
        record.buffer().putInt(AT + CRC_OFFSET, crc + 1, ByteOrder.LITTLE_ENDIAN);
        assertError(rejected(record), "crc32c", AT + CRC_OFFSET);
    }

    @ParameterizedTest
    @CsvSource({
        "messageHeader.blockLength, 0, 40",
        "messageHeader.blockLength, 0, 0",
        "messageHeader.templateId, 2, 2",
        "messageHeader.templateId, 2, 0",
        "messageHeader.schemaId, 4, 7302",
        "messageHeader.schemaId, 4, 0",
        "messageHeader.version, 6, 2",
        "messageHeader.version, 6, 0",
        "formatVersion, 12, 2",
        "formatVersion, 12, 0",
        "formatVersion, 12, 65535",
    })
    void wrongHeaderOrFormatVersionIsRejected(final String field, final int offset, final int value)
    {
        final Written record = writeInto(sample(), BufferKind.HEAP_ARRAY_SLICE, AT, TAIL);
        putU16(record.buffer(), AT + offset, value);
        assertError(rejectedResealed(record, record.length()), field, AT + offset);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 7, 9, 0xFFFF})
    void wrongGroupBlockLengthsAreRejected(final int value)
    {
        final Positions positions = positions(sample());
        final Written aggregates = writeInto(sample(), BufferKind.HEAP_ARRAY, AT, TAIL);
        putU16(aggregates.buffer(), AT + GROUPS_OFFSET, value);
        assertError(rejectedResealed(aggregates, aggregates.length()), "aggregates.blockLength", AT + GROUPS_OFFSET);

        final Written events = writeInto(sample(), BufferKind.HEAP_ARRAY, AT, TAIL);
        putU16(events.buffer(), AT + positions.eventsHeader(), value);
        assertError(rejectedResealed(events, events.length()), "events.blockLength", AT + positions.eventsHeader());
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 0x1000, 0xFFFF})
    void aggregateCountThatCannotFitIsRejected(final int count)
    {
        final Written record = writeInto(sample(), BufferKind.DIRECT, AT, TAIL);
        putU16(record.buffer(), AT + GROUPS_OFFSET + 2, count);
        assertError(rejectedResealed(record, record.length()), "aggregates.numInGroup", AT + GROUPS_OFFSET + 2);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 0x1000, 0xFFFF})
    void eventCountThatCannotFitIsRejected(final int count)
    {
        final int at = AT + positions(sample()).eventsHeader() + 2;
        final Written record = writeInto(sample(), BufferKind.DIRECT, AT, TAIL);
        putU16(record.buffer(), at, count);
        assertError(rejectedResealed(record, record.length()), "events.numInGroup", at);
    }

    @Test
    void aggregateCountThatFitsByCountButNotByBytesIsRejected()
    {
        // One aggregate with a 30-byte id, no events, no key: a second aggregate passes the count check but would
        // start where the events group header is, six bytes before the end.
        final RecordSpec spec = new RecordSpec(1, 2, 3, 4, List.of(new AggregateSpec("x".repeat(30), 1)), List.of(),
            null);
        final Positions positions = positions(spec);
        final Written record = writeInto(spec, BufferKind.HEAP_ARRAY, AT, TAIL);
        putU16(record.buffer(), AT + GROUPS_OFFSET + 2, 2);
        assertError(rejectedResealed(record, record.length()), "aggregates", AT + positions.eventsHeader());
    }

    @Test
    void eventCountThatFitsByCountButNotByBytesIsRejected()
    {
        final RecordSpec spec = new RecordSpec(1, 2, 3, 4, List.of(new AggregateSpec("a", 1)),
            List.of(new EventSpec(0, 1, 1, payload(20, 3))), null);
        final Positions positions = positions(spec);
        final Written record = writeInto(spec, BufferKind.HEAP_ARRAY, AT, TAIL);
        putU16(record.buffer(), AT + positions.eventsHeader() + 2, 2);
        assertError(rejectedResealed(record, record.length()), "events", AT + positions.keyLength());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 20, 141})
    void payloadLengthNegativeOrPastTheEndIsRejected(final int length)
    {
        // Stored as u32, so -1 is 0xFFFFFFFF; the sample record is 140 bytes, so each positive value runs past it.
        final int lengthAt = AT + positions(sample()).eventStarts()[0] + 8;
        final Written record = writeInto(sample(), BufferKind.DIRECT_SLICE, AT, TAIL);
        record.buffer().putInt(lengthAt, length, ByteOrder.LITTLE_ENDIAN);
        assertError(rejectedResealed(record, record.length()), "events.payload.length", lengthAt);
    }

    @Test
    void lastPayloadLengthOneBytePastTheEndIsRejected()
    {
        final Positions positions = positions(sample());
        final int last = positions.eventStarts()[2];
        final Written record = writeInto(sample(), BufferKind.HEAP_ARRAY, AT, TAIL);
        record.buffer().putInt(AT + last + 8, positions.end() - (last + 12) + 1, ByteOrder.LITTLE_ENDIAN);
        assertError(rejectedResealed(record, record.length()), "events.payload.length", AT + last + 8);
    }

    @Test
    void lastPayloadLengthReachingTheEndLeavesNoRoomForTheKey()
    {
        final Positions positions = positions(sample());
        final int last = positions.eventStarts()[2];
        final Written record = writeInto(sample(), BufferKind.HEAP_ARRAY, AT, TAIL);
        record.buffer().putInt(AT + last + 8, positions.end() - (last + 12), ByteOrder.LITTLE_ENDIAN);
        assertError(rejectedResealed(record, record.length()), "idempotencyKey.length", AT + positions.end());
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 0xFFFF})
    void aggregateIdLengthPastTheEndIsRejected(final int extra)
    {
        final Positions positions = positions(sample());
        final int lengthAt = positions.aggregateStarts()[1] + 8;
        final Written record = writeInto(sample(), BufferKind.HEAP_BYTE_BUFFER_SLICE, AT, TAIL);
        final int value = Math.min(0xFFFF, positions.end() - (lengthAt + 2) + extra);
        putU16(record.buffer(), AT + lengthAt, value);
        assertError(rejectedResealed(record, record.length()), "aggregates.aggregateId.length", AT + lengthAt);
    }

    @Test
    void aggregateIdLengthOverTheLimitIsRejectedEvenInsideTheRecord()
    {
        final RecordSpec spec = new RecordSpec(1, 2, 3, 4, List.of(new AggregateSpec("a", 1)),
            List.of(new EventSpec(0, 1, 1, payload(2000, 3))), null);
        final int lengthAt = positions(spec).aggregateStarts()[0] + 8;
        final Written record = writeInto(spec, BufferKind.HEAP_ARRAY, AT, TAIL);
        putU16(record.buffer(), AT + lengthAt, RecordWriter.MAX_ID_BYTES + 1);
        assertError(rejectedResealed(record, record.length()), "aggregates.aggregateId.length", AT + lengthAt);
    }

    @Test
    void idempotencyKeyLengthPastTheEndIsRejected()
    {
        final Positions positions = positions(sample());
        final Written record = writeInto(sample(), BufferKind.HEAP_ARRAY, AT, TAIL);
        putU16(record.buffer(), AT + positions.keyLength(), 4);
        assertError(rejectedResealed(record, record.length()), "idempotencyKey.length", AT + positions.keyLength());
    }

    @Test
    void idempotencyKeyLengthShortOfTheEndLeavesTrailingBytes()
    {
        final Positions positions = positions(sample());
        final Written record = writeInto(sample(), BufferKind.HEAP_ARRAY, AT, TAIL);
        putU16(record.buffer(), AT + positions.keyLength(), 2);
        assertError(rejectedResealed(record, record.length()), "record", AT + positions.end() - 1);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 0xFFFF})
    void eventAggregateIndexOutOfRangeIsRejected(final int index)
    {
        final int eventAt = AT + positions(sample()).eventStarts()[1];
        final Written record = writeInto(sample(), BufferKind.DIRECT, AT, TAIL);
        putU16(record.buffer(), eventAt, index);
        assertError(rejectedResealed(record, record.length()), "events.aggregateIndex", eventAt);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, TAIL})
    void trailingBytesAreRejected(final int extra)
    {
        final Written record = writeInto(sample(), BufferKind.HEAP_ARRAY, AT, TAIL);
        assertError(rejectedResealed(record, record.length() + extra), "record", AT + record.length());
    }

    @Test
    void lengthBeyondTheBufferIsRejected()
    {
        final Written record = writeInto(sample(), BufferKind.DIRECT, AT, 0);
        final UnsafeBuffer buffer = record.buffer();
        assertEquals(AT + record.length(), buffer.capacity());
        assertError(wrapFails(buffer, AT, record.length() + 1), "record", AT);
        assertError(wrapFails(buffer, AT + 1, record.length()), "record", AT + 1);
        assertError(wrapFails(buffer, AT, Integer.MAX_VALUE), "record", AT);
        assertError(wrapFails(buffer, Integer.MAX_VALUE, MIN_LENGTH), "record", Integer.MAX_VALUE);
        assertError(wrapFails(buffer, buffer.capacity() + 1, 0), "record", buffer.capacity() + 1);
        assertError(wrapFails(buffer, -1, record.length()), "record", -1);
        assertError(wrapFails(buffer, AT, -1), "record", AT);
        assertError(wrapFails(buffer, AT, Integer.MIN_VALUE), "record", AT);
    }

    @Test
    void lengthBelowTheMinimumIsRejected()
    {
        final Written record = writeInto(sample(), BufferKind.HEAP_ARRAY, AT, TAIL);
        assertError(wrapFails(record.buffer(), AT, MIN_LENGTH - 1), "record", AT);
    }

    @Test
    void viewIsStillUsableAfterARejectedRecord()
    {
        final Written good = writeInto(sample(), BufferKind.DIRECT, AT, TAIL);
        final Written bad = writeInto(sample(), BufferKind.DIRECT, AT, TAIL);
        putU16(bad.buffer(), AT + positions(sample()).eventStarts()[0], 0xFFFF);
        assertViewMatches(sample(), view.wrap(good.buffer(), AT, good.length()), good.buffer(), AT, good.length());
        rejectedResealed(bad, bad.length());
        assertViewMatches(sample(), view.wrap(good.buffer(), AT, good.length()), good.buffer(), AT, good.length());
    }

    private CodecException rejected(final Written record)
    {
        return wrapFails(record.buffer(), AT, record.length());
    }

    private CodecException rejectedResealed(final Written record, final int length)
    {
        reseal(record.buffer(), AT, length);
        return wrapFails(record.buffer(), AT, length);
    }

    private CodecException wrapFails(final UnsafeBuffer buffer, final int offset, final int length)
    {
        return assertThrows(CodecException.class, () -> view.wrap(buffer, offset, length));
    }

    private static void assertError(final CodecException ex, final String field, final int offset)
    {
        assertEquals(field, ex.field(), ex.getMessage());
        assertEquals(offset, ex.offset(), ex.getMessage());
    }
}
