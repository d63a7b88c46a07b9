package dev.scribe.examples.orders;

import dev.scribe.engine.EffectResult;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The effect handlers of the shop's payments: each calls the {@link PaymentProvider} with the effect's idempotency key,
 * so a payment tried again is taken once. A 200 is done, a 402 refused; anything else, or no answer in time, throws,
 * and the effect runner tries again.
 */
public final class PaymentClient
{
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI address;

    /**
     * A client of the service at an address.
     *
     * @param address {@code http://host:port}.
     */
    public PaymentClient(final URI address)
    {
        this.address = address;
    }

    /**
     * Charge a card.
     *
     * @param charge what to charge.
     * @param key    the effect's idempotency key.
     * @return done with the payment id, or refused with the reason.
     * @throws IOException          if the service did not answer, or failed.
     * @throws InterruptedException if interrupted while waiting.
     */
    public EffectResult charge(final Shop.Charge charge, final String key) throws IOException, InterruptedException
    {
        return call("/charge", key, charge.order(), charge.amount(), charge.card());
    }

    /**
     * Refund a card.
     *
     * @param refund what to refund.
     * @param key    the effect's idempotency key.
     * @return done with the refund id, or refused with the reason.
     * @throws IOException          if the service did not answer, or failed.
     * @throws InterruptedException if interrupted while waiting.
     */
    public EffectResult refund(final Shop.Refund refund, final String key) throws IOException, InterruptedException
    {
        return call("/refund", key, refund.order(), refund.amount(), refund.card());
    }

    private EffectResult call(final String path, final String key, final String order, final long amount,
        final String card) throws IOException, InterruptedException
    {
        final URI uri = address.resolve(path + "?key=" + encode(key) + "&order=" + encode(order) + "&amount=" +
            amount + "&card=" + encode(card));
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(CALL_TIMEOUT)
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return switch (response.statusCode())
        {
            case 200 -> EffectResult.done(response.body());
            case 402 -> EffectResult.refused(response.body());
            default -> throw new IOException("the payment service answered " + response.statusCode() + ": " +
                response.body());
        };
    }

    private static String encode(final String text)
    {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
