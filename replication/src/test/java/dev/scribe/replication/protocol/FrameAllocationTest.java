package dev.scribe.replication.protocol;

import com.sun.management.ThreadMXBean;
import dev.scribe.replication.sbe.AckDecoder;
import dev.scribe.replication.sbe.HeartbeatDecoder;
import dev.scribe.replication.sbe.RecordDecoder;
import dev.scribe.replication.sbe.StateHashDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Once warmed up, writing and reading Record, Ack, Heartbeat and StateHash frames allocates nothing: in memory, and
 * over a real socket on both ends.
 */
class FrameAllocationTest
{
    private static final ThreadMXBean THREADS = (ThreadMXBean)ManagementFactory.getThreadMXBean();
    private static final int RECORDS_PER_BATCH = 64;
    private static final int RECORD_BYTES = 120;
    /** Slack for measurement noise: one 16-byte object per frame would come to megabytes. */
    private static final long MAX_ALLOCATED_BYTES = 4096;

    private final UnsafeBuffer data = new UnsafeBuffer(ByteBuffer.allocateDirect(RECORD_BYTES));

    @BeforeAll
    static void enableAllocationCounting()
    {
        assertTrue(THREADS.isThreadAllocatedMemorySupported());
        THREADS.setThreadAllocatedMemoryEnabled(true);
    }

    @Test
    void inMemoryStreamFramesAllocateNothing() throws IOException
    {
        final Loopback loopback = new Loopback(1 << 20);
        final FrameWriter writer = new FrameWriter(loopback.out, Protocol.DEFAULT_MAX_FRAME_BYTES);
        final FrameReader reader = new FrameReader(loopback.in, Protocol.DEFAULT_MAX_FRAME_BYTES);
        for (int i = 0; i < RECORD_BYTES; i++)
        {
            data.putByte(i, (byte)i);
        }

        long sum = 0;
        for (int batch = 0; batch < 2_000; batch++)
        {
            sum += cycle(batch, loopback, writer, reader);
        }
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        final int measured = 3_000;
        for (int batch = 0; batch < measured; batch++)
        {
            sum += cycle(batch, loopback, writer, reader);
        }
        final long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        assertTrue(allocated < MAX_ALLOCATED_BYTES, "allocated " + allocated + " bytes over " +
            measured * (RECORDS_PER_BATCH * 2 + 2) + " frames (sum " + sum + ")");
        assertTrue(sum > 0);
    }

    private long cycle(final int batch, final Loopback loopback, final FrameWriter writer, final FrameReader reader)
        throws IOException
    {
        loopback.reset();
        final long base = (long)batch * RECORDS_PER_BATCH;
        for (int i = 0; i < RECORDS_PER_BATCH; i++)
        {
            writer.writeRecord(base + i, 3L, data, 0, RECORD_BYTES);
            writer.writeAck(3L, base + i);
        }
        writer.writeHeartbeat(3L, base, batch);
        writer.writeStateHash(3L, base, ~base);
        writer.flush();

        long sum = 0;
        long lastAck = -1;
        for (int i = 0; i < RECORDS_PER_BATCH; i++)
        {
            assertEquals(RecordDecoder.TEMPLATE_ID, reader.read());
            sum += reader.record().position() + reader.recordDataLength() +
                reader.buffer().getByte(reader.recordDataOffset() + RECORD_BYTES - 1);
            assertEquals(AckDecoder.TEMPLATE_ID, reader.read());
            lastAck = reader.ack().position();
            sum += lastAck;
        }
        assertEquals(HeartbeatDecoder.TEMPLATE_ID, reader.read());
        sum += reader.heartbeat().timestampNs();
        assertEquals(StateHashDecoder.TEMPLATE_ID, reader.read());
        sum += reader.stateHash().hash();
        assertEquals(base + RECORDS_PER_BATCH - 1, lastAck);
        assertEquals(FrameReader.END_OF_STREAM, reader.read());
        return sum;
    }

