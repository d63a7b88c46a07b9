package dev.scribe.replication;

import dev.scribe.engine.Engine;
import dev.scribe.replication.protocol.ClientHandshake;
import dev.scribe.replication.protocol.FrameReader;
import dev.scribe.replication.protocol.FrameWriter;
import dev.scribe.replication.protocol.LogSafe;
import dev.scribe.replication.protocol.Protocol;
import dev.scribe.replication.protocol.ProtocolException;
import dev.scribe.replication.protocol.RejectedException;
import dev.scribe.replication.protocol.Welcome;
import dev.scribe.replication.sbe.HeartbeatDecoder;
import dev.scribe.replication.sbe.NodeRole;
import dev.scribe.replication.sbe.RecordDecoder;
import dev.scribe.replication.sbe.RejectDecoder;
import dev.scribe.replication.sbe.StateHashDecoder;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * A standby's link to its primary: dials it, authenticates, hands each record received to the engine (which
 * journals it at the same position and applies it) and, on a second thread, acknowledges the journaled position
 * after every business-logic batch, with heartbeats when idle. When the link fails it dials again; the handshake
 * resumes the stream from the standby's last journaled position. A Welcome that asks for a truncation ends the
 * client and asks the node to truncate and relaunch.
 */
final class StandbyClient implements AutoCloseable
{
    /** What the client asks of its node. */
    interface Node
    {
        Socket connect() throws IOException;

        ClientHandshake handshake();

        /** The primary's Welcome asks to drop records from a position. */
        void truncate(long fromPosition, String why);

        void log(String message);
    }

    private final Engine engine;
    private final Node node;
    private final NodeLink link;
    private final DivergenceCheck divergence;
    private final ReplicationContext context;
    private final NodeCounters counters;
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile boolean streamed;
    private volatile long lastHeardNs = System.nanoTime();
    private volatile Socket socket;
    private volatile long highestEpochSeen;

    StandbyClient(
        final Engine engine,
        final Node node,
        final NodeLink link,
        final DivergenceCheck divergence,
        final ReplicationContext context,
        final NodeCounters counters)
    {
        this.engine = engine;
        this.node = node;
        this.link = link;
        this.divergence = divergence;
        this.context = context;
        this.counters = counters;
        thread = new Thread(this::run, "scribe-repl-standby-" + context.nodeId());
        thread.setDaemon(true);
    }

    void start()
    {
        thread.start();
    }

    /** The newest epoch a primary stated to this client: a promotion must start a newer one. */
    long highestEpochSeen()
    {
        return highestEpochSeen;
    }

    /** When a frame last came from the primary (System.nanoTime). */
    long lastHeardNs()
    {
        return lastHeardNs;
    }

    boolean connected()
    {
        return connected;
    }

    /** Whether this client has streamed from a primary at all: a standby that never reached one does not promote. */
    boolean streamed()
    {
        return streamed;
    }

    private void run()
    {
        String lastProblem = null;
        while (!closed)
        {
            String problem;
            try (Socket s = node.connect())
            {
                socket = s;
                if (closed)
                {
                    return;
                }
                final long last = engine.barrier(); // every record handed to the engine is journaled by now
                final Welcome welcome = node.handshake().run(s, NodeRole.STANDBY, engine.epoch(), last);
                highestEpochSeen = Math.max(highestEpochSeen, welcome.epoch());
                if (welcome.truncateFrom() != Protocol.NO_POSITION)
                {
                    node.truncate(welcome.truncateFrom(), "primary " + welcome.nodeId() + " at epoch " +
                        welcome.epoch() + " began a newer epoch at " + welcome.truncateFrom());
                    return;
                }
                node.log("streaming from primary " + welcome.nodeId() + " at epoch " + welcome.epoch() + " after " +
                    welcome.startPosition());
                lastProblem = null;
                problem = stream(s);
            }
            catch (final RejectedException ex)
            {
                problem = "primary refused: " + ex.code() + " " + ex.reason();
            }
            catch (final ProtocolException ex)
            {
                problem = "protocol error: " + ex.getMessage();
            }
            catch (final IOException ex)
            {
                problem = "link to the primary at " + context.peer() + " failed: " + ex;
            }
            catch (final RuntimeException ex)
            {
                problem = "link failed: " + ex;
                if (!closed)
                {
                    engine.errorHandler().onError(ex);
                }
            }
            finally
            {
                connected = false;
                counters.connected(false);
                socket = null;
            }
            if (!closed && !problem.equals(lastProblem))
            {
                node.log(problem);
                lastProblem = problem;
            }
            if (!closed)
            {
                LockSupport.parkNanos(context.heartbeatInterval().toNanos());
            }
        }
    }

