package dev.scribe.test;

import dev.scribe.test.TcpProxy.Direction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static dev.scribe.test.Deadlines.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proxy between a client socket and a real echo server on 127.0.0.1: bytes go through and are counted, and each
 * fault does to the connections what it says, awaited with deadlines and socket read timeouts.
 */
class TcpProxyTest
{
    private static final int READ_TIMEOUT_MS = (int)Deadlines.scaled(Duration.ofSeconds(5)).toMillis();
    /**
     * How long a test listens to make sure nothing comes; long enough for a loopback round trip many times over. Not
     * scaled: it is time let pass on purpose, not a deadline, and a slow machine only makes the check weaker.
     */
    private static final int QUIET_MS = 250;
    private static final Duration DELAY = Duration.ofMillis(150);

    private final List<Socket> clients = new ArrayList<>();
    private EchoServer server;
    private TcpProxy proxy;

    @BeforeEach
    void start() throws IOException
    {
        server = EchoServer.echo();
        proxy = TcpProxy.start(server.address());
    }

    @AfterEach
    void stop() throws IOException
    {
        for (final Socket client : clients)
        {
            client.close();
        }
        proxy.close();
        server.close();
    }

    @Test
    void bytesRoundTripAreCountedAndTheEndOfStreamIsPassedOn() throws IOException
    {
        final Socket client = connect(proxy);
        final byte[] sent = roundTrip(client, 200_000);

        assertEquals(sent.length, proxy.bytesForwarded(Direction.CLIENT_TO_SERVER));
        assertEquals(sent.length, proxy.bytesForwarded(Direction.SERVER_TO_CLIENT));
        assertEquals(2L * sent.length, proxy.bytesForwarded(Direction.BOTH));
        assertEquals(1, proxy.connectionsAccepted());
        assertEquals(1, proxy.connectionsOpen());

        client.shutdownOutput();
        assertEquals(-1, client.getInputStream().read(), "the server saw the end and closed, and that came back");
        await(() -> 0 == proxy.connectionsOpen(), "the connection ended");
        assertEquals(EchoServer.End.EOF, server.connections().get(0).end());
    }

    @Test
    void manyConnectionsGoThroughAtOnceEachToItsOwnServerConnection() throws IOException
    {
        final List<Socket> many = new ArrayList<>();
        for (int i = 0; i < 4; i++)
        {
            many.add(connect(proxy));
        }
        for (final Socket client : many)
        {
            roundTrip(client, 10_000);
        }

        assertEquals(4, proxy.connectionsAccepted());
        assertEquals(4, proxy.connectionsOpen());
        assertEquals(4, server.connections().size());
    }

    @Test
    void delayHoldsEveryChunkAtLeastTheDelayEachWayAndKeepsTheOrder() throws IOException
    {
        final Socket client = connect(proxy);
        roundTrip(client, 100);
        proxy.delay(DELAY);

        final byte[] sent = random(3_000);
        final long startNs = System.nanoTime();
        for (int i = 0; i < 3; i++)
        {
            client.getOutputStream().write(sent, i * 1_000, 1_000);
        }
        final byte[] back = client.getInputStream().readNBytes(sent.length);
        final long elapsedNs = System.nanoTime() - startNs;

        assertArrayEquals(sent, back);
        assertTrue(elapsedNs >= 2 * DELAY.toNanos(), "a round trip took " + elapsedNs / 1_000_000 + " ms");
    }

    @Test
    void stallHoldsEverythingWithoutClosingAndPassDeliversItAllInOrder() throws Exception
    {
        final Socket client = connect(proxy);
        roundTrip(client, 100);
        proxy.stall();

        // more than the proxy holds, so TCP pushes back on the writer until the stall ends
        final byte[] sent = random(3 * 1024 * 1024);
        final CompletableFuture<Void> written = writeInBackground(client, sent);
        assertNothingArrives(client);
        assertEquals(100, server.received(), "nothing reached the server");
        assertEquals(100, proxy.bytesForwarded(Direction.CLIENT_TO_SERVER));
        assertEquals(1, proxy.connectionsOpen());

        proxy.pass();
        assertArrayEquals(sent, client.getInputStream().readNBytes(sent.length));
        await(written::isDone, "the background writer to finish once the stall passed");
        written.get();
    }

