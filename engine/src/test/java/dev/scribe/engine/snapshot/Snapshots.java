package dev.scribe.engine.snapshot;

import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Helpers for snapshot tests: sections as values, and large sections generated from a seed so that neither writer nor
 * checker holds them in memory.
 */
final class Snapshots
{
    private Snapshots()
    {
    }

    /** A section as a value. */
    record Section(int typeId, byte[] bytes)
    {
        @Override
        public boolean equals(final Object other)
        {
            return other instanceof Section that && typeId == that.typeId && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode()
        {
            return 31 * typeId + Arrays.hashCode(bytes);
        }

        @Override
        public String toString()
        {
            return "Section{" + typeId + ", " + bytes.length + " bytes}";
        }
    }

    static List<Section> readAll(final SnapshotReader reader)
    {
        final List<Section> sections = new ArrayList<>();
        reader.forEachSection((typeId, buffer, offset, length) ->
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            sections.add(new Section(typeId, bytes));
        });
        return sections;
    }

    /** Write {@code length} bytes generated from a seed through a stream, in chunks of varying size. */
    static void writeGenerated(final OutputStream out, final long seed, final long length) throws IOException
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final byte[] chunk = new byte[100_003];
        long done = 0;
        while (done < length)
        {
            final int n = (int)Math.min(1 + random.nextInt(chunk.length), length - done);
            fill(random, chunk, n);
            out.write(chunk, 0, n);
            done += n;
        }
    }

    /** Check that a section holds the bytes {@link #writeGenerated} writes for a seed and length. */
    static void assertGenerated(
        final DirectBuffer buffer, final int offset, final int length, final long seed,
        final long expectedLength)
    {
        assertEquals(expectedLength, length, "section length");
        final SplittableRandom random = new SplittableRandom(seed);
        final byte[] chunk = new byte[100_003];
        final byte[] actual = new byte[chunk.length];
        int done = 0;
        while (done < length)
        {
            final int n = Math.min(1 + random.nextInt(chunk.length), length - done);
            fill(random, chunk, n);
            buffer.getBytes(offset + done, actual, 0, n);
            if (!Arrays.equals(chunk, 0, n, actual, 0, n))
            {
                throw new AssertionError("section bytes differ in [" + done + ", " + (done + n) + ")");
            }
            done += n;
        }
    }

    private static void fill(final SplittableRandom random, final byte[] chunk, final int n)
    {
        for (int i = 0; i < n; i += 8)
        {
            long value = random.nextLong();
            for (int j = i; j < Math.min(i + 8, n); j++)
            {
                chunk[j] = (byte)value;
                value >>>= 8;
            }
        }
    }

    static List<String> fileNames(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
