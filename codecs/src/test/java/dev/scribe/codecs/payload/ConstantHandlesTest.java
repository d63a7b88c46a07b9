package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each decoding and encoding handle runs through a hidden class of its own holding it as a constant, and each such
 * class runs its own handle, not another's.
 */
class ConstantHandlesTest
{
    static String first(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        return "first:" + buffer.getInt(cursor.position());
    }

    static String second(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        return "second:" + buffer.getInt(cursor.position());
    }

    static Object fails(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        throw new IllegalStateException("bad bytes at " + cursor.position());
    }

    private static MethodHandle handle(final String name, final Class<?> returns) throws ReflectiveOperationException
    {
        return MethodHandles.lookup().findStatic(ConstantHandlesTest.class, name,
            MethodType.methodType(returns, DirectBuffer.class, DecodeCursor.class))
            .asType(MethodType.methodType(Object.class, DirectBuffer.class, DecodeCursor.class));
    }

    @Test
    void eachHandleRunsThroughAHiddenClassOfItsOwn() throws Throwable
    {
        final ComponentsDecoder first = ConstantHandles.decoder(handle("first", String.class));
        final ComponentsDecoder second = ConstantHandles.decoder(handle("second", String.class));
        assertTrue(first.getClass().isHidden(), "the first decoder's class is hidden");
        assertTrue(second.getClass().isHidden(), "the second decoder's class is hidden");
        assertNotSame(first.getClass(), second.getClass());

        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);
        buffer.putInt(0, 42);
        final DecodeCursor cursor = new DecodeCursor();
        cursor.reset(0, 8);
        assertEquals("first:42", first.decode(buffer, cursor));
        assertEquals("second:42", second.decode(buffer, cursor));
        assertEquals("first:42", first.decode(buffer, cursor));
    }

    @Test
    void whatTheHandleThrowsReachesTheCaller() throws Throwable
    {
        final ComponentsDecoder decoder = ConstantHandles.decoder(handle("fails", Object.class));
        final DecodeCursor cursor = new DecodeCursor();
        cursor.reset(3, 8);
        final IllegalStateException thrown = assertThrows(IllegalStateException.class,
            () -> decoder.decode(new UnsafeBuffer(new byte[8]), cursor));
        assertEquals("bad bytes at 3", thrown.getMessage());
    }

    static int writeOne(final Object record, final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putInt(offset, 1 + (Integer)record);
        return offset + Integer.BYTES;
    }

    static int writeTwo(final Object record, final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putInt(offset, 2 + (Integer)record);
        return offset + Integer.BYTES;
    }

    static int writeFails(final Object record, final MutableDirectBuffer buffer, final int offset)
    {
        throw new IllegalStateException("cannot write " + record + " at " + offset);
    }

    private static MethodHandle writer(final String name) throws ReflectiveOperationException
    {
        return MethodHandles.lookup().findStatic(ConstantHandlesTest.class, name,
            MethodType.methodType(int.class, Object.class, MutableDirectBuffer.class, int.class));
    }

    @Test
    void eachEncodingHandleRunsThroughAHiddenClassOfItsOwn() throws Throwable
    {
        final ComponentsEncoder one = ConstantHandles.encoder(writer("writeOne"));
        final ComponentsEncoder two = ConstantHandles.encoder(writer("writeTwo"));
        assertTrue(one.getClass().isHidden(), "the first encoder's class is hidden");
        assertNotSame(one.getClass(), two.getClass());

        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        assertEquals(8, one.encode(40, buffer, 4));
        assertEquals(41, buffer.getInt(4));
        assertEquals(12, two.encode(40, buffer, 8));
        assertEquals(42, buffer.getInt(8));
        final IllegalStateException thrown = assertThrows(IllegalStateException.class,
            () -> ConstantHandles.encoder(writer("writeFails")).encode(7, buffer, 3));
        assertEquals("cannot write 7 at 3", thrown.getMessage());
    }
}
