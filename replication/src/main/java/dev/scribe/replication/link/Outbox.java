package dev.scribe.replication.link;

import org.agrona.BitUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;

/**
 * A connection's outgoing buffer: the agent thread encodes whole frames (length prefix included) into a
 * {@link OneToOneRingBuffer}, and the connection's writer thread copies what it finds into one batch and writes
 * the batch to the socket, so the agent never blocks on a socket (a TLS socket blocks on writes) and a burst of
 * records costs one system call per batch: the writer writes whenever the ring is drained or the batch holds
 * {@value #WRITE_AT_BYTES} bytes.
 *
 * <p>The ring holds at least eight frames of {@code maxFrameBytes}; the connection is {@link #writable()} while it
 * is at most half full, and once the agent found it over that mark the writer wakes it after the next write that
 * brings it back under, so an agent that stopped reading records for the connection goes on at once. A writer with
 * nothing to write parks; the agent unparks it once per duty cycle ({@link #flush()}), and only when it is parked,
 * so the frames of a cycle leave in one write and a busy writer costs the agent no system call.
 */
final class Outbox implements ControlledMessageHandler
{
    /** The one message type in the ring: a frame with its length prefix. */
    static final int FRAME = 1;
    /** What {@link #writeStartNs()} says when no write is under way. */
    static final long NOT_WRITING = Long.MIN_VALUE;

    private static final int WRITE_AT_BYTES = 64 * 1024;
    private static final long PARK_NS = 100_000_000L;
    private static final MessageHandler DISCARD = (type, buffer, index, length) -> { };

    private final OneToOneRingBuffer ring;
    private final int highWaterBytes;
    private final Runnable wakeAgent;
    private final byte[] batch;
    private int fill;
    private boolean unflushed;
    private volatile Thread writer;
    private volatile boolean parked;
    private volatile boolean agentWaits;
    private volatile long writeStartNs = NOT_WRITING;

