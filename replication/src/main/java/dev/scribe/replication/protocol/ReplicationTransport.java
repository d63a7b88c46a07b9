package dev.scribe.replication.protocol;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/**
 * Blocking TCP sockets for replication, plain or TLS, with TCP_NODELAY on so that a flushed frame leaves at once.
 *
 * <p>With an {@link SSLContext}, the server socket is an {@link SSLServerSocket} from the context (its key manager
 * holds the server's key; client certificates are not asked for, because the handshake's shared secret
 * authenticates the client), and the client socket an {@link SSLSocket} that checks the server's certificate
 * against the context's trust manager and the host name or IP address it connected to (HTTPS endpoint
 * identification: the certificate needs a matching subject alternative name). With null, sockets are plain TCP
 * and the stream is readable on the network; the handshake still authenticates both sides.
 */
public final class ReplicationTransport
{
    /** The endpoint identification a client always asks for: the certificate must name the host dialled. */
    public static final String ENDPOINT_IDENTIFICATION = "HTTPS";

    private static final int BACKLOG = 16;

    private ReplicationTransport()
    {
    }

    /**
     * A server socket bound to an address.
     *
     * @param address to bind; port 0 picks a free port.
     * @param tls     the TLS context, or null for plain TCP.
     * @return the bound server socket; accept from it with {@link #accept(ServerSocket)}.
     * @throws IOException if it cannot be bound.
     */
    public static ServerSocket listen(final InetSocketAddress address, final SSLContext tls) throws IOException
    {
        final ServerSocket server = tls == null ?
            new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
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

    /**
     * Accept a connection, with TCP_NODELAY on. Over TLS, the TLS handshake runs on the first read, so within the
     * deadline of {@link ServerHandshake#run(Socket)}, not on the accepting thread.
     *
     * @param server from {@link #listen}.
     * @return the connected socket.
     * @throws IOException if accepting fails or the server socket is closed.
     */
    public static Socket accept(final ServerSocket server) throws IOException
    {
        final Socket socket = server.accept();
        try
        {
            socket.setTcpNoDelay(true);
            return socket;
        }
        catch (final IOException | RuntimeException ex)
        {
            socket.close();
            throw ex;
        }
    }

    /**
     * Connect to a server, with TCP_NODELAY on; over TLS, the TLS handshake is done before this returns.
     *
     * @param address of the server.
     * @param tls     the TLS context, or null for plain TCP.
     * @param timeout for the TCP connection, and again for the TLS handshake.
     * @return the connected socket, SO_TIMEOUT 0.
     * @throws IOException if the connection or the TLS handshake fails or times out.
     */
    public static Socket connect(final InetSocketAddress address, final SSLContext tls, final Duration timeout)
        throws IOException
    {
        return connect(address, tls, timeout, timeout);
    }

    /**
     * Connect to a server, with TCP_NODELAY on; over TLS, the TLS handshake is done before this returns, and the
     * server's certificate must be trusted by the context and name the host or IP address dialled (HTTPS endpoint
     * identification, always on).
     *
     * @param address    of the server: the host name or IP address in it is the one the certificate must name.
     * @param tls        the TLS context, or null for plain TCP.
     * @param timeout    for the TCP connection.
     * @param tlsTimeout for the TLS handshake.
     * @return the connected socket, SO_TIMEOUT 0.
     * @throws IOException if the connection or the TLS handshake fails or times out; a refused certificate is an
     *                     {@link SSLHandshakeException} naming the address dialled.
     */
    public static Socket connect(
        final InetSocketAddress address, final SSLContext tls, final Duration timeout, final Duration tlsTimeout)
        throws IOException
    {
        final int timeoutMs = timeoutMs(timeout);
        final int tlsTimeoutMs = timeoutMs(tlsTimeout);
        final Socket plain = new Socket();
        try
        {
            plain.setTcpNoDelay(true);
            plain.connect(address, timeoutMs);
            return tls == null ? plain : startTls(plain, address, tls, tlsTimeoutMs);
        }
        catch (final IOException | RuntimeException ex)
        {
            plain.close();
            throw ex;
        }
    }

    private static Socket startTls(
        final Socket plain, final InetSocketAddress address, final SSLContext tls, final int timeoutMs)
        throws IOException
    {
        final SSLSocket socket = (SSLSocket)tls.getSocketFactory()
            .createSocket(plain, address.getHostString(), address.getPort(), true);
        try
        {
            final SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm(ENDPOINT_IDENTIFICATION);
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(timeoutMs);
            socket.startHandshake();
            socket.setSoTimeout(0);
            return socket;
        }
        catch (final SSLHandshakeException ex)
        {
            socket.close();
            final SSLHandshakeException named = new SSLHandshakeException("TLS handshake with " +
                address.getHostString() + ":" + address.getPort() + " failed (the server's certificate must be " +
                "trusted and name the host or IP address dialled): " + LogSafe.escape(ex.getMessage()));
            named.initCause(ex);
            throw named;
        }
        catch (final IOException | RuntimeException ex)
        {
            socket.close();
            throw ex;
        }
    }

    private static int timeoutMs(final Duration timeout)
    {
        if (timeout.isNegative() || timeout.isZero())
        {
            throw new IllegalArgumentException("connect timeout " + timeout + " is not positive");
        }
        return (int)Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }
}
