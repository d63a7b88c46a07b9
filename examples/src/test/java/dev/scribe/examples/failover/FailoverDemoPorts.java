package dev.scribe.examples.failover;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free ports on 127.0.0.1 for nodes that must know each other's address before they start. */
final class FailoverDemoPorts
{
    private FailoverDemoPorts()
    {
    }

    static int free() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }
}
