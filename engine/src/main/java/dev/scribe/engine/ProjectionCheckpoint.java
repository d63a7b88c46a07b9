package dev.scribe.engine;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.nio.MappedByteBuffer;

/**
 * The last journal position a projection has applied, in an 8-byte memory-mapped file, so it survives a crash of
 * the process with the projection's own state.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 last applied position (int64 LE, -1 = none)    |
 *  +---------------------------------------------------------------+
 * </pre>
 */
final class ProjectionCheckpoint implements AutoCloseable
{
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;

    ProjectionCheckpoint(final File file)
    {
        final boolean exists = file.exists() && file.length() == Long.BYTES;
        mapped = exists ? IoUtil.mapExistingFile(file, "projection checkpoint") :
            IoUtil.mapNewFile(file, Long.BYTES);
        buffer = new UnsafeBuffer(mapped);
        if (!exists)
        {
            buffer.putLongVolatile(0, -1);
        }
    }

    long position()
    {
        return buffer.getLongVolatile(0);
    }

    void position(final long position)
    {
        buffer.putLongOrdered(0, position);
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
