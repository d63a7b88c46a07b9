package dev.scribe.replication.link;

import java.io.BufferedInputStream;
import java.io.InputStream;

/**
 * A buffered socket stream that says whether its buffer is empty: a reader wakes the agent only then, before it
 * would block on the socket, so a burst of frames costs one wake-up, not one per frame.
 */
final class SocketInput extends BufferedInputStream
{
    private static final int BUFFER_BYTES = 64 * 1024;

    SocketInput(final InputStream in)
    {
        super(in, BUFFER_BYTES);
    }

    /**
     * Whether every byte read from the socket has been handed on.
     *
     * @return true if the next read goes to the socket.
     */
    synchronized boolean drained()
    {
        return pos >= count;
    }
}
