package dev.scribe.examples.orders;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The order demo end to end: five sagas against the payment service on 127.0.0.1, each ending as the demo expects,
 * with the stock and the money adding up.
 */
class OrderDemoTest
{
    @TempDir
    Path dir;

    @Test
    void everyOrderEndsAsExpectedAndTheStockAndMoneyAddUp() throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final boolean ok;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            ok = OrderDemo.run(dir.resolve("orders"), out);
        }
        final String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(ok, text);
        assertTrue(text.contains("o-2 COMPENSATED (step pay failed: card declined)"), text);
        assertTrue(text.contains("o-5 COMPENSATED (timed out)"), text);
        assertTrue(text.contains("undo pay ok: rf-"), "the late payment is refunded: " + text);
        assertTrue(text.contains("; it kept 230, the price of the orders shipped."), text);
    }
}
