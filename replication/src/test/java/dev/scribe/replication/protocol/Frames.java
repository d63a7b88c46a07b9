package dev.scribe.replication.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Frames in memory: encode with a {@link FrameWriter} into bytes, and read bytes back with a {@link FrameReader}.
 * Offsets are into the stream bytes, so the SBE header starts at {@link #HEADER}.
 */
final class Frames
{
    static final int MAX = 4096;
    /** Offset of the SBE header in a stream holding one frame: after the length prefix. */
    static final int HEADER = 4;
    static final int BLOCK_LENGTH_AT = HEADER;
    static final int TEMPLATE_ID_AT = HEADER + 2;
    static final int SCHEMA_ID_AT = HEADER + 4;
    static final int VERSION_AT = HEADER + 6;
    /** Offset of the message block in a stream holding one frame. */
    static final int BLOCK = HEADER + 8;

    private Frames()
    {
    }

    interface Encoding
    {
        void encode(FrameWriter writer) throws IOException;
    }

    static byte[] encode(final Encoding encoding)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try
        {
            final FrameWriter writer = new FrameWriter(out, MAX);
            encoding.encode(writer);
            writer.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    static FrameReader reader(final byte[] bytes)
    {
        return new FrameReader(new ByteArrayInputStream(bytes), MAX);
    }

    static FrameReader reader(final byte[] bytes, final int maxFrameBytes)
    {
        return new FrameReader(new ByteArrayInputStream(bytes), maxFrameBytes);
    }

    static byte[] withU16(final byte[] bytes, final int at, final int value)
    {
        final byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short)value);
        return copy;
    }

    static byte[] withI32(final byte[] bytes, final int at, final int value)
    {
        final byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        return copy;
    }

    static byte[] withByte(final byte[] bytes, final int at, final int value)
    {
        final byte[] copy = bytes.clone();
        copy[at] = (byte)value;
        return copy;
    }

    /** The body after a length prefix that declares {@code declaredLength}, which may lie. */
    static byte[] frame(final int declaredLength, final byte[] body)
    {
        final byte[] bytes = new byte[4 + body.length];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(0, declaredLength);
        System.arraycopy(body, 0, bytes, 4, body.length);
        return bytes;
    }

    /** The frame with its last {@code cut} bytes dropped and its length prefix adjusted to match. */
    static byte[] shortened(final byte[] frame, final int cut)
    {
        final byte[] copy = Arrays.copyOf(frame, frame.length - cut);
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(0, copy.length - 4);
        return copy;
    }

    /** The frame with extra bytes at its end and its length prefix adjusted to match. */
    static byte[] lengthened(final byte[] frame, final int extra)
    {
        final byte[] copy = Arrays.copyOf(frame, frame.length + extra);
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(0, copy.length - 4);
        return copy;
    }

    static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** An output stream that counts the writes it is given, to see batching. */
    static final class CountingOutputStream extends OutputStream
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int writes;
        int flushes;

        @Override
        public void write(final int b)
        {
            writes++;
            bytes.write(b);
        }

        @Override
        public void write(final byte[] b, final int off, final int len)
        {
            writes++;
            bytes.write(b, off, len);
        }

        @Override
        public void flush()
        {
            flushes++;
        }
    }

    /** An input stream that hands out one byte per read, then a timeout, alternately; to see reads resume. */
    static final class StutteringInputStream extends InputStream
    {
        private final byte[] bytes;
        private int position;
        private boolean timeOutNext;

        StutteringInputStream(final byte[] bytes)
        {
            this.bytes = bytes;
        }

        @Override
        public int read() throws IOException
        {
            final byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(final byte[] b, final int off, final int len) throws IOException
        {
            timeOutNext = !timeOutNext;
            if (!timeOutNext)
            {
                throw new SocketTimeoutException("stutter");
            }
            if (position == bytes.length)
            {
                return -1;
            }
            b[off] = bytes[position++];
            return 1;
        }
    }
}
