package dev.scribe.codecs.journal;

import dev.scribe.codecs.CodecException;
import dev.scribe.codecs.journal.RecordFixtures.AggregateSpec;
import dev.scribe.codecs.journal.RecordFixtures.EventSpec;
import dev.scribe.codecs.journal.RecordFixtures.RecordSpec;
import dev.scribe.codecs.payload.PayloadCodec;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.scribe.codecs.journal.RecordFixtures.assertViewMatches;
import static dev.scribe.codecs.journal.RecordFixtures.bytes;
import static dev.scribe.codecs.journal.RecordFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A writer that starts with the smallest buffer grows at every step of a record, whichever way its aggregates and
 * events are given: the ids as text, as UTF-8 bytes or as bytes with their first sixteen in two words, the payloads
 * as bytes or through a codec that grows the buffer itself. Each way gives the same record as a writer that did not
 * have to grow, and a codec that grows the buffer and then throws leaves a writer that still writes.
 */
class RecordWriterGrowthTest
{
    /** A writer that never has to grow for these records, reused: it forgets each record at the next. */
    private static final RecordWriter ROOMY = new RecordWriter(1 << 20);

    @Property(tries = 300)
    void everyWayOfWritingGrowsTheBufferToTheSameRecord(
        @ForAll(supplier = RecordArbitraries.Records.class) final RecordSpec spec,
        @ForAll @IntRange(max = 2) final int way)
    {
        final byte[] expected = bytes(ROOMY.buffer(), 0, write(ROOMY, spec));

        final RecordWriter small = new RecordWriter(1);
        final int length = writeAnotherWay(small, spec, way);
        assertArrayEquals(expected, bytes(small.buffer(), 0, length), "way " + way);
        assertViewMatches(spec, new RecordView().wrap(small.buffer(), 0, length), small.buffer(), 0, length);

        // the grown writer writes the next record in place of the last
        final int again = writeAnotherWay(small, spec, (way + 1) % 3);
        assertArrayEquals(expected, bytes(small.buffer(), 0, again), "way " + (way + 1) % 3 + " after " + way);
    }

    @Example
    void aCodecThatGrowsTheBufferAndThenThrowsLeavesAWriterThatWritesTheNextRecord()
    {
        final RecordWriter writer = new RecordWriter(1);
        writer.begin(1, 2, 3, 4).aggregate("acc-1", 1);
        final PayloadCodec<byte[]> throwing = new BytesCodec(7, 1)
        {
            @Override
            public int encode(final byte[] value, final MutableDirectBuffer buffer, final int offset)
            {
                buffer.putByte(offset + (1 << 16), (byte)1);
                throw new CodecException("value", offset, "refused after growing the buffer");
            }
        };
        assertThrows(CodecException.class, () -> writer.event(0, throwing, new byte[1]));

        final byte[] expected = bytes(ROOMY.buffer(), 0, ROOMY.begin(5, 6, 7, 8).aggregate("acc-2", 2)
            .event(0, new BytesCodec(7, 1), new byte[] {1, 2, 3}).finish());
        final int length = writer.begin(5, 6, 7, 8).aggregate("acc-2", 2)
            .event(0, new BytesCodec(7, 1), new byte[] {1, 2, 3}).finish();
        assertArrayEquals(expected, bytes(writer.buffer(), 0, length));
    }

    @Example
    void aBufferGrownByWhoeverHoldsItBetweenStepsOrRecordsStillGetsTheRecord()
    {
        final byte[] expected = bytes(ROOMY.buffer(), 0, ROOMY.begin(5, 6, 7, 8).aggregate("acc-2", 2)
            .event(0, new BytesCodec(7, 1), new byte[] {1, 2, 3}).idempotencyKey("key").finish());

        final RecordWriter writer = new RecordWriter(1);
        final int first = writer.begin(1, 2, 3, 4).aggregate("acc-1", 1).finish();
        // the memory each growth leaves behind is kept, so that a write to it is seen rather than undefined
        final List<ByteBuffer> left = new ArrayList<>();
        left.add(writer.buffer().byteBuffer());
        writer.copyTo(writer.buffer(), first); // into its own buffer, past the record: it grows
        left.add(writer.buffer().byteBuffer());
        writer.begin(5, 6, 7, 8);
        grow(writer, left);
        writer.aggregate("acc-2", 2);
        grow(writer, left);
        writer.event(0, new BytesCodec(7, 1), new byte[] {1, 2, 3});
        grow(writer, left);
        writer.idempotencyKey("key");
        grow(writer, left);
        final int length = writer.finish();
        assertArrayEquals(expected, bytes(writer.buffer(), 0, length));
    }

    /** Grow the writer's buffer from outside, as a holder of {@link RecordWriter#buffer()} may. */
    private static void grow(final RecordWriter writer, final List<ByteBuffer> left)
    {
        writer.buffer().checkLimit(2 * writer.buffer().capacity());
        left.add(writer.buffer().byteBuffer());
    }

    /** Way 0: ids as text, payloads through a codec; 1: ids as bytes; 2: ids as bytes and words. */
    private static int writeAnotherWay(final RecordWriter writer, final RecordSpec spec, final int way)
    {
        writer.begin(spec.epoch(), spec.timestampNs(), spec.correlationId(), spec.causationId());
        for (final AggregateSpec aggregate : spec.aggregates())
        {
            final byte[] id = aggregate.id().getBytes(StandardCharsets.UTF_8);
            switch (way)
            {
                case 0 -> writer.aggregate(aggregate.id(), aggregate.version());
                case 1 -> writer.aggregate(id, id.length, aggregate.version());
                default -> writer.aggregate(id, id.length, word(id, 0), word(id, Long.BYTES), aggregate.version());
            }
        }
        for (final EventSpec event : spec.events())
        {
            writer.event(event.aggregateIndex(), new BytesCodec(event.typeId(), event.version()), event.payload());
        }
        if (null != spec.key())
        {
            writer.idempotencyKey(spec.key());
        }
        return writer.finish();
    }

    /** Eight bytes of an id from {@code from}, little-endian, zero past its end. */
    private static long word(final byte[] id, final int from)
    {
        long word = 0;
        for (int i = Math.min(id.length, from + Long.BYTES) - 1; i >= from; i--)
        {
            word = word << 8 | (id[i] & 0xFF);
        }
        return word;
    }

    /** Writes a payload's bytes one at a time, so that an expandable buffer grows under it. */
    private static class BytesCodec implements PayloadCodec<byte[]>
    {
        private final int typeId;
        private final int version;

        BytesCodec(final int typeId, final int version)
        {
            this.typeId = typeId;
            this.version = version;
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
        public Class<byte[]> type()
        {
            return byte[].class;
        }

        @Override
        public int encode(final byte[] value, final MutableDirectBuffer buffer, final int offset)
        {
            for (int i = 0; i < value.length; i++)
            {
                buffer.putByte(offset + i, value[i]);
            }
            return value.length;
        }

        @Override
        public byte[] decode(final DirectBuffer buffer, final int offset, final int length)
        {
            return bytes(buffer, offset, length);
        }
    }
}