    private String stream(final Socket s) throws IOException
    {
        final FrameReader reader = new FrameReader(new java.io.BufferedInputStream(s.getInputStream(), 64 * 1024),
            context.maxFrameBytes());
        final FrameWriter writer = new FrameWriter(s.getOutputStream(), 4096);
        s.setSoTimeout((int)context.heartbeatTimeout().toMillis());
        lastHeardNs = System.nanoTime();
        connected = true;
        streamed = true;
        counters.connected(true);
        final Thread acker = new Thread(() -> acknowledge(writer), "scribe-repl-acks-" + context.nodeId());
        acker.setDaemon(true);
        link.waiter(acker);
        acker.start();
        try
        {
            return read(reader);
        }
        catch (final SocketTimeoutException ex)
        {
            return "primary silent for " + context.heartbeatTimeout().toMillis() + " ms";
        }
        finally
        {
            connected = false;
            link.waiter(null);
            s.close();
            LockSupport.unpark(acker);
            join(acker);
        }
    }

    private String read(final FrameReader reader) throws IOException
    {
        while (!closed)
        {
            final int template = reader.read();
            lastHeardNs = System.nanoTime();
            if (template == FrameReader.END_OF_STREAM)
            {
                return "primary closed the connection";
            }
            if (template == RecordDecoder.TEMPLATE_ID)
            {
                final RecordDecoder record = reader.record();
                engine.replicate(record.position(), reader.buffer(), reader.recordDataOffset(),
                    reader.recordDataLength());
                if (link.takeRefusal())
                {
                    return "this standby refused a record: " + link.refusal();
                }
            }
            else if (template == StateHashDecoder.TEMPLATE_ID)
            {
                final StateHashDecoder hash = reader.stateHash();
                divergence.remote(hash.position(), hash.hash());
            }
            else if (template == RejectDecoder.TEMPLATE_ID)
            {
                final RejectDecoder reject = reader.reject();
                return "primary ended the stream: " + reject.code() + " " + LogSafe.escape(reject.reason());
            }
            else if (template != HeartbeatDecoder.TEMPLATE_ID)
            {
                return "primary sent an unexpected frame, template " + template;
            }
        }
        return "closed";
    }

    /** The acknowledging thread: the journaled position after each batch, heartbeats when idle. */
    private void acknowledge(final FrameWriter writer)
    {
        final long intervalNs = context.heartbeatInterval().toNanos();
        long acked = Long.MIN_VALUE;
        long lastWriteNs = 0;
        try
        {
            while (connected && !closed)
            {
                final long signals = link.signals();
                final long position = engine.lastPosition();
                boolean wrote = false;
                for (long[] hash = divergence.nextToSend(); null != hash; hash = divergence.nextToSend())
                {
                    writer.writeStateHash(engine.epoch(), hash[0], hash[1]);
                    wrote = true;
                }
                final long now = System.nanoTime();
                if (position != acked)
                {
                    writer.writeAck(engine.epoch(), position);
                    acked = position;
                    counters.acknowledgedPosition(position);
                    wrote = true;
                }
                else if (now - lastWriteNs >= intervalNs)
                {
                    writer.writeHeartbeat(engine.epoch(), position, now);
                    wrote = true;
                }
                if (wrote)
                {
                    writer.flush();
                    lastWriteNs = now;
                }
                link.await(signals, intervalNs);
            }
        }
        catch (final IOException ex)
        {
            connected = false;
        }
    }

    @Override
    public void close()
    {
        closed = true;
        final Socket s = socket;
        if (null != s)
        {
            try
            {
                s.close();
            }
            catch (final IOException ignore)
            {
                // already broken
            }
        }
        LockSupport.unpark(thread);
        join(thread);
    }

    private static void join(final Thread thread)
    {
        if (thread == Thread.currentThread())
        {
            return;
        }
        try
        {
            thread.join(5_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
