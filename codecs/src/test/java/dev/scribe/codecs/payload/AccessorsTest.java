package dev.scribe.codecs.payload;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessorsTest
{
    private record Sample(long amount, int count, double rate, String note)
    {
        @Override
        public String note()
        {
            if (null == note)
            {
                throw new IllegalStateException("no note");
            }
            return note;
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPrivateRecordsAccessorsAreBoundAsGeneratedClasses() throws NoSuchMethodException
    {
        final Sample sample = new Sample(7, 3, 0.5, "hello");
        final Object amount = Accessors.toLong(Sample.class.getDeclaredMethod("amount"));
        final Object count = Accessors.toInt(Sample.class.getDeclaredMethod("count"));
        final Object rate = Accessors.toDouble(Sample.class.getDeclaredMethod("rate"));
        final Object note = Accessors.function(Sample.class.getDeclaredMethod("note"));
        for (final Object bound : new Object[] {amount, count, rate, note})
        {
            assertTrue(bound.getClass().isHidden(), "a generated class: " + bound.getClass());
        }
        assertEquals(7L, ((ToLongFunction<Object>)amount).applyAsLong(sample));
        assertEquals(3, ((ToIntFunction<Object>)count).applyAsInt(sample));
        assertEquals(0.5, ((ToDoubleFunction<Object>)rate).applyAsDouble(sample));
        assertEquals("hello", ((Function<Object, Object>)note).apply(sample));
        final IllegalStateException thrown = assertThrows(IllegalStateException.class,
            () -> ((Function<Object, Object>)note).apply(new Sample(1, 1, 1, null)));
        assertEquals("no note", thrown.getMessage());
        assertNull(Accessors.function(null), "a field read has no method to bind");
    }

    @Test
    void aThrowingAccessorIsReportedAgainstItsComponent()
    {
        final RecordCodec<Sample> codec = RecordCodec.of(Sample.class, 9, 1);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        assertEquals(new Sample(1, 2, 3, "x"), codec.decode(buffer, 0, codec.encode(new Sample(1, 2, 3, "x"), buffer,
            0)));
        final RuntimeException failed = assertThrows(RuntimeException.class,
            () -> codec.encode(new Sample(1, 2, 3, null), buffer, 0));
        assertTrue(failed.getMessage().contains("note") && failed.getMessage().contains("accessor failed"),
            failed.getMessage());
    }
}
