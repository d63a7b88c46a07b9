package dev.scribe.examples.failover;

import dev.scribe.engine.tool.EngineStat;
import dev.scribe.journal.tool.ToolExit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads every error log a node left in its engine directory (the current one and those kept from earlier
 * launches) with the {@code errors} tool: a test ends by checking that no node logged an error.
 */
final class NodeErrors
{
    private NodeErrors()
    {
    }

    static void assertNone(final Path engineDir) throws IOException
    {
        final List<Path> logs;
        try (Stream<Path> files = Files.list(engineDir))
        {
            logs = files.filter(f -> f.getFileName().toString().matches("errors.*\\.dat")).sorted().toList();
        }
        assertTrue(!logs.isEmpty(), "no error log in " + engineDir);
        for (final Path log : logs)
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final int exit = new EngineStat(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8)).run("errors", log.toString());
            final String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(ToolExit.OK, exit, text);
            assertTrue(text.contains("0 distinct errors"), log + ":\n" + text);
        }
    }
}
