package dev.scribe.replication.link;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A socket's input stream under one deadline: before each read the socket's SO_TIMEOUT is set to the time left,
 * so a peer that trickles bytes cannot stretch the handshake beyond the deadline, and no watchdog thread is needed.
 */
final class DeadlineInputStream extends InputStream
{
    private final Socket socket;
    private final InputStream in;
    private final long deadlineNs;

    DeadlineInputStream(final Socket socket, final long deadlineNs) throws IOException
    {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.deadlineNs = deadlineNs;
    }

    @Override
    public int read() throws IOException
    {
        applyDeadline();
        return in.read();
    }

    @Override
    public int read(final byte[] bytes, final int offset, final int length) throws IOException
    {
        applyDeadline();
        return in.read(bytes, offset, length);
    }

    private void applyDeadline() throws IOException
    {
        final long remainingNs = deadlineNs - System.nanoTime();
        if (remainingNs <= 0)
        {
            throw new SocketTimeoutException("handshake deadline passed");
        }
        final long remainingMs = (remainingNs + 999_999) / 1_000_000;
        socket.setSoTimeout((int)Math.min(Integer.MAX_VALUE, remainingMs));
    }
}
