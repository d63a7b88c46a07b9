package dev.scribe.replication;

import dev.scribe.replication.protocol.ReplicationTransport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Opens the node's replication sockets through {@link ReplicationTransport}: plain TCP, or TLS when the context has
 * an SSL context, in which case the peer's certificate must be trusted and name the host or IP address of
 * {@link ReplicationContext#peer()} (HTTPS endpoint identification, always on). Both ends turn Nagle's algorithm
 * off, so acknowledgements are not held back.
 */
final class Transport
{
    private Transport()
    {
    }

    /**
     * Dial the peer: the TCP connection within the heartbeat timeout, the TLS handshake (if any) within the
     * handshake timeout, four heartbeat timeouts.
     */
    static Socket connect(final ReplicationContext context) throws IOException
    {
        return ReplicationTransport.connect(context.peer(), context.sslContext(), context.heartbeatTimeout(),
            context.heartbeatTimeout().multipliedBy(4));
    }

    static ServerSocket listen(final ReplicationContext context) throws IOException
    {
        return ReplicationTransport.listen(context.listen(), context.sslContext());
    }
}
