package dev.scribe.replication;

import dev.scribe.test.Deadlines;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A certificate authority for one test run, made with the JDK's keytool in a temporary directory: a CA key, and
 * node keys whose certificates it signs for the subject alternative names asked for. Nothing leaves the machine.
 */
public final class TestCa
{
    private static final String PASSWORD = "test-only";
    private static final String CA_ALIAS = "ca";
    private static final String NODE_ALIAS = "node";

    private final Path keytool;
    private final Path dir;
    private final KeyStore caStore;

    private TestCa(final Path keytool, final Path dir) throws Exception
    {
        this.keytool = keytool;
        this.dir = dir;
        final Path store = dir.resolve("ca.p12");
        keytool("-genkeypair", "-alias", CA_ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
            "-dname", "CN=scribe test ca", "-ext", "bc:c", "-validity", "2", "-storetype", "PKCS12",
            "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        this.caStore = load(store);
    }

    /** The JDK's keytool, or null if this JDK has none. */
    public static Path keytool()
    {
        final Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        return Files.isExecutable(keytool) ? keytool : null;
    }

    /** A new CA with its files in a directory. */
    public static TestCa create(final Path keytool, final Path dir) throws Exception
    {
        return new TestCa(keytool, dir);
    }

    /**
     * A TLS context holding a new node key whose certificate the CA signed for the given subject alternative
     * names (keytool syntax, such as {@code ip:127.0.0.1,dns:localhost}), and trusting the CA only.
     */
    public SSLContext nodeContext(final String name, final String subjectAlternativeNames) throws Exception
    {
        final Path store = dir.resolve(name + ".p12");
        final Path request = dir.resolve(name + ".csr");
        final Path signed = dir.resolve(name + ".crt");
        keytool("-genkeypair", "-alias", NODE_ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
            "-dname", "CN=" + name, "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
            "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-certreq", "-alias", NODE_ALIAS, "-keystore", store.toString(), "-storepass", PASSWORD,
            "-file", request.toString());
        keytool("-gencert", "-alias", CA_ALIAS, "-keystore", dir.resolve("ca.p12").toString(),
            "-storepass", PASSWORD, "-infile", request.toString(), "-outfile", signed.toString(), "-rfc",
            "-ext", "SAN=" + subjectAlternativeNames, "-validity", "2");
        final KeyStore own = load(store);
        final Key key = own.getKey(NODE_ALIAS, PASSWORD.toCharArray());
        final List<Certificate> chain = new ArrayList<>();
        try (InputStream in = Files.newInputStream(signed))
        {
            chain.addAll(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
        if (chain.size() == 1)
        {
            chain.add(caStore.getCertificate(CA_ALIAS));
        }
        final KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry(NODE_ALIAS, (PrivateKey)key, PASSWORD.toCharArray(), chain.toArray(new Certificate[0]));
        final KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD.toCharArray());

        final KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry(CA_ALIAS, caStore.getCertificate(CA_ALIAS));
        final TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);

        final SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private void keytool(final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(keytool.toString());
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output;
        try (InputStream out = process.getInputStream())
        {
            output = new String(out.readAllBytes());
        }
        final Duration deadline = Deadlines.scaled(Duration.ofSeconds(60));
        assertTrue(process.waitFor(deadline.toNanos(), TimeUnit.NANOSECONDS), "keytool was slow: it did not finish " +
            "within " + Deadlines.describe(deadline) + ": " + command + "\n" + output);
        assertEquals(0, process.exitValue(), "keytool failed: " + command + "\n" + output);
    }

    private static KeyStore load(final Path store) throws Exception
    {
        final KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store))
        {
            keys.load(in, PASSWORD.toCharArray());
        }
        return keys;
    }
}
