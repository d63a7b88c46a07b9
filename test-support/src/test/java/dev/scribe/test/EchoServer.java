package dev.scribe.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A server on 127.0.0.1 for the proxy's tests. Each connection gets a thread that reads what comes and, when echoing,
 * writes it straight back; the server records how many bytes each connection received and how it ended.
 */
final class EchoServer implements AutoCloseable
{
    /** How a connection ended, as the server saw it. */
    enum End
    {
        OPEN,
        EOF,
        FAILED
    }

    /** What one accepted connection received, and how it ended. */
    static final class Connection
    {
        private final AtomicLong received = new AtomicLong();
        private volatile End end = End.OPEN;
        private volatile IOException failure;

        long received()
        {
            return received.get();
        }

        End end()
        {
            return end;
        }

        IOException failure()
        {
            return failure;
        }
    }

    private final ServerSocket listener;
    private final boolean echo;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private EchoServer(final boolean echo) throws IOException
    {
        this.echo = echo;
        listener = new ServerSocket(0, 64, InetAddress.getByName("127.0.0.1"));
        final Thread acceptor = new Thread(this::acceptLoop, "echo-server-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A server that writes back everything it reads. */
    static EchoServer echo() throws IOException
    {
        return new EchoServer(true);
    }

    /** A server that reads everything and writes nothing. */
    static EchoServer sink() throws IOException
    {
        return new EchoServer(false);
    }

    InetSocketAddress address()
    {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    List<Connection> connections()
    {
        return connections;
    }

    /** Bytes received over all connections. */
    long received()
    {
        return connections.stream().mapToLong(Connection::received).sum();
    }

    @Override
    public void close() throws IOException
    {
        listener.close();
        for (final Socket socket : sockets)
        {
            socket.close();
        }
    }

    private void acceptLoop()
    {
        try
        {
            while (true)
            {
                final Socket socket = listener.accept();
                final Connection connection = new Connection();
                sockets.add(socket);
                connections.add(connection);
                final String name = "echo-server-" + listener.getLocalPort() + "-" + connections.size();
                final Thread thread = new Thread(() -> serve(socket, connection), name);
                thread.setDaemon(true);
                thread.start();
            }
        }
        catch (final IOException ex)
        {
            // closed by the test
        }
    }

    private void serve(final Socket socket, final Connection connection)
    {
        final byte[] buffer = new byte[16 * 1024];
        try (socket)
        {
            socket.setTcpNoDelay(true);
            final InputStream in = socket.getInputStream();
            final OutputStream out = socket.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0)
            {
                connection.received.addAndGet(read);
                if (echo)
                {
                    out.write(buffer, 0, read);
                }
            }
            connection.end = End.EOF;
        }
        catch (final IOException ex)
        {
            connection.failure = ex;
            connection.end = End.FAILED;
        }
    }
}
