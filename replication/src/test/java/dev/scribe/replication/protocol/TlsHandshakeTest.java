package dev.scribe.replication.protocol;

import dev.scribe.replication.sbe.NodeRole;
import dev.scribe.replication.sbe.RejectCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.scribe.replication.protocol.HandshakeTest.CLUSTER;
import static dev.scribe.replication.protocol.HandshakeTest.SECRET;
import static dev.scribe.replication.protocol.HandshakeTest.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The handshake over TLS, with a self-signed key made by the JDK's keytool for this test run.
 */
class TlsHandshakeTest
{
    private static final char[] PASSWORD = "test-only".toCharArray();

    @TempDir
    static Path dir;
    private static KeyStore keyStore;
    private static KeyStore strangerStore;

    @BeforeAll
    static void generateKeys() throws Exception
    {
        final Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        assumeTrue(Files.isExecutable(keytool), "keytool not found at " + keytool + "; TLS test skipped");
        keyStore = generate(keytool, "server");
        strangerStore = generate(keytool, "stranger");
    }

    /** A PKCS12 store holding a new self-signed EC key for 127.0.0.1 and localhost under the alias "scribe". */
    private static KeyStore generate(final Path keytool, final String name) throws Exception
    {
        final Path store = dir.resolve(name + ".p12");
        final Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "scribe",
            "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name, "-ext",
            "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
            "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
            .redirectErrorStream(true)
            .start();
        final String output;
        try (InputStream out = process.getInputStream())
        {
            output = new String(out.readAllBytes());
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
        assertEquals(0, process.exitValue(), "keytool failed: " + output);
        final KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store))
        {
            keys.load(in, PASSWORD);
        }
        return keys;
    }

    @Test
    void aHandshakeOverTlsSucceedsAndTheStreamIsEncrypted() throws Exception
    {
        final ServerHandshake handshake = new ServerHandshake(CLUSTER, 1, SECRET, TIMEOUT, () -> 5L,
            hello -> Decision.accept(new Welcome(NodeRole.PRIMARY, 1, 5L, 10L, hello.lastPosition(), -1L)));
        try (HandshakeServer server = new HandshakeServer(handshake, serverContext()))
        {
            try (Socket socket = ReplicationTransport.connect(server.address(), clientContext(keyStore), TIMEOUT))
            {
                assertTrue(socket instanceof SSLSocket);
                assertTrue(socket.getTcpNoDelay());
                final String protocol = ((SSLSocket)socket).getSession().getProtocol();
                assertTrue(List.of("TLSv1.3", "TLSv1.2").contains(protocol), protocol);
                final Welcome welcome = new ClientHandshake(CLUSTER, 2, SECRET, TIMEOUT)
                    .run(socket, NodeRole.STANDBY, 4L, 7L);
                assertEquals(new Welcome(NodeRole.PRIMARY, 1, 5L, 10L, 7L, -1L), welcome);
            }
            assertEquals(new Hello(CLUSTER, 2, NodeRole.STANDBY, 4L, 7L), server.nextAccepted().hello());

            // A plain-TCP client speaking to the TLS server: its Hello is not a TLS record, so the server fails.
            try (Socket plain = ReplicationTransport.connect(server.address(), null, TIMEOUT))
            {
                plain.setSoTimeout(20_000);
                final ClientHandshake client = new ClientHandshake(CLUSTER, 2, SECRET, TIMEOUT);
                assertThrows(Exception.class, () -> client.run(plain, NodeRole.STANDBY, 4L, 7L));
            }
            assertTrue(server.next() instanceof IOException, "the TLS server refuses a plain client");

            // A client that does not trust the server's certificate never gets as far as the handshake.
            assertThrows(SSLHandshakeException.class,
                () -> ReplicationTransport.connect(server.address(), clientContext(strangerStore), TIMEOUT));
            assertTrue(server.next() instanceof IOException);
        }
    }

    @Test
    void aWrongSecretIsStillRefusedOverTls() throws Exception
    {
        final ServerHandshake handshake = new ServerHandshake(CLUSTER, 1, SECRET, TIMEOUT, () -> 5L,
            hello -> Decision.accept(new Welcome(NodeRole.PRIMARY, 1, 5L, 10L, -1L, -1L)));
        try (HandshakeServer server = new HandshakeServer(handshake, serverContext());
             Socket socket = ReplicationTransport.connect(server.address(), clientContext(keyStore), TIMEOUT))
        {
            final ClientHandshake client = new ClientHandshake(CLUSTER, 2, HandshakeTest.OTHER_SECRET, TIMEOUT);
            assertEquals(RejectCode.BAD_AUTH, assertThrows(RejectedException.class,
                () -> client.run(socket, NodeRole.STANDBY, 4L, 7L)).code());
            assertEquals(RejectCode.BAD_AUTH, server.nextFailure(ProtocolException.class).code());
        }
    }

    private static SSLContext serverContext() throws Exception
    {
        final KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, PASSWORD);
        final SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static SSLContext clientContext(final KeyStore trusted) throws Exception
    {
        final KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        trustStore.setCertificateEntry("scribe", trusted.getCertificate("scribe"));
        final TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
        final SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