    @Test
    void stallOfRepliesHoldsThemForLaterConnectionsTooWhileRequestsGoThrough() throws IOException
    {
        proxy.stall(Direction.SERVER_TO_CLIENT);
        final Socket client = connect(proxy);

        final byte[] sent = random(64 * 1024);
        client.getOutputStream().write(sent);
        await(() -> server.received() == sent.length, "the server received the request");
        assertNothingArrives(client);

        proxy.pass();
        assertArrayEquals(sent, client.getInputStream().readNBytes(sent.length));
    }

    @Test
    void cutAfterForwardsExactlyThatManyMoreBytesThenClosesOpenAndLaterConnections() throws IOException
    {
        final Socket client = connect(proxy);
        roundTrip(client, 100);
        proxy.cutAfter(300, Direction.SERVER_TO_CLIENT);

        final byte[] sent = random(1_000);
        client.getOutputStream().write(sent);
        assertArrayEquals(Arrays.copyOf(sent, 300), readUntilEnd(client));
        assertEquals(400, proxy.bytesForwarded(Direction.SERVER_TO_CLIENT));

        final Socket later = connect(proxy);
        later.getOutputStream().write(sent);
        assertArrayEquals(Arrays.copyOf(sent, 300), readUntilEnd(later));
        await(() -> 0 == proxy.connectionsOpen(), "both connections ended");
    }

    @Test
    void cutAfterTowardsTheServerDeliversExactlyThatManyBytesThenAnEnd() throws IOException
    {
        try (EchoServer sink = EchoServer.sink(); TcpProxy cutting = TcpProxy.start(sink.address()))
        {
            cutting.cutAfter(1_000, Direction.CLIENT_TO_SERVER);
            final Socket client = connect(cutting);
            client.getOutputStream().write(random(5_000));

            readUntilEnd(client);
            await(() -> 1 == sink.connections().size() && EchoServer.End.OPEN != sink.connections().get(0).end(),
                "the server saw the connection end");
            assertEquals(EchoServer.End.EOF, sink.connections().get(0).end());
            assertEquals(1_000, sink.connections().get(0).received());
            assertEquals(1_000, cutting.bytesForwarded(Direction.CLIENT_TO_SERVER));
        }
    }

    @Test
    void resetAbortsEveryOpenConnectionWithARstToBothSidesAndLeavesLaterOnesAlone() throws IOException
    {
        final Socket first = connect(proxy);
        final Socket second = connect(proxy);
        roundTrip(first, 100);
        roundTrip(second, 100);

        proxy.reset();
        for (final Socket client : List.of(first, second))
        {
            final SocketException reset = assertThrows(SocketException.class, () -> client.getInputStream().read());
            assertTrue(reset.getMessage().contains("reset"), reset.toString());
        }
        await(() -> server.connections().stream().allMatch(c -> EchoServer.End.FAILED == c.end()),
            "the server saw both connections reset");
        await(() -> 0 == proxy.connectionsOpen(), "the proxy forgot them");

        roundTrip(connect(proxy), 100);
    }

