package dev.scribe.replication;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Opens the replication link's sockets: plain TCP, or TLS when the context has an SSL context. Both ends turn
 * Nagle's algorithm off, so acknowledgements are not held back.
 */
final class Transport
{
    private Transport()
    {
    }

    static Socket connect(final ReplicationContext context) throws IOException
    {
        final Socket socket = null == context.sslContext() ? new Socket() :
            context.sslContext().getSocketFactory().createSocket();
        try
        {
            socket.setTcpNoDelay(true);
            socket.connect(context.peer(), (int)context.heartbeatTimeout().toMillis());
            return socket;
        }
        catch (final IOException ex)
        {
            socket.close();
            throw ex;
        }
    }

    static ServerSocket listen(final ReplicationContext context) throws IOException
    {
        final ServerSocket server = null == context.sslContext() ? new ServerSocket() :
            context.sslContext().getServerSocketFactory().createServerSocket();
        server.setReuseAddress(true);
        final InetSocketAddress address = context.listen();
        server.bind(address, 16);
        return server;
    }
}
