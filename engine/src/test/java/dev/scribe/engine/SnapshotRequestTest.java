package dev.scribe.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.scribe.engine.EngineBank.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code scribe snapshot DIR}: another process asks a running engine for a snapshot through a request file.
 */
class SnapshotRequestTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args)
    {
        return new SnapshotRequest(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    @Test
    void aRunningEngineTakesTheRequestedSnapshot()
    {
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            await(engine.send(new Bank.Open("a")));
            final long position = await(engine.send(new Bank.Deposit("a", 5))).position();

            assertEquals(SnapshotRequest.EXIT_OK, run(dir.toString(), "--wait", "30"), err.toString());
            final String printed = out.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("snapshot written at position " + position), printed);
            assertEquals(1, engine.snapshots().list().size());
            assertEquals(position, dev.scribe.engine.snapshot.SnapshotStore.positionOf(engine.snapshots().list()
                .get(0)));
            assertTrue(printed.contains(engine.snapshots().list().get(0).getFileName().toString()), printed);
            assertFalse(Files.exists(dir.resolve(SnapshotRequest.FILE_NAME)), "the request is taken");
        }
    }

    @Test
    void aDirectoryWithoutAnEngineIsAnError()
    {
        assertEquals(SnapshotRequest.EXIT_ERROR, run(dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not an engine directory"), err.toString());
        assertEquals(SnapshotRequest.EXIT_ERROR, run(dir.toString(), "--wait", "soon"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--wait needs a number"), err.toString());
    }
}
