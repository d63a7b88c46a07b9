package dev.scribe.replication;

import dev.scribe.journal.FileAccess;
import dev.scribe.journal.OwnedFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.zip.CRC32C;

/**
 * The node's small state files beside its journal (the epoch promise, the journal mark): fixed-length,
 * little-endian, ending in a CRC32C of everything before it. Read without following a link and checked; written
 * through a temporary file, forced, renamed into place and the directory forced, with the journal's file access. A
 * file that is there but is not exactly such a file is damaged: an error naming it, never a default value.
 */
final class StateFiles
{
    private StateFiles()
    {
    }

    /**
     * Read a state file and check its length, magic, version and CRC.
     *
     * @return its bytes, positioned at the first byte after the version; null if there is no such file.
     * @throws IllegalStateException naming the file if it is damaged.
     * @throws UncheckedIOException  naming the file if it cannot be read.
     */
    static ByteBuffer read(final Path file, final int length, final int magic, final int version,
        final FileAccess access)
    {
        final ByteBuffer bytes = ByteBuffer.allocate(length + 1).order(ByteOrder.LITTLE_ENDIAN);
        try
        {
            final BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile())
            {
                throw damaged(file, "it is not a regular file");
            }
            try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS))
            {
                while (bytes.hasRemaining() && channel.read(bytes) >= 0)
                {
                    // read to the end, or one byte past the length
                }
            }
            access.restrictFile(file);
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
        bytes.flip();
        if (bytes.limit() != length)
        {
            throw damaged(file, "it is " + (bytes.limit() > length ? "longer" : bytes.limit() + " bytes") +
                ", not " + length + " bytes");
        }
        final int crc = crc(bytes, length - Integer.BYTES);
        if (crc != bytes.getInt(length - Integer.BYTES))
        {
            throw damaged(file, "its CRC32C does not match its content");
        }
        if (bytes.getInt(0) != magic)
        {
            throw damaged(file, "it does not start with the magic number " + Integer.toHexString(magic));
        }
        if (bytes.getInt(Integer.BYTES) != version)
        {
            throw damaged(file, "its format version is " + bytes.getInt(Integer.BYTES) + ", not " + version);
        }
        bytes.position(2 * Integer.BYTES);
        return bytes;
    }

    /**
     * A buffer for a state file's content, with its magic and version written.
     */
    static ByteBuffer allocate(final int length, final int magic, final int version)
    {
        final ByteBuffer bytes = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putInt(0, magic).putInt(Integer.BYTES, version);
        bytes.position(2 * Integer.BYTES);
        return bytes;
    }

    /**
     * Seal a state file's content with its CRC and write it durably.
     *
     * @throws UncheckedIOException naming the file if it cannot be written.
     */
    static void write(final Path file, final ByteBuffer bytes, final FileAccess access)
    {
        seal(bytes);
        try
        {
            OwnedFiles.writeDurably(file, bytes.array(), access);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file + ": " + ex.getMessage(), ex);
        }
    }

    /** Put the CRC of a state file's content in its last four bytes. */
    static void seal(final ByteBuffer bytes)
    {
        final int length = bytes.capacity();
        bytes.putInt(length - Integer.BYTES, crc(bytes, length - Integer.BYTES));
    }

    private static int crc(final ByteBuffer bytes, final int length)
    {
        final CRC32C crc = new CRC32C();
        crc.update(bytes.array(), 0, length);
        return (int)crc.getValue();
    }

    static IllegalStateException damaged(final Path file, final String why)
    {
        return new IllegalStateException("the replication state file " + file + " is damaged: " + why + "; it is " +
            "not taken as missing, which could reuse an epoch or hide a lost journal tail (see the replication " +
            "runbook)");
    }
}
