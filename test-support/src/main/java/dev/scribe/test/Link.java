package dev.scribe.test;

import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One proxied connection: the client's socket the proxy accepted, the proxy's socket to the target, and a {@link Pump}
 * each way. It ends once, either closed (both sockets closed normally: both sides ended their output, a cut, or the
 * proxy closing) or aborted (both sockets reset: a reset asked for, a reset or failure on either side, or a healed
 * blackhole that dropped its bytes).
 */
final class Link
{
    private final Socket client;
    private final Socket server;
    private final Pump toServer;
    private final Pump toClient;
    private final Consumer<Link> onEnd;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicInteger outputsShut = new AtomicInteger();

    Link(
        final Socket client,
        final Socket server,
        final Lane toServerLane,
        final Lane toClientLane,
        final Consumer<Link> onEnd)
    {
        this.client = client;
        this.server = server;
        this.onEnd = onEnd;
        toServer = new Pump(this, client, server, toServerLane);
        toClient = new Pump(this, server, client, toClientLane);
    }

    void start(final Workers workers, final String name)
    {
        workers.start(name + "-c2s-read", toServer::readLoop);
        workers.start(name + "-c2s-write", toServer::writeLoop);
        workers.start(name + "-s2c-read", toClient::readLoop);
        workers.start(name + "-s2c-write", toClient::writeLoop);
    }

    void wake()
    {
        toServer.wake();
        toClient.wake();
    }

    void cutAfter(final long bytes, final TcpProxy.Direction direction)
    {
        boolean cutNow = false;
        if (TcpProxy.Direction.SERVER_TO_CLIENT != direction)
        {
            cutNow = toServer.cutAfter(bytes);
        }
        if (TcpProxy.Direction.CLIENT_TO_SERVER != direction)
        {
            cutNow |= toClient.cutAfter(bytes);
        }
        if (cutNow)
        {
            close();
        }
    }

    /** Back to forwarding; a connection whose stream lost bytes to a blackhole cannot go on, so it is reset. */
    void pass()
    {
        final boolean holeToServer = toServer.heal();
        final boolean holeToClient = toClient.heal();
        if (holeToServer || holeToClient)
        {
            abort();
        }
    }

    void onOutputShut()
    {
        if (2 == outputsShut.incrementAndGet())
        {
            close();
        }
    }

    void close()
    {
        end(false);
    }

    void abort()
    {
        end(true);
    }

    static void closeQuietly(final Closeable closeable)
    {
        try
        {
            closeable.close();
        }
        catch (final IOException ignore)
        {
            // closing was all that was wanted, and the socket is unusable either way
        }
    }

    private void end(final boolean reset)
    {
        if (ended.compareAndSet(false, true))
        {
            toServer.close();
            toClient.close();
            if (reset)
            {
                lingerZero(client);
                lingerZero(server);
            }
            closeQuietly(client);
            closeQuietly(server);
            onEnd.accept(this);
        }
    }

    /** With SO_LINGER zero, closing sends a RST instead of a FIN. */
    private static void lingerZero(final Socket socket)
    {
        try
        {
            socket.setSoLinger(true, 0);
        }
        catch (final SocketException ignore)
        {
            // the socket is already unusable; closing it still ends it
        }
    }
}
