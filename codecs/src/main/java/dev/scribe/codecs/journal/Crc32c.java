package dev.scribe.codecs.journal;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.zip.CRC32C;

/**
 * CRC32C (Castagnoli) of a buffer region with a hole, on heap or off heap, without allocating.
 *
 * <p>Uses the JDK's intrinsic {@code CRC32C} kernels directly so that a checksum can run over memory-mapped journal
 * bytes (a journal record, a batch document's header) and skip the four bytes that hold the checksum itself. Needs
 * {@code --add-opens=java.base/java.util.zip=ALL-UNNAMED}, which is part of Scribe's JVM flags.
 */
public final class Crc32c
{
    private static final MethodHandle UPDATE_BYTES;
    private static final MethodHandle UPDATE_DIRECT;

    static
    {
        try
        {
            final Method bytes = CRC32C.class.getDeclaredMethod(
                "updateBytes", int.class, byte[].class, int.class, int.class);
            final Method direct = CRC32C.class.getDeclaredMethod(
                "updateDirectByteBuffer", int.class, long.class, int.class, int.class);
            bytes.setAccessible(true);
            direct.setAccessible(true);
            UPDATE_BYTES = MethodHandles.lookup().unreflect(bytes);
            UPDATE_DIRECT = MethodHandles.lookup().unreflect(direct);
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            throw new ExceptionInInitializerError(new IllegalStateException(
                "CRC32C needs the JVM flag --add-opens=java.base/java.util.zip=ALL-UNNAMED (see scribe-jvm.properties)",
                ex));
        }
    }

    private Crc32c()
    {
    }

    /**
     * CRC32C of {@code [offset, offset + length)}: what {@link CRC32C} gives for the same bytes.
     *
     * @param buffer holding the bytes; bounds are the caller's to check.
     * @param offset start of the region.
     * @param length length of the region.
     * @return the checksum.
     */
    public static int compute(final DirectBuffer buffer, final int offset, final int length)
    {
        return compute(buffer, offset, length, offset + length);
    }

    /**
     * CRC32C of {@code [offset, offset + length)} except {@code [holeOffset, holeOffset + 4)}.
     *
     * @param buffer     holding the bytes; bounds are the caller's to check.
     * @param offset     start of the region.
     * @param length     length of the region.
     * @param holeOffset start of the four skipped bytes, inside the region, or its end (then nothing is skipped).
     * @return the checksum.
     */
    static int compute(final DirectBuffer buffer, final int offset, final int length, final int holeOffset)
    {
        final int end = offset + length;
        final int holeEnd = Math.min(holeOffset + 4, end);
        int crc = 0xFFFFFFFF;
        try
        {
            final byte[] array = buffer.byteArray();
            if (null != array)
            {
                final int base = (int)(buffer.addressOffset() - BufferUtil.ARRAY_BASE_OFFSET);
                crc = (int)UPDATE_BYTES.invokeExact(crc, array, base + offset, base + holeOffset);
                crc = (int)UPDATE_BYTES.invokeExact(crc, array, base + holeEnd, base + end);
            }
            else
            {
                final long address = buffer.addressOffset();
                crc = (int)UPDATE_DIRECT.invokeExact(crc, address, offset, holeOffset);
                crc = (int)UPDATE_DIRECT.invokeExact(crc, address, holeEnd, end);
            }
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("CRC32C failed", t);
        }
        return ~crc;
    }
}
