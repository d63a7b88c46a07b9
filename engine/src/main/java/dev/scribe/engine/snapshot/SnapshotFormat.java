package dev.scribe.engine.snapshot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Offsets and names of the snapshot file format described on {@link SnapshotReader}.
 */
final class SnapshotFormat
{
    static final int MAGIC = 0x50414E53; // "SNAP" in little-endian byte order
    static final int VERSION = 1;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 4;
    static final int POSITION_OFFSET = 8;
    static final int EPOCH_OFFSET = 16;
    static final int STATE_HASH_OFFSET = 24;
    static final int TIMESTAMP_OFFSET = 32;
    static final int BODY_LENGTH_OFFSET = 40;
    static final int BODY_CRC_OFFSET = 48;
    static final int SECTION_COUNT_OFFSET = 52;
    static final int RESERVED_OFFSET = 56;
    static final int HEADER_CRC_OFFSET = 60;
    static final int HEADER_LENGTH = 64;

    static final int SECTION_HEADER_LENGTH = 8;
    static final long MAX_BODY_LENGTH = Integer.MAX_VALUE - HEADER_LENGTH;

    static final String PREFIX = "snapshot-";
    static final String SUFFIX = ".snap";
    static final String TEMP_SUFFIX = ".tmp";
    private static final int HEX_DIGITS = 16;

    private SnapshotFormat()
    {
    }

    static ByteBuffer header(
        final long position,
        final long epoch,
        final long stateHash,
        final long timestampMs,
        final long bodyLength,
        final int bodyCrc,
        final int sectionCount)
    {
        final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC_OFFSET, MAGIC)
            .putInt(VERSION_OFFSET, VERSION)
            .putLong(POSITION_OFFSET, position)
            .putLong(EPOCH_OFFSET, epoch)
            .putLong(STATE_HASH_OFFSET, stateHash)
            .putLong(TIMESTAMP_OFFSET, timestampMs)
            .putLong(BODY_LENGTH_OFFSET, bodyLength)
            .putInt(BODY_CRC_OFFSET, bodyCrc)
            .putInt(SECTION_COUNT_OFFSET, sectionCount)
            .putInt(RESERVED_OFFSET, 0)
            .putInt(HEADER_CRC_OFFSET, headerCrc(header));
        return header;
    }

    /** CRC32C of the header bytes before the header CRC field. */
    static int headerCrc(final ByteBuffer header)
    {
        final CRC32C crc = new CRC32C();
        crc.update(header.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(0).limit(HEADER_CRC_OFFSET));
        return (int)crc.getValue();
    }

    static String fileName(final long position)
    {
        final String hex = Long.toHexString(position);
        return PREFIX + "0".repeat(HEX_DIGITS - hex.length()) + hex + SUFFIX;
    }

    static String tempFileName(final long position)
    {
        return fileName(position) + TEMP_SUFFIX;
    }

    /** The last element of a path, or the empty string for a root (which is no snapshot file). */
    private static String nameOf(final Path file)
    {
        final Path name = file.getFileName();
        return null == name ? "" : name.toString();
    }

    static boolean isTempFile(final Path file)
    {
        final String name = nameOf(file);
        return name.startsWith(PREFIX) && name.endsWith(TEMP_SUFFIX);
    }

    /**
     * The position a snapshot file's name says it holds, or -1 if the name is not a snapshot file's.
     */
    static long positionOf(final Path file)
    {
        final String name = nameOf(file);
        if (name.length() != PREFIX.length() + HEX_DIGITS + SUFFIX.length() ||
            !name.startsWith(PREFIX) || !name.endsWith(SUFFIX))
        {
            return -1;
        }
        long position = 0;
        for (int i = PREFIX.length(), end = PREFIX.length() + HEX_DIGITS; i < end; i++)
        {
            final int digit = Character.digit(name.charAt(i), 16);
            if (digit < 0 || Character.isUpperCase(name.charAt(i)))
            {
                return -1;
            }
            position = (position << 4) | digit;
        }
        return position < 0 ? -1 : position;
    }
}
