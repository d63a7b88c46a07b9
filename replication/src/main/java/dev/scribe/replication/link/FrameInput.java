package dev.scribe.replication.link;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Reads the link's frames from a stream into its own buffer and checks each one whole (see {@link WireValidator})
 * before anyone looks at it.
 *
 * <p>{@link #read()} reads the 4-byte length prefix and refuses a length outside {@code 8..maxFrameBytes} before it
 * reads anything more, then reads exactly that many bytes: it never reads past the frame, so the stream can be
 * handed on (from the handshake to the connection's reader). The frame lands at {@link #frameOffset()} of
 * {@link #buffer()}, after {@code headroom} bytes the caller may fill (the connection id, for the inbox). Nothing is
 * allocated per frame. One thread at a time.
 */
final class FrameInput
{
    /** Returned by {@link #read()} when the stream ended cleanly between two frames. */
    static final int END_OF_STREAM = -1;

    private final InputStream in;
    private final int maxFrameBytes;
    private final int headroom;
    private final byte[] bytes;
    private final UnsafeBuffer buffer;
    private final WireValidator validator = new WireValidator();
    private int frameLength;

    /**
     * A reader.
     *
     * @param in            to read from.
     * @param maxFrameBytes the largest frame accepted, excluding its length prefix.
     * @param headroom      bytes kept free before each frame.
     */
    FrameInput(final InputStream in, final int maxFrameBytes, final int headroom)
    {
        this.in = in;
        this.maxFrameBytes = maxFrameBytes;
        this.headroom = headroom;
        this.bytes = new byte[headroom + Math.max(maxFrameBytes, Wire.LENGTH_PREFIX_BYTES)];
        this.buffer = new UnsafeBuffer(bytes);
    }

    /**
     * Read and check the next frame.
     *
     * @return its template id, or {@link #END_OF_STREAM}.
     * @throws WireException if the frame is too long or malformed.
     * @throws EOFException  if the stream ended inside a frame.
     * @throws IOException   if the stream fails.
     */
    int read() throws IOException
    {
        frameLength = 0;
        final int first = in.read(bytes, headroom, Wire.LENGTH_PREFIX_BYTES);
        if (first < 0)
        {
            return END_OF_STREAM;
        }
        readFully(headroom + first, Wire.LENGTH_PREFIX_BYTES - first, true);
        final int length = buffer.getInt(headroom, LITTLE_ENDIAN);
        if (length < Wire.HEADER_BYTES)
        {
            throw WireException.malformed("frame length " + length + " is below the minimum " + Wire.HEADER_BYTES +
                " (the message header)");
        }
        if (length > maxFrameBytes)
        {
            throw WireException.malformed("frame length " + length + " exceeds maxFrameBytes " + maxFrameBytes);
        }
        readFully(headroom, length, false);
        final int templateId = validator.validate(buffer, headroom, length);
        frameLength = length;
        return templateId;
    }

    private void readFully(final int offset, final int length, final boolean prefix) throws IOException
    {
        int read = 0;
        while (read < length)
        {
            final int n = in.read(bytes, offset + read, length - read);
            if (n < 0)
            {
                throw new EOFException("the connection closed inside " + (prefix ? "a length prefix" : "a frame") +
                    " (" + read + " of " + length + " bytes)");
            }
            read += n;
        }
    }

    /**
     * The buffer the frames land in.
     *
     * @return the buffer, the same for every frame.
     */
    UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * Where the current frame's SBE header starts in {@link #buffer()}.
     *
     * @return the offset, the headroom.
     */
    int frameOffset()
    {
        return headroom;
    }

    /**
     * Length of the current frame, without its prefix.
     *
     * @return bytes.
     */
    int frameLength()
    {
        return frameLength;
    }
}