    @Test
    void blackholeReadsAndDropsEverythingClosesNothingAndPassResetsWhatLostBytes() throws Exception
    {
        final Socket idle = connect(proxy);
        final Socket busy = connect(proxy);
        roundTrip(idle, 100);
        roundTrip(busy, 100);
        proxy.blackhole();

        // far more than all the socket buffers on the way hold: the writes succeed only if the proxy keeps reading
        final int lots = 32 * 1024 * 1024;
        final CompletableFuture<Void> written = writeInBackground(busy, new byte[lots]);
        await(written::isDone, "the background writer to write " + lots + " bytes into the blackhole");
        written.get();
        assertNothingArrives(busy);
        final Socket late = connect(proxy);
        late.getOutputStream().write(random(100));
        await(() -> lots + 100 == proxy.bytesDropped(Direction.CLIENT_TO_SERVER), "the proxy dropped all it read");
        assertNothingArrives(late);
        assertEquals(200, server.received(), "nothing reached the server");
        assertEquals(200, proxy.bytesForwarded(Direction.CLIENT_TO_SERVER));
        assertEquals(3, proxy.connectionsOpen(), "nothing was closed");

        proxy.pass();
        assertThrows(SocketException.class, () -> busy.getInputStream().read(), "a stream with a hole is reset");
        assertThrows(SocketException.class, () -> late.getInputStream().read(), "a stream with a hole is reset");
        roundTrip(idle, 100);
        roundTrip(connect(proxy), 100);
    }

    @Test
    void refuseClosesNewConnectionsAtOnceLeavesOpenOnesAloneAndPassEndsIt() throws IOException
    {
        final Socket open = connect(proxy);
        roundTrip(open, 100);
        proxy.refuse();

        final Socket refused = connect(proxy);
        assertEquals(-1, refused.getInputStream().read(), "the connection was closed");
        assertEquals(2, proxy.connectionsAccepted());
        assertEquals(1, server.connections().size(), "the server never saw it");
        roundTrip(open, 100);

        proxy.pass();
        roundTrip(connect(proxy), 100);
        assertEquals(2, server.connections().size());
    }

    @Test
    void closeEndsEveryConnectionAndEveryThread() throws IOException
    {
        final Socket client = connect(proxy);
        roundTrip(client, 100);
        proxy.stall();
        client.getOutputStream().write(random(100));

        proxy.close();
        readUntilEnd(client);
        final String prefix = "tcp-proxy-" + proxy.port() + "-";
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith(prefix)),
            "no proxy thread is left");
    }

    private Socket connect(final TcpProxy through) throws IOException
    {
        final Socket socket = new Socket();
        clients.add(socket);
        socket.connect(through.address(), READ_TIMEOUT_MS);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        return socket;
    }

    private static byte[] random(final int length)
    {
        final byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    private static byte[] roundTrip(final Socket client, final int length) throws IOException
    {
        final byte[] sent = random(length);
        client.getOutputStream().write(sent);
        assertArrayEquals(sent, client.getInputStream().readNBytes(length));
        return sent;
    }

    private static void assertNothingArrives(final Socket client) throws IOException
    {
        client.setSoTimeout(QUIET_MS);
        try
        {
            assertThrows(SocketTimeoutException.class, () -> client.getInputStream().read(), "nothing arrives");
        }
        finally
        {
            client.setSoTimeout(READ_TIMEOUT_MS);
        }
    }

    /** Everything that arrives until the connection ends, by an end of stream or a reset; a timeout fails. */
    private static byte[] readUntilEnd(final Socket client) throws IOException
    {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final byte[] buffer = new byte[4096];
        try
        {
            int read;
            while ((read = client.getInputStream().read(buffer)) >= 0)
            {
                received.write(buffer, 0, read);
            }
        }
        catch (final SocketTimeoutException ex)
        {
            throw new AssertionError("the connection did not end", ex);
        }
        catch (final SocketException ex)
        {
            // reset: ended too
        }
        return received.toByteArray();
    }

    private static CompletableFuture<Void> writeInBackground(final Socket client, final byte[] bytes)
    {
        final CompletableFuture<Void> written = new CompletableFuture<>();
        final Thread writer = new Thread(() ->
        {
            try
            {
                client.getOutputStream().write(bytes);
                written.complete(null);
            }
            catch (final IOException ex)
            {
                written.completeExceptionally(ex);
            }
        }, "test-writer");
        writer.setDaemon(true);
        writer.start();
        return written;
    }
}