    /**
     * An outbox for frames up to a size.
     *
     * @param maxFrameBytes the largest frame, without its length prefix.
     * @param wakeAgent     wakes the agent thread once the outbox is writable again.
     */
    Outbox(final int maxFrameBytes, final Runnable wakeAgent)
    {
        this.wakeAgent = wakeAgent;
        final int capacity = capacityFor(Wire.LENGTH_PREFIX_BYTES + maxFrameBytes);
        this.ring = new OneToOneRingBuffer(
            new UnsafeBuffer(ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
        this.highWaterBytes = capacity / 2;
        this.batch = new byte[Math.max(WRITE_AT_BYTES, Wire.LENGTH_PREFIX_BYTES + maxFrameBytes)];
    }

    /** A ring capacity whose largest message (an eighth of it) holds {@code maxMessageBytes}. */
    static int capacityFor(final int maxMessageBytes)
    {
        return BitUtil.findNextPositivePowerOfTwo(Math.max(64 * 1024, 8 * (maxMessageBytes + 8)));
    }

    // -- the agent thread

    /**
     * Claim room for a frame.
     *
     * @param length the frame's bytes, prefix included.
     * @return where to encode it in {@link #buffer()}, or a negative number if there is no room.
     */
    int claim(final int length)
    {
        return ring.tryClaim(FRAME, length);
    }

    MutableDirectBuffer buffer()
    {
        return ring.buffer();
    }

    /**
     * Publish a claimed frame. The writer is woken by {@link #flush()} at the end of the agent's duty cycle, so the
     * frames of one cycle leave in one write; or now, if the ring already holds a write's worth (a ring of
     * at least 128 KiB).
     */
    void commit(final int index)
    {
        ring.commit(index);
        if (ring.size() >= WRITE_AT_BYTES)
        {
            wakeWriter();
        }
    }

    /**
     * Note that frames were committed since the last {@link #flush()}.
     *
     * @return true if none were before: the caller should flush this outbox at the end of its cycle.
     */
    boolean markUnflushed()
    {
        if (unflushed)
        {
            return false;
        }
        unflushed = true;
        return true;
    }

    /** Wake the writer, if it is parked, to write what was committed. */
    void flush()
    {
        unflushed = false;
        wakeWriter();
    }

    /** Wake the writer if it is parked: to write what was committed, or to see that its connection closes. */
    void wakeWriter()
    {
        VarHandle.fullFence(); // the commit (or close) before the read of parked: the writer does the opposite
        if (parked)
        {
            final Thread thread = writer;
            if (null != thread)
            {
                LockSupport.unpark(thread);
            }
        }
    }

    boolean writable()
    {
        return ring.size() <= highWaterBytes;
    }

    /**
     * Whether there is room for more, as the agent asks: if not, the writer wakes the agent once there is.
     *
     * @return true if writable.
     */
    boolean writableOrWake()
    {
        if (writable())
        {
            return true;
        }
        agentWaits = true;
        return writable(); // the writer may have made room before it could see the flag
    }

    /**
     * When the write under way began.
     *
     * @return nanoseconds by the writer's clock, or {@link #NOT_WRITING}.
     */
    long writeStartNs()
    {
        return writeStartNs;
    }

    /** Drop whatever the ring still holds, once its writer is gone, so the outbox can serve another connection. */
    void discard()
    {
        while (ring.read(DISCARD, Integer.MAX_VALUE) > 0)
        {
            Thread.onSpinWait();
        }
        fill = 0;
        unflushed = false;
        writeStartNs = NOT_WRITING;
        parked = false;
        writer = null;
    }

    // -- the writer thread

    /**
     * Write frames to the stream as they come until the connection closes: when asked to close it, after writing
     * everything the ring holds, shut the output down.
     *
     * @param out        the socket's stream.
     * @param connection whose closing state is followed.
     * @param clock      for {@link #writeStartNs()}.
     * @throws IOException if a write fails.
     */
    void drain(final OutputStream out, final Connection connection, final NanoClock clock) throws IOException
    {
        writer = Thread.currentThread();
        try
        {
            while (true)
            {
                final int closing = connection.closing();
                if (closing == Connection.ABORT)
                {
                    return;
                }
                ring.controlledRead(this);
                if (fill > 0)
                {
                    write(out, clock);
                    if (agentWaits && writable())
                    {
                        agentWaits = false;
                        wakeAgent.run();
                    }
                }
                else if (closing == Connection.DRAIN)
                {
                    connection.shutdownOutput();
                    return;
                }
                else
                {
                    park(connection);
                }
            }
        }
        finally
        {
            writer = null;
        }
    }

    @Override
    public Action onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (fill + length > batch.length)
        {
            return Action.ABORT; // the next batch takes it
        }
        buffer.getBytes(index, batch, fill, length);
        fill += length;
        return fill >= WRITE_AT_BYTES ? Action.BREAK : Action.CONTINUE;
    }

    /**
     * Write the batch in chunks of at most {@value #WRITE_AT_BYTES} bytes, each timed on its own: a chunk blocked
     * past the heartbeat timeout means the peer stopped reading, while a large frame on a slow link still
     * progresses chunk by chunk.
     */
    private void write(final OutputStream out, final NanoClock clock) throws IOException
    {
        for (int offset = 0; offset < fill; offset += WRITE_AT_BYTES)
        {
            writeStartNs = clock.nanoTime();
            out.write(batch, offset, Math.min(WRITE_AT_BYTES, fill - offset));
        }
        out.flush();
        writeStartNs = NOT_WRITING;
        fill = 0;
    }

    private void park(final Connection connection)
    {
        parked = true;
        if (ring.size() == 0 && connection.closing() == Connection.OPEN)
        {
            LockSupport.parkNanos(PARK_NS);
        }
        else
        {
            Thread.onSpinWait(); // a frame claimed but not yet committed
        }
        parked = false;
    }
}
