package dev.scribe.codecs.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Crc32cTest
{
    @Test
    void aRegionsChecksumIsTheJdksOnHeapAndOffHeap()
    {
        final SplittableRandom random = new SplittableRandom(42);
        final byte[] bytes = new byte[300];
        final UnsafeBuffer heap = new UnsafeBuffer(bytes);
        final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes.length));
        for (int round = 0; round < 200; round++)
        {
            random.nextBytes(bytes);
            direct.putBytes(0, bytes);
            final int offset = random.nextInt(100);
            final int length = random.nextInt(200);
            final CRC32C jdk = new CRC32C();
            jdk.update(bytes, offset, length);
            final int expected = (int)jdk.getValue();
            final String where = "offset " + offset + " length " + length;
            assertEquals(expected, Crc32c.compute(heap, offset, length), "heap, " + where);
            assertEquals(expected, Crc32c.compute(direct, offset, length), "direct, " + where);
        }
    }
}
