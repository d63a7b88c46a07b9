package dev.scribe.replication.protocol;

import dev.scribe.replication.sbe.RejectCode;
import dev.scribe.replication.sbe.RejectDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The frames of one handshake, on either side: a reader and writer sized for handshake frames only, so a lying
 * length is refused at once, and the steps both sides share.
 */
final class HandshakeChannel
{
    final FrameReader reader;
    final FrameWriter writer;

    HandshakeChannel(final InputStream in, final OutputStream out)
    {
        this.reader = new FrameReader(in, Protocol.HANDSHAKE_MAX_FRAME_BYTES);
        this.writer = new FrameWriter(out, Protocol.HANDSHAKE_MAX_FRAME_BYTES);
    }

    /**
     * Read the next frame and check it is the expected message.
     *
     * @throws RejectedException if the peer sent a Reject instead.
     * @throws ProtocolException if it sent something else, nothing in time, or closed the connection.
     */
    void expect(final int templateId) throws IOException
    {
        final String expected = FrameValidator.name(templateId);
        final int received;
        try
        {
            received = reader.read();
        }
        catch (final SocketTimeoutException ex)
        {
            throw new ProtocolException(RejectCode.TIMEOUT, "timed out waiting for " + expected, ex);
        }
        if (received == FrameReader.END_OF_STREAM)
        {
            throw new ProtocolException(RejectCode.BAD_FRAME, "connection closed while waiting for " + expected);
        }
        if (received == RejectDecoder.TEMPLATE_ID && templateId != RejectDecoder.TEMPLATE_ID)
        {
            final RejectDecoder reject = reader.reject();
            final RejectCode code = reject.code();
            final long epoch = reject.epoch();
            throw new RejectedException(code, epoch, reject.reason());
        }
        if (received != templateId)
        {
            throw new ProtocolException(RejectCode.BAD_FRAME, "expected " + expected + ", received " +
                FrameValidator.name(received));
        }
    }

    /**
     * Tell the peer why the handshake failed, if the connection still allows it; a failure to do so is added to
     * the original failure.
     */
    void rejectQuietly(final RejectCode code, final long epoch, final String reason, final Exception failure)
    {
        try
        {
            writer.writeReject(code, epoch, reason);
            writer.flush();
        }
        catch (final IOException | RuntimeException ex)
        {
            failure.addSuppressed(ex);
        }
    }

    static long deadlineNs(final Duration timeout)
    {
        return System.nanoTime() + timeout.toNanos();
    }

    static Duration checkTimeout(final Duration timeout)
    {
        if (timeout.isNegative() || timeout.isZero())
        {
            throw new IllegalArgumentException("handshake timeout " + timeout + " is not positive");
        }
        return timeout;
    }

    static void restoreTimeout(final Socket socket, final int soTimeout) throws IOException
    {
        if (!socket.isClosed())
        {
            socket.setSoTimeout(soTimeout);
        }
    }
}
