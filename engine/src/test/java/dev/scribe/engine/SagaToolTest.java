package dev.scribe.engine;

import dev.scribe.engine.tool.SagaTool;
import dev.scribe.journal.tool.ToolExit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code scribe sagas} on a shop's engine directory: the run waiting for a signal and the run whose compensation
 * failed are shown, the completed one only with {@code --all}; a failed run makes the exit code 1; a directory that
 * is not an engine's is wrong usage.
 */
class SagaToolTest
{
    @TempDir
    Path dir;

    /** The shop's setup, for the tool. */
    public static final class ShopSetup implements EngineSetup
    {
        @Override
        public EngineContext context(final Path directory)
        {
            return Shop.context(directory);
        }
    }

    private static String[] run(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = new SagaTool(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new String[] {Integer.toString(exit), out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void showsTheRunsThatNeedALook()
    {
        try (SagaFixture shop = SagaFixture.launch(Shop.context(dir)))
        {
            shop.given("sku", new Shop.Stocked(10)).given("broken-sku", new Shop.Stocked(10))
                .given("ann", new Shop.Funded(5_000)).given("bob", new Shop.Funded(10));
            shop.when(new Shop.Place("done", "sku", 1, "ann", 10)).thenAccepted();
            shop.when(new Shop.Place("waiting", "sku", 1, "ann", 2_000)).thenAccepted();
            shop.when(new Shop.Place("stuck", "broken-sku", 1, "bob", 100)).thenAccepted();
            shop.fire();
        }
        final String setup = ShopSetup.class.getName();
        final String[] attention = run("--setup", setup, dir.toString());
        assertEquals(Integer.toString(ToolExit.FAILED), attention[0], attention[2]);
        assertTrue(attention[1].contains("approved waiting RUNNING at approval"), attention[1]);
        assertTrue(attention[1].contains("fulfilment stuck FAILED at the undoing of reserve"), attention[1]);
        assertTrue(attention[1].contains(": the undoing of step reserve failed: the shelf for broken-sku is broken"),
            attention[1]);
        assertFalse(attention[1].contains("fulfilment done"), attention[1]);
        assertTrue(attention[1].contains("3 saga runs, 2 shown, 1 failed"), attention[1]);

        final String[] all = run("--setup", setup, dir.toString(), "--all");
        assertTrue(all[1].contains("fulfilment done COMPLETED at ship"), all[1]);
        assertTrue(all[1].contains("    pay ok: accepted"), all[1]);

        final String[] notAnEngine = run("--setup", setup, dir.resolve("nothing").toString());
        assertEquals(Integer.toString(ToolExit.USAGE), notAnEngine[0]);
        assertTrue(notAnEngine[2].contains("engine directory " + dir.resolve("nothing") + " does not exist"),
            notAnEngine[2]);
    }
}