    @Test
    void socketFramesAllocateNothingOnEitherEnd() throws Exception
    {
        final int warmUpBatches = 3_000;
        final int measuredBatches = 3_000;
        try (ServerSocket server = ReplicationTransport.listen(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null))
        {
            final CompletableFuture<Long> standby = CompletableFuture.supplyAsync(() ->
            {
                try (Socket socket = ReplicationTransport.accept(server))
                {
                    return runStandby(socket, warmUpBatches, measuredBatches);
                }
                catch (final IOException ex)
                {
                    throw new IllegalStateException(ex);
                }
            });
            final long primaryAllocated;
            try (Socket socket = ReplicationTransport.connect(
                (InetSocketAddress)server.getLocalSocketAddress(), null, Duration.ofSeconds(10)))
            {
                primaryAllocated = runPrimary(socket, warmUpBatches, measuredBatches);
            }
            final long standbyAllocated = standby.get(60, TimeUnit.SECONDS);
            final int frames = measuredBatches * (RECORDS_PER_BATCH + 2);
            assertTrue(primaryAllocated < MAX_ALLOCATED_BYTES,
                "primary allocated " + primaryAllocated + " bytes over " + frames + " frames");
            assertTrue(standbyAllocated < MAX_ALLOCATED_BYTES,
                "standby allocated " + standbyAllocated + " bytes over " + frames + " frames");
        }
    }

    /** Sends batches of Records, and waits for the standby's Ack and Heartbeat after each. */
    private long runPrimary(final Socket socket, final int warmUp, final int measured) throws IOException
    {
        final FrameWriter writer = new FrameWriter(socket.getOutputStream(), Protocol.DEFAULT_MAX_FRAME_BYTES);
        final FrameReader reader = new FrameReader(socket.getInputStream(), Protocol.HANDSHAKE_MAX_FRAME_BYTES);
        long before = 0;
        for (int batch = 0; batch < warmUp + measured; batch++)
        {
            if (batch == warmUp)
            {
                before = THREADS.getCurrentThreadAllocatedBytes();
            }
            final long base = (long)batch * RECORDS_PER_BATCH;
            for (int i = 0; i < RECORDS_PER_BATCH; i++)
            {
                writer.writeRecord(base + i, 1L, data, 0, RECORD_BYTES);
            }
            writer.flush();
            assertEquals(AckDecoder.TEMPLATE_ID, reader.read());
            final long acked = reader.ack().position();
            if (acked != base + RECORDS_PER_BATCH - 1)
            {
                throw new AssertionError("ack " + acked + " after batch " + batch);
            }
            assertEquals(HeartbeatDecoder.TEMPLATE_ID, reader.read());
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    /** Reads each batch of Records and answers with an Ack of the last and a Heartbeat. */
    private static long runStandby(final Socket socket, final int warmUp, final int measured) throws IOException
    {
        final FrameReader reader = new FrameReader(
            new BufferedInputStream(socket.getInputStream(), 64 * 1024), Protocol.DEFAULT_MAX_FRAME_BYTES);
        final FrameWriter writer = new FrameWriter(socket.getOutputStream(), Protocol.HANDSHAKE_MAX_FRAME_BYTES);
        long before = 0;
        for (int batch = 0; batch < warmUp + measured; batch++)
        {
            if (batch == warmUp)
            {
                before = THREADS.getCurrentThreadAllocatedBytes();
            }
            long position = -1;
            for (int i = 0; i < RECORDS_PER_BATCH; i++)
            {
                if (reader.read() != RecordDecoder.TEMPLATE_ID || reader.recordDataLength() != RECORD_BYTES)
                {
                    throw new AssertionError("not the expected Record in batch " + batch);
                }
                position = reader.record().position();
            }
            writer.writeAck(1L, position);
            writer.writeHeartbeat(1L, position, batch);
            writer.flush();
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    /** An in-memory pipe: written bytes are read back in order until {@link #reset()}. */
    private static final class Loopback
    {
        private final byte[] bytes;
        private int writeAt;
        private int readAt;

        final OutputStream out = new OutputStream()
        {
            @Override
            public void write(final int b)
            {
                bytes[writeAt++] = (byte)b;
            }

            @Override
            public void write(final byte[] b, final int off, final int len)
            {
                System.arraycopy(b, off, bytes, writeAt, len);
                writeAt += len;
            }
        };

        final InputStream in = new InputStream()
        {
            @Override
            public int read()
            {
                return readAt == writeAt ? -1 : bytes[readAt++] & 0xFF;
            }

            @Override
            public int read(final byte[] b, final int off, final int len)
            {
                if (readAt == writeAt)
                {
                    return -1;
                }
                final int n = Math.min(len, writeAt - readAt);
                System.arraycopy(bytes, readAt, b, off, n);
                readAt += n;
                return n;
            }
        };

        Loopback(final int capacity)
        {
            this.bytes = new byte[capacity];
        }

        void reset()
        {
            writeAt = 0;
            readAt = 0;
        }
    }
}
