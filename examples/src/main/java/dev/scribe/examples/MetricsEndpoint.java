package dev.scribe.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * A Prometheus scrape endpoint for a demo: {@code GET /metrics} answers the meters bound to it (an engine's or a
 * replication node's, with {@link dev.scribe.metrics.ScribeMetrics}) in Prometheus' text format, from a
 * {@link PrometheusMeterRegistry}; every other path is 404. It is the JDK's own HTTP server on one thread, listening
 * on {@value #HOST} unless given another address; it closes with the demo.
 *
 * <pre>{@code
 * try (MetricsEndpoint metrics = MetricsEndpoint.start(9464);   // fails first if the port is taken
 *     Engine engine = Engine.launch(context))
 * {
 *     metrics.bind(ScribeMetrics.of(engine));                   // curl http://127.0.0.1:9464/metrics
 * }
 * }</pre>
 */
public final class MetricsEndpoint implements AutoCloseable
{
    /** The address the endpoint listens on unless given another: this machine only. */
    public static final String HOST = "127.0.0.1";
    /** The path the meters are served at. */
    public static final String PATH = "/metrics";
    /** The content type of Prometheus' text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final int OK = 200;
    private static final int NOT_FOUND = 404;
    private static final int METHOD_NOT_ALLOWED = 405;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpServer server;

    private MetricsEndpoint(final HttpServer server)
    {
        this.server = server;
    }

    /**
     * Listen on {@value #HOST}.
     *
     * @param port the port, 0 for one the system picks ({@link #port()} tells which).
     * @return the endpoint, serving no meters until {@link #bind} is called.
     * @throws IllegalArgumentException if the port is not 0 to 65535.
     * @throws BindException            naming the address, if the port is in use.
     * @throws IOException              if the server cannot start for another reason.
     */
    public static MetricsEndpoint start(final int port) throws IOException
    {
        if (port < 0 || port > 0xffff)
        {
            throw new IllegalArgumentException("the metrics port must be from 0 to 65535: " + port);
        }
        return start(new InetSocketAddress(HOST, port));
    }

    /**
     * Listen on an address.
     *
     * @param address the address and port; port 0 for one the system picks.
     * @return the endpoint, serving no meters until {@link #bind} is called.
     * @throws BindException naming the address, if the port is in use or the address is not this machine's.
     * @throws IOException   if the server cannot start for another reason.
     */
    public static MetricsEndpoint start(final InetSocketAddress address) throws IOException
    {
        final HttpServer server;
        try
        {
            server = HttpServer.create(address, 0);
        }
        catch (final BindException ex)
        {
            final BindException named = new BindException("cannot serve metrics on " + address.getHostString() +
                ":" + address.getPort() + ": " + ex.getMessage() + " (is another process using port " +
                address.getPort() + "?)");
            named.initCause(ex);
            throw named;
        }
        final MetricsEndpoint endpoint = new MetricsEndpoint(server);
        server.createContext("/", endpoint::handle);
        server.start();
        return endpoint;
    }

    /**
     * Serve a binder's meters from now on.
     *
     * @param binder such as {@code ScribeMetrics.of(engine)}.
     * @return this endpoint.
     */
    public MetricsEndpoint bind(final MeterBinder binder)
    {
        binder.bindTo(registry);
        return this;
    }

    /**
     * The port it listens on, the one the system picked if started with port 0.
     *
     * @return the port.
     */
    public int port()
    {
        return server.getAddress().getPort();
    }

    /**
     * Where to scrape.
     *
     * @return {@code http://HOST:PORT/metrics}.
     */
    public URI uri()
    {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + port() + PATH);
    }

    /**
     * Keep serving until a person presses Enter, or the process is stopped (Ctrl-C, {@code kill}); so that a demo's
     * meters can be read after its last step. When the input ends without a line (not a terminal), it waits for the
     * process to be stopped.
     *
     * @param in  the input to read a line from, standard input.
     * @param out where to say so.
     * @throws IOException          if the input cannot be read.
     * @throws InterruptedException if interrupted.
     */
    public void serveUntilEnter(final InputStream in, final PrintStream out) throws IOException, InterruptedException
    {
        awaitEnter(in, out, "Metrics are still served at " + uri());
    }

    /**
     * Say what is still served and wait until a person presses Enter, or the process is stopped; when the input ends
     * without a line (not a terminal), until the process is stopped.
     *
     * @param in      the input to read a line from, standard input.
     * @param out     where to say so.
     * @param serving what is served, such as {@code "Metrics are still served at http://..."}.
     * @throws IOException          if the input cannot be read.
     * @throws InterruptedException if interrupted.
     */
    public static void awaitEnter(final InputStream in, final PrintStream out, final String serving)
        throws IOException, InterruptedException
    {
        out.println(serving + "; press Enter to stop (or Ctrl-C, or kill " + ProcessHandle.current().pid() + ").");
        for (int c = in.read(); c != '\n'; c = in.read())
        {
            if (c < 0)
            {
                new CountDownLatch(1).await();
            }
        }
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            final String path = exchange.getRequestURI().getPath();
            final String method = exchange.getRequestMethod();
            if (!PATH.equals(path))
            {
                reply(exchange, NOT_FOUND, "text/plain; charset=utf-8", "not found: " + path + "; the meters are at " +
                    PATH + "\n", true);
            }
            else if (!"GET".equals(method) && !"HEAD".equals(method))
            {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", method + " is not allowed on " +
                    PATH + "; use GET\n", true);
            }
            else
            {
                reply(exchange, OK, CONTENT_TYPE, registry.scrape(), "GET".equals(method));
            }
        }
    }

    private static void reply(final HttpExchange exchange, final int status, final String contentType,
        final String text, final boolean withBody) throws IOException
    {
        final byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, withBody ? body.length : -1);
        if (withBody)
        {
            try (OutputStream stream = exchange.getResponseBody())
            {
                stream.write(body);
            }
        }
    }

    /** Stop listening and close the registry. */
    @Override
    public void close()
    {
        server.stop(0);
        registry.close();
    }
}
