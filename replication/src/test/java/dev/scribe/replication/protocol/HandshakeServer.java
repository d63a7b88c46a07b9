package dev.scribe.replication.protocol;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A server loop on 127.0.0.1 as a node would run one: accept, run the handshake, report the outcome, close, accept
 * the next. A failed handshake is a {@link ProtocolException} or {@link IOException} and the loop goes on; anything
 * else stops the loop and fails the test at {@link #close()}.
 */
final class HandshakeServer implements AutoCloseable
{
    private final ServerHandshake handshake;
    private final ServerSocket server;
    private final BlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();
    private final AtomicReference<Throwable> unexpected = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean closing;

    HandshakeServer(final ServerHandshake handshake, final SSLContext tls) throws IOException
    {
        this.handshake = handshake;
        this.server = ReplicationTransport.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), tls);
        this.thread = new Thread(this::run, "handshake-server");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address()
    {
        return (InetSocketAddress)server.getLocalSocketAddress();
    }

    /** The outcome of the next handshake: an {@link AcceptedPeer} or the exception it failed with. */
    Object next() throws InterruptedException
    {
        final Object outcome = outcomes.poll(20, TimeUnit.SECONDS);
        if (outcome == null)
        {
            fail("no handshake outcome within 20 s; unexpected failure: " + unexpected.get());
        }
        return outcome;
    }

    AcceptedPeer nextAccepted() throws InterruptedException
    {
        final Object outcome = next();
        if (outcome instanceof AcceptedPeer accepted)
        {
            return accepted;
        }
        throw new AssertionError("expected an accepted peer, got " + outcome, (Throwable)outcome);
    }

    <T extends Exception> T nextFailure(final Class<T> type) throws InterruptedException
    {
        final Object outcome = next();
        assertTrue(type.isInstance(outcome), "expected " + type.getSimpleName() + ", got " + outcome);
        return type.cast(outcome);
    }

    private void run()
    {
        while (!closing)
        {
            final Socket socket;
            try
            {
                socket = ReplicationTransport.accept(server);
            }
            catch (final IOException ex)
            {
                if (!closing)
                {
                    unexpected.set(ex);
                }
                return;
            }
            try (socket)
            {
                outcomes.add(handshake.run(socket));
            }
            catch (final ProtocolException | IOException ex)
            {
                outcomes.add(ex);
            }
            catch (final RuntimeException | Error ex)
            {
                unexpected.set(ex);
                outcomes.add(ex);
                return;
            }
        }
    }

    @Override
    public void close() throws IOException
    {
        closing = true;
        server.close();
        try
        {
            thread.join(20_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the server loop", ex);
        }
        assertTrue(!thread.isAlive(), "server loop did not stop");
        assertNull(unexpected.get(), "server loop failed unexpectedly");
    }
}
