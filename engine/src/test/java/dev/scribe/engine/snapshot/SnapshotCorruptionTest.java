package dev.scribe.engine.snapshot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of damage to a snapshot file is detected before a section is handed out, with a message naming the file.
 */
class SnapshotCorruptionTest
{
    @TempDir
    Path dir;

    @Test
    void everySingleByteFlipIsDetected() throws IOException
    {
        final Path file = small();
        final byte[] good = Files.readAllBytes(file);
        for (int offset = 0; offset < good.length; offset++)
        {
            for (final int mask : new int[] {0x01, 0x80, 0xFF, 0x5A})
            {
                final byte[] bad = good.clone();
                bad[offset] ^= (byte)mask;
                Files.write(file, bad);
                assertRejected(file, "flip 0x" + Integer.toHexString(mask) + " at " + offset);
            }
        }
        Files.write(file, good);
        assertAccepted(file);
    }

    @Test
    void sampledFlipsInALargeSnapshotAreDetected() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dir);
        final Path file = store.write(77, 1, 2, writer ->
        {
            try (OutputStream out = writer.openSection(1))
            {
                Snapshots.writeGenerated(out, 99, 3 * 1024 * 1024);
            }
            writer.section(2, new byte[] {1, 2, 3});
        });
        final long seed = System.nanoTime();
        System.out.println("SnapshotCorruptionTest seed " + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final long size = Files.size(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer one = ByteBuffer.allocate(1);
            for (int i = 0; i < 300; i++)
            {
                final long offset = i < 100 ? i % SnapshotFormat.HEADER_LENGTH + (i < 64 ? 0 : size - 36) :
                    random.nextLong(size);
                one.clear();
                channel.read(one, offset);
                final byte original = one.get(0);
                final byte flipped = (byte)(original ^ (1 + random.nextInt(255)));
                channel.write(one.clear().put(0, flipped), offset);
                assertRejected(file, "flip at " + offset + " (seed " + seed + ")");
                channel.write(one.clear().put(0, original), offset);
            }
        }
        assertAccepted(file);
    }

    @Test
    void truncationAtEveryLengthIsDetected() throws IOException
    {
        final Path file = small();
        final byte[] good = Files.readAllBytes(file);
        for (int length = 0; length < good.length; length++)
        {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
            {
                channel.truncate(length);
            }
            final SnapshotException ex = assertRejected(file, "truncated to " + length);
            assertTrue(ex.getMessage().contains("truncated"), ex.getMessage());
            Files.write(file, good);
        }
        assertAccepted(file);
    }

    @Test
    void aLyingSectionLengthIsDetectedEvenWithMatchingChecksums() throws IOException
    {
        final Path file = small();
        final byte[] good = Files.readAllBytes(file);
        final int firstLength = SnapshotFormat.HEADER_LENGTH + Integer.BYTES;
        for (final int lie : new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, good.length, 4, 6})
        {
            Files.write(file, good);
            rewrite(file, bytes -> bytes.putInt(firstLength, lie));
            final SnapshotException ex = assertRejected(file, "section length " + lie);
            assertTrue(ex.getMessage().contains("section") && ex.getMessage().contains("offset"), ex.getMessage());
        }
        Files.write(file, good);
        rewrite(file, bytes -> bytes.putInt(SnapshotFormat.SECTION_COUNT_OFFSET, 2));
        assertTrue(assertRejected(file, "section count").getMessage().contains("header says 2 sections"));
        Files.write(file, good);
        rewrite(file, bytes -> bytes.putInt(SnapshotFormat.VERSION_OFFSET, 2));
        assertTrue(assertRejected(file, "version").getMessage().contains("unsupported format version 2"));
        Files.write(file, good);
        rewrite(file, bytes -> bytes.putInt(SnapshotFormat.MAGIC_OFFSET, 0x12345678));
        assertTrue(assertRejected(file, "magic").getMessage().contains("wrong magic 0x12345678"));
    }

    @Test
    void aMissingFileOrADirectoryIsRejected() throws IOException
    {
        assertRejected(dir.resolve(SnapshotFormat.fileName(1)), "missing");
        assertThrows(SnapshotException.class, () -> SnapshotReader.open(dir));
    }

    /** A snapshot of three sections, 60-odd body bytes. */
    private Path small()
    {
        return new SnapshotStore(dir).write(0x1234, 5, 0xCAFEL, writer ->
        {
            writer.section(1, new byte[] {10, 20, 30, 40, 50});
            writer.section(2, new byte[0]);
            try (OutputStream out = writer.openSection(3))
            {
                out.write(new byte[] {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7});
            }
        });
    }

    private static SnapshotException assertRejected(final Path file, final String what)
    {
        final SnapshotException ex = assertThrows(SnapshotException.class, () ->
        {
            try (SnapshotReader reader = SnapshotReader.open(file))
            {
                reader.forEachSection((typeId, buffer, offset, length) ->
                {
                    throw new AssertionError("a section of a damaged snapshot was handed out: " + what);
                });
            }
        }, what);
        assertTrue(ex.getMessage().contains(file.toString()), ex.getMessage());
        return ex;
    }

    private static void assertAccepted(final Path file)
    {
        try (SnapshotReader reader = SnapshotReader.open(file))
        {
            final int[] sections = {0};
            reader.forEachSection((typeId, buffer, offset, length) -> sections[0]++);
            assertEquals(reader.sectionCount(), sections[0]);
        }
    }

    /** Change a snapshot's bytes and give it checksums that match, so only the structural checks can catch it. */
    static void rewrite(final Path file, final Consumer<ByteBuffer> change) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        change.accept(bytes);
        final CRC32C crc = new CRC32C();
        crc.update(bytes.duplicate().position(SnapshotFormat.HEADER_LENGTH));
        bytes.putInt(SnapshotFormat.BODY_CRC_OFFSET, (int)crc.getValue());
        bytes.putInt(SnapshotFormat.HEADER_CRC_OFFSET, SnapshotFormat.headerCrc(bytes));
        Files.write(file, bytes.array());
    }

    /** Flip every bit of one byte of a file. */
    static void flip(final Path file, final long offset) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            channel.write(one.clear().put(0, (byte)~one.get(0)), offset);
        }
    }
}
