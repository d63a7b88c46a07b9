package dev.scribe.examples.orders;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A card payment service over HTTP on 127.0.0.1, misbehaving on purpose by card: {@code declined} is refused (402),
 * {@code flaky} fails (503) the first time each key is tried, {@code slow} answers after {@link #SLOW_MS} ms. Every
 * other card is charged. {@code POST /charge} and {@code POST /refund} take {@code key}, {@code order},
 * {@code amount} and {@code card} query parameters; a key seen before moves no money twice.
 */
public final class PaymentProvider implements AutoCloseable
{
    /** How long a {@code slow} card takes, in milliseconds: longer than the saga's timeout. */
    public static final long SLOW_MS = 3_000;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final Map<String, Long> charges = new ConcurrentHashMap<>();
    private final Map<String, Long> refunds = new ConcurrentHashMap<>();
    private final Map<String, Boolean> failedOnce = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();

    private PaymentProvider(final HttpServer server)
    {
        this.server = server;
    }

    /**
     * Start the service on a free port of 127.0.0.1.
     *
     * @return the running service.
     * @throws IOException if it cannot listen.
     */
    public static PaymentProvider start() throws IOException
    {
        final HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        final PaymentProvider provider = new PaymentProvider(server);
        server.createContext("/charge", exchange -> provider.answer(exchange, true));
        server.createContext("/refund", exchange -> provider.answer(exchange, false));
        server.setExecutor(provider.threads);
        server.start();
        return provider;
    }

    /**
     * Where the service listens.
     *
     * @return {@code http://127.0.0.1:PORT}.
     */
    public URI address()
    {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Money charged, less money refunded.
     *
     * @return the net amount.
     */
    public long net()
    {
        return charges.values().stream().mapToLong(Long::longValue).sum() -
            refunds.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Charges by key.
     *
     * @return a copy.
     */
    public Map<String, Long> charges()
    {
        return Map.copyOf(charges);
    }

    /**
     * Refunds by key.
     *
     * @return a copy.
     */
    public Map<String, Long> refunds()
    {
        return Map.copyOf(refunds);
    }

    /**
     * Requests answered, retries included.
     *
     * @return the count.
     */
    public int calls()
    {
        return calls.get();
    }

    private void answer(final HttpExchange exchange, final boolean charge) throws IOException
    {
        calls.incrementAndGet();
        try (exchange)
        {
            final Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            final String key = query.get("key");
            final String card = query.getOrDefault("card", "");
            final long amount;
            try
            {
                amount = Long.parseLong(query.getOrDefault("amount", "-1"));
            }
            catch (final NumberFormatException ex)
            {
                reply(exchange, 400, "bad amount");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod()) || null == key || amount <= 0)
            {
                reply(exchange, 400, "POST with key, order, amount and card");
                return;
            }
            if (charge && "declined".equals(card))
            {
                reply(exchange, 402, "card declined");
                return;
            }
            if ("flaky".equals(card) && null == failedOnce.putIfAbsent(key, Boolean.TRUE))
            {
                reply(exchange, 503, "try again");
                return;
            }
            if (charge && "slow".equals(card))
            {
                sleep();
            }
            (charge ? charges : refunds).putIfAbsent(key, amount);
            reply(exchange, 200, (charge ? "ch-" : "rf-") + Integer.toHexString(key.hashCode()));
        }
    }

    private static void sleep()
    {
        try
        {
            TimeUnit.MILLISECONDS.sleep(SLOW_MS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(final HttpExchange exchange, final int status, final String body) throws IOException
    {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(final String raw)
    {
        final Map<String, String> query = new HashMap<>();
        if (null != raw)
        {
            for (final String pair : raw.split("&"))
            {
                final int equals = pair.indexOf('=');
                if (equals > 0)
                {
                    query.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
                }
            }
        }
        return query;
    }

    private static String decode(final String text)
    {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    @Override
    public void close()
    {
        server.stop(0);
        threads.shutdownNow();
    }
}
