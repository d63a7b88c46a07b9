package dev.scribe.codecs.journal;

import dev.scribe.codecs.CodecException;
import dev.scribe.codecs.journal.RecordFixtures.BufferKind;
import dev.scribe.codecs.journal.RecordFixtures.RecordSpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;
import java.util.Random;

import static dev.scribe.codecs.journal.RecordFixtures.assertSbeDecoderMatches;
import static dev.scribe.codecs.journal.RecordFixtures.assertViewMatches;
import static dev.scribe.codecs.journal.RecordFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Random records written by {@link RecordWriter} read back field for field by {@link RecordView}, wherever the bytes
 * end up: heap or off-heap, at any offset and alignment.
 */
class RecordRoundTripTest
{
    /** Reused across tries: starts small so that it has to grow, and must forget each previous record. */
    private final RecordWriter writer = new RecordWriter(64);

    @Property(tries = 300)
    void recordReadsBackAsWritten(
        @ForAll(supplier = RecordArbitraries.Records.class) final RecordSpec spec,
        @ForAll final BufferKind kind,
        @ForAll @IntRange(max = 71) final int offset,
        @ForAll @IntRange(max = 16) final int tail)
    {
        final int length = write(writer, spec);
        assertEquals(length, writer.length());

        final RecordView view = new RecordView();
        assertViewMatches(spec, view.wrap(writer.buffer(), 0, length), writer.buffer(), 0, length);

        final UnsafeBuffer copy = kind.allocate(offset + length + tail);
        writer.copyTo(copy, offset);
        assertViewMatches(spec, view.wrap(copy, offset, length), copy, offset, length);
        assertSbeDecoderMatches(spec, copy, offset, length);
    }

    @Property(tries = 100)
    void oneViewReadsManyRecordsOfDifferentSizes(
        @ForAll @Size(min = 1, max = 8) final List<@From(supplier = RecordArbitraries.Records.class) RecordSpec> specs,
        @ForAll final BufferKind kind,
        @ForAll final long seed)
    {
        final Random random = new Random(seed);
        final int count = specs.size();
        final int[] offsets = new int[count];
        final int[] lengths = new int[count];
        final byte[][] records = new byte[count][];
        int capacity = 0;
        for (int i = 0; i < count; i++)
        {
            lengths[i] = write(writer, specs.get(i));
            records[i] = RecordFixtures.bytes(writer.buffer(), 0, lengths[i]);
            offsets[i] = capacity + random.nextInt(9);
            capacity = offsets[i] + lengths[i];
        }
        final UnsafeBuffer buffer = kind.allocate(capacity);
        for (int i = 0; i < count; i++)
        {
            buffer.putBytes(offsets[i], records[i]);
        }

        final RecordView view = new RecordView();
        for (int pass = 0; pass < 3; pass++)
        {
            for (int n = 0; n < count; n++)
            {
                final int i = pass == 1 ? count - 1 - n : random.nextInt(count);
                assertViewMatches(specs.get(i), view.wrap(buffer, offsets[i], lengths[i]), buffer, offsets[i],
                    lengths[i]);
                if (random.nextInt(4) == 0)
                {
                    // A failed wrap in between must not leave anything behind that the next record would see.
                    final int bit = random.nextInt(lengths[i] * 8);
                    final UnsafeBuffer corrupt = new UnsafeBuffer(records[i].clone());
                    corrupt.putByte(bit >> 3, (byte)(corrupt.getByte(bit >> 3) ^ (1 << (bit & 7))));
                    assertThrows(CodecException.class, () -> view.wrap(corrupt, 0, lengths[i]));
                }
            }
        }
    }
}
