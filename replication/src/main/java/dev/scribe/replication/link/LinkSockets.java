package dev.scribe.replication.link;

import dev.scribe.replication.protocol.LogSafe;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The link's sockets: plain TCP with TCP_NODELAY, and TLS layered over the plain socket on both sides, so the plain
 * socket can always be closed at once, from any thread, whatever the TLS layer is doing (closing a TLS socket may
 * wait for a write blocked on a peer that stopped reading).
 *
 * <p>The dialling side checks the listener's certificate against the context's trust manager and the host name or
 * IP address it dialled (HTTPS endpoint identification, always on: the certificate needs a matching subject
 * alternative name). The listening side does not ask for a client certificate: the shared secret authenticates
 * the dialler.
 */
final class LinkSockets
{
    private static final int BACKLOG = 16;

    private LinkSockets()
    {
    }

    static ServerSocket listen(final InetSocketAddress address) throws IOException
    {
        final ServerSocket server = new ServerSocket();
        try
        {
            server.setReuseAddress(true);
            server.bind(address, BACKLOG);
            return server;
        }
        catch (final IOException | RuntimeException ex)
        {
            server.close();
            throw ex;
        }
    }

    /** Connect a new plain socket (already attached to its connection, so that an abort interrupts the connect). */
    static void connect(final Socket plain, final InetSocketAddress address, final int timeoutMs) throws IOException
    {
        plain.setTcpNoDelay(true);
        plain.connect(address, timeoutMs);
    }

    /**
     * TLS over a connected plain socket, as the dialler: the handshake is done before this returns.
     *
     * @throws SSLHandshakeException naming the address dialled if the certificate is refused.
     */
    static Socket dialTls(final Socket plain, final InetSocketAddress address, final SSLContext tls,
        final int timeoutMs) throws IOException
    {
        final SSLSocket socket = (SSLSocket)tls.getSocketFactory()
            .createSocket(plain, address.getHostString(), address.getPort(), true);
        final SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS" /* the certificate must name the host dialled */);
        socket.setSSLParameters(parameters);
        return handshake(socket, plain, timeoutMs, "TLS handshake with " + address.getHostString() + ":" +
            address.getPort() + " failed (its certificate must be trusted and name the host or IP address dialled)");
    }

    /** TLS over an accepted plain socket, as the listener: the handshake is done before this returns. */
    static Socket acceptTls(final Socket plain, final SSLContext tls, final int timeoutMs) throws IOException
    {
        final SSLSocket socket = (SSLSocket)tls.getSocketFactory().createSocket(plain, (InputStream)null, true);
        return handshake(socket, plain, timeoutMs, "TLS handshake failed (the dialler must trust this node's " +
            "certificate, which must name the address it dials)");
    }

    private static Socket handshake(final SSLSocket socket, final Socket plain, final int timeoutMs,
        final String failure) throws IOException
    {
        try
        {
            plain.setSoTimeout(timeoutMs);
            socket.startHandshake();
            plain.setSoTimeout(0);
            return socket;
        }
        catch (final SSLHandshakeException ex)
        {
            final SSLHandshakeException named =
                new SSLHandshakeException(failure + ": " + LogSafe.escape(ex.getMessage()));
            named.initCause(ex);
            throw named;
        }
    }

    /** Close a socket at once: no lingering, unsent bytes dropped; never throws. */
    static void closeNow(final Socket socket)
    {
        if (null == socket)
        {
            return;
        }
        try
        {
            socket.setSoLinger(true, 0);
        }
        catch (final IOException ignore)
        {
            // closed already
        }
        try
        {
            socket.close();
        }
        catch (final IOException ignore)
        {
            // nothing more to do
        }
    }

    /** Close a socket after what was written: the peer reads it, then the end of the stream. Never throws. */
    static void closeAfterWrites(final Socket socket)
    {
        try
        {
            socket.shutdownOutput();
            socket.close();
        }
        catch (final IOException ex)
        {
            closeNow(socket);
        }
    }

    static int timeoutMs(final long deadlineNs)
    {
        final long remainingNs = deadlineNs - System.nanoTime();
        return (int)Math.max(1, Math.min(Integer.MAX_VALUE, (remainingNs + 999_999) / 1_000_000));
    }
}
