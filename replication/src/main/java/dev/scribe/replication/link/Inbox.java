package dev.scribe.replication.link;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * What the connections' reader threads hand to the agent thread: a {@link ManyToOneRingBuffer} of events, each
 * starting with the connection's id (int64, native order), then for a {@link #FRAME} the checked frame as it came
 * (SBE header and message, without the length prefix), for {@link #CLOSED} nothing. The agent reads the frames in
 * place, so a record reaches it without a copy. The ring holds at least eight frames of {@code maxFrameBytes}; a
 * reader finding it full wakes the agent and waits, which holds the peer back through TCP.
 */
final class Inbox
{
    /** A checked frame from the connection. */
    static final int FRAME = 1;
    /** The connection ended; its last event. */
    static final int CLOSED = 2;
    /** Bytes of the connection id before each event's body. */
    static final int CONNECTION_BYTES = Long.BYTES;

    private static final long FULL_PARK_NS = 50_000;

    private final ManyToOneRingBuffer ring;
    private final Runnable wake;
    private volatile boolean closed;

    /**
     * An inbox.
     *
     * @param maxFrameBytes the largest frame.
     * @param wake          wakes the agent thread.
     */
    Inbox(final int maxFrameBytes, final Runnable wake)
    {
        final int capacity = Outbox.capacityFor(CONNECTION_BYTES + maxFrameBytes);
        this.ring = new ManyToOneRingBuffer(
            new UnsafeBuffer(ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
        this.wake = wake;
    }

    /**
     * Hand over a frame, waiting while the ring is full.
     *
     * @param buffer  holding the connection's id at 0 (written here) and the frame after it.
     * @param length  the frame's length.
     * @param id      the connection.
     * @param abandon says to give up waiting (the connection or link closed).
     * @return whether it was handed over.
     */
    boolean offerFrame(final UnsafeBuffer buffer, final int length, final long id, final BooleanSupplier abandon)
    {
        buffer.putLong(0, id);
        while (!ring.write(FRAME, buffer, 0, CONNECTION_BYTES + length))
        {
            if (closed || abandon.getAsBoolean())
            {
                return false;
            }
            wake.run();
            LockSupport.parkNanos(FULL_PARK_NS);
        }
        return true;
    }

    /**
     * Say that a connection ended, waiting while the ring is full; nothing after it concerns the connection.
     *
     * @param id the connection.
     */
    void offerClosed(final long id)
    {
        while (!closed)
        {
            final int index = ring.tryClaim(CLOSED, CONNECTION_BYTES);
            if (index >= 0)
            {
                ring.buffer().putLong(index, id);
                ring.commit(index);
                wake.run();
                return;
            }
            if (index != RingBuffer.INSUFFICIENT_CAPACITY)
            {
                throw new IllegalStateException("inbox claim failed: " + index);
            }
            wake.run();
            LockSupport.parkNanos(FULL_PARK_NS);
        }
    }

    /** Wake the agent: what was handed over is there to read. */
    void wake()
    {
        wake.run();
    }

    /**
     * Read events on the agent thread.
     *
     * @param handler receives each: its type, the ring's buffer, where the event starts (the connection id) and
     *                its length.
     * @param limit   most events to read.
     * @return how many were read.
     */
    int read(final MessageHandler handler, final int limit)
    {
        return ring.read(handler, limit);
    }

    static long connection(final DirectBuffer buffer, final int index)
    {
        return buffer.getLong(index);
    }

    /** Stop waiting for room: the link is closing. */
    void close()
    {
        closed = true;
    }
}
