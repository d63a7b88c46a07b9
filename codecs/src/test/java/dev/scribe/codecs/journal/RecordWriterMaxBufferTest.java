package dev.scribe.codecs.journal;

import dev.scribe.codecs.payload.PayloadCodec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.agrona.ExpandableDirectByteBuffer.MAX_BUFFER_LENGTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * A record that fills the largest buffer there is: the next event is refused before anything of it is written, as
 * its offsets would pass {@link Integer#MAX_VALUE}. Takes the two gigabytes of direct memory the tests' JVM has.
 */
class RecordWriterMaxBufferTest
{
    @Test
    void anEventAfterARecordThatFillsTheLargestBufferIsRefusedBeforeItIsWritten()
    {
        final RecordWriter writer;
        try
        {
            writer = new RecordWriter(MAX_BUFFER_LENGTH);
        }
        catch (final OutOfMemoryError ex)
        {
            abort("no room for a buffer of " + MAX_BUFFER_LENGTH + " bytes: " + ex);
            return;
        }
        final FillingCodec filling = new FillingCodec();
        writer.begin(1, 2, 3, 4).aggregate("acc-1", 1).event(0, filling, "fills the buffer");
        assertEquals(MAX_BUFFER_LENGTH, writer.length());

        assertThrows(IndexOutOfBoundsException.class, () -> writer.event(0, filling, "one too many"));
        assertEquals(List.of("fills the buffer"), filling.encoded);
        assertEquals(MAX_BUFFER_LENGTH, writer.length());

        // the writer writes the next record
        final int length = writer.begin(1, 2, 3, 4).aggregate("acc-1", 1).finish();
        assertEquals(length, new RecordView().wrap(writer.buffer(), 0, length).length());
    }

    /** Claims the rest of the buffer without writing it, and remembers what it was given. */
    private static final class FillingCodec implements PayloadCodec<String>
    {
        private final List<String> encoded = new ArrayList<>();

        @Override
        public Class<String> type()
        {
            return String.class;
        }

        @Override
        public int typeId()
        {
            return 1;
        }

        @Override
        public int version()
        {
            return 1;
        }

        @Override
        public int encode(final String value, final MutableDirectBuffer buffer, final int offset)
        {
            encoded.add(value);
            return buffer.capacity() - offset;
        }

        @Override
        public String decode(final DirectBuffer buffer, final int offset, final int length)
        {
            throw new UnsupportedOperationException();
        }
    }
}
