package dev.scribe.replication;

import dev.scribe.codecs.journal.RecordView;
import dev.scribe.engine.Engine;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalTailer;
import dev.scribe.replication.protocol.AcceptedPeer;
import dev.scribe.replication.protocol.FrameReader;
import dev.scribe.replication.protocol.FrameWriter;
import dev.scribe.replication.protocol.LogSafe;
import dev.scribe.replication.protocol.Protocol;
import dev.scribe.replication.sbe.AckDecoder;
import dev.scribe.replication.sbe.HeartbeatDecoder;
import dev.scribe.replication.sbe.RejectDecoder;
import dev.scribe.replication.sbe.StateHashDecoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A primary's link to one connected standby. A sender thread streams records from the journal, from where the
 * standby left off (catch-up and live are the same loop: the journal is the buffer, so a slow or absent standby
 * costs the primary no memory), woken at the end of each business-logic batch, with heartbeats when idle. A reader
 * thread takes the standby's acknowledgements and completes REPLICATED results; silence for the heartbeat timeout
 * ends the session.
 */
final class PrimarySession implements AutoCloseable
{
    private final Socket socket;
    private final AcceptedPeer peer;
    private final Engine engine;
    private final Path journalDirectory;
    private final NodeLink link;
    private final DivergenceCheck divergence;
    private final ReplicationContext context;
    private final NodeCounters counters;
    private final FrameReader reader;
    private final FrameWriter writer;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Thread sender;
    private final Thread receiver;
    private volatile String endReason;
    private long skip;
    private volatile long sentPosition = -1;

    PrimarySession(
        final Socket socket,
        final FrameReader reader,
        final FrameWriter writer,
        final AcceptedPeer peer,
        final Engine engine,
        final Path journalDirectory,
        final NodeLink link,
        final DivergenceCheck divergence,
        final ReplicationContext context,
        final NodeCounters counters)
    {
        this.socket = socket;
        this.reader = reader;
        this.writer = writer;
        this.peer = peer;
        this.engine = engine;
        this.journalDirectory = journalDirectory;
        this.link = link;
        this.divergence = divergence;
        this.context = context;
        this.counters = counters;
        sender = new Thread(this::send, "scribe-repl-sender-" + peer.hello().nodeId());
        receiver = new Thread(this::receive, "scribe-repl-acks-" + peer.hello().nodeId());
        sender.setDaemon(true);
        receiver.setDaemon(true);
    }

    void start()
    {
        engine.standbyConnected(true);
        counters.connected(true);
        link.waiter(sender);
        sender.start();
        receiver.start();
    }

    boolean ended()
    {
        return ended.get();
    }

    String endReason()
    {
        return endReason;
    }

    int standbyNodeId()
    {
        return peer.hello().nodeId();
    }

    private void send()
    {
        final long truncateFrom = peer.welcome().truncateFrom();
        final long from;
        if (truncateFrom != Protocol.NO_POSITION)
        {
            from = truncateFrom;
            skip = Protocol.NO_POSITION;
        }
        else
        {
            from = peer.hello().lastPosition();
            skip = from;
        }
        final long intervalNs = context.heartbeatInterval().toNanos();
        try (Journal journal = Journal.openReadOnly(journalDirectory);
            JournalTailer tailer = journal.tailer(from))
        {
            long lastWriteNs = System.nanoTime();
            while (!ended.get())
            {
                final long signals = link.signals();
                final int records = tailer.poll(this::sendRecord, 256);
                final boolean hashes = sendHashes();
                final long now = System.nanoTime();
                if (records > 0 || hashes)
                {
                    writer.flush();
                    lastWriteNs = now;
                    counters.sentPosition(sentPosition);
                    continue;
                }
                if (now - lastWriteNs >= intervalNs)
                {
                    writer.writeHeartbeat(engine.epoch(), engine.lastPosition(), now);
                    writer.flush();
                    lastWriteNs = now;
                }
                link.await(signals, intervalNs);
            }
        }
        catch (final IOException | UncheckedIOException ex)
        {
            end("sending to standby " + standbyNodeId() + " failed: " + ex.getMessage());
        }
        catch (final RuntimeException ex)
        {
            engine.errorHandler().onError(ex);
            end("sending to standby " + standbyNodeId() + " failed: " + ex);
        }
    }

    private void sendRecord(final long position, final RecordView record)
    {
        if (position == skip)
        {
            return;
        }
        try
        {
            writer.writeRecord(position, record.epoch(), record.buffer(), record.offset(), record.length());
            sentPosition = position;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private boolean sendHashes() throws IOException
    {
        boolean sent = false;
        for (long[] hash = divergence.nextToSend(); null != hash; hash = divergence.nextToSend())
        {
            writer.writeStateHash(engine.epoch(), hash[0], hash[1]);
            sent = true;
        }
        return sent;
    }

    private void receive()
    {
        try
        {
            socket.setSoTimeout((int)context.heartbeatTimeout().toMillis());
            while (!ended.get())
            {
                final int template = reader.read();
                if (template == FrameReader.END_OF_STREAM)
                {
                    end("standby " + standbyNodeId() + " closed the connection");
                }
                else if (template == AckDecoder.TEMPLATE_ID)
                {
                    final AckDecoder ack = reader.ack();
                    final long sent = Math.max(sentPosition, peer.hello().lastPosition());
                    if (ack.position() > sent)
                    {
                        end("standby " + standbyNodeId() + " acknowledged position " + ack.position() + " in epoch " +
                            ack.epoch() + ", beyond what this session sent (" + sent + "): a protocol violation");
                        continue;
                    }
                    if (!engine.acknowledged(ack.epoch(), ack.position()) && ack.epoch() > engine.epoch())
                    {
                        end("standby " + standbyNodeId() + " acknowledges in epoch " + ack.epoch() + ", newer than " +
                            engine.epoch());
                    }
                    counters.acknowledgedPosition(engine.acknowledgedPosition());
                }
                else if (template == StateHashDecoder.TEMPLATE_ID)
                {
                    final StateHashDecoder hash = reader.stateHash();
                    divergence.remote(hash.position(), hash.hash());
                }
                else if (template == RejectDecoder.TEMPLATE_ID)
                {
                    final RejectDecoder reject = reader.reject();
                    end("standby " + standbyNodeId() + " rejected the stream: " + reject.code() + " " +
                        LogSafe.escape(reject.reason()));
                }
                else if (template != HeartbeatDecoder.TEMPLATE_ID)
                {
                    end("standby " + standbyNodeId() + " sent an unexpected frame, template " + template);
                }
            }
        }
        catch (final SocketTimeoutException ex)
        {
            end("standby " + standbyNodeId() + " silent for " + context.heartbeatTimeout().toMillis() + " ms");
        }
        catch (final IOException | RuntimeException ex)
        {
            end("reading from standby " + standbyNodeId() + " failed: " + ex.getMessage());
        }
    }

    private void end(final String reason)
    {
        if (ended.compareAndSet(false, true))
        {
            endReason = reason;
            engine.standbyConnected(false);
            counters.connected(false);
            link.waiter(null);
            closeSocket();
            LockSupport.unpark(sender);
        }
    }

    private void closeSocket()
    {
        try
        {
            socket.close();
        }
        catch (final IOException ignore)
        {
            // closing a broken socket: nothing more to do
        }
    }

    @Override
    public void close()
    {
        end("session closed");
        join(sender);
        join(receiver);
    }

    private static void join(final Thread thread)
    {
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
