package dev.scribe.engine;

import dev.scribe.engine.monitor.CountersSnapshot;
import dev.scribe.engine.monitor.SnapshotRequestFile;
import dev.scribe.engine.snapshot.SnapshotStore;
import dev.scribe.engine.testing.ExpectedErrors;
import dev.scribe.engine.tool.SnapshotTool;
import dev.scribe.journal.PositionFormat;
import dev.scribe.journal.tool.ToolExit;
import dev.scribe.test.Deadlines;
import dev.scribe.test.FileModes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.scribe.engine.EngineBank.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code scribe snapshot DIR}: another process asks a running engine for a snapshot through a request file.
 */
class SnapshotToolTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args)
    {
        return new SnapshotTool(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    /** The bank with a snapshot policy, which makes an engine take requests from other processes. */
    private static EngineContext policed(final Path engineDir)
    {
        return Bank.context(engineDir).snapshots(new SnapshotPolicy());
    }

    @Test
    void anEngineWithoutASnapshotPolicyTakesNoRequestsAndTheToolSaysSo()
    {
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            await(engine.send(new Bank.Open("a")));
            assertEquals(ToolExit.USAGE, run(dir.toString(), "--wait", waitSeconds()));
            final String printed = err.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("does not take snapshot requests: it was launched without a snapshot " +
                "policy"), printed);
            assertTrue(printed.contains("no request was written"), printed);
            assertFalse(Files.exists(dir.resolve(SnapshotRequestFile.FILE_NAME)), "a request was written");
            assertEquals(List.of(), engine.snapshots().list());
            assertEquals(List.of(), threadsNamed("scribe-snapshot"), "a thread looks for requests");
            // the application can still take one
            await(engine.snapshot());
            assertEquals(1, engine.snapshots().list().size());
        }
    }

    @Test
    void anEngineWithAPolicyLooksForRequestsOnTheSnapshotThreadAndCountsThem()
    {
        try (Engine engine = Engine.launch(policed(dir)))
        {
            assertEquals(1, threadsNamed("scribe-snapshot").size(), "the thread that looks for requests");
            await(engine.send(new Bank.Open("a")));
            assertEquals(ToolExit.OK, run(dir.toString(), "--wait", waitSeconds()), err.toString());
            assertEquals(1, CountersSnapshot.read(dir).value(CountersSnapshot.SNAPSHOT_REQUESTS_TYPE_ID)
                .orElse(-1));
        }
    }

    private static List<String> threadsNamed(final String name)
    {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
            .filter(name::equals).toList();
    }

    @Test
    void aRunningEngineTakesTheRequestedSnapshot()
    {
        try (Engine engine = Engine.launch(policed(dir)))
        {
            await(engine.send(new Bank.Open("a")));
            final long position = await(engine.send(new Bank.Deposit("a", 5))).position();

            assertEquals(ToolExit.OK, run(dir.toString(), "--wait", waitSeconds()), err.toString());
            final String printed = out.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("snapshot written at position " + PositionFormat.position(position)), printed);
            assertEquals(1, engine.snapshots().list().size());
            assertEquals(position, SnapshotStore.positionOf(engine.snapshots().list()
                .get(0)));
            assertTrue(printed.contains(engine.snapshots().list().get(0).getFileName().toString()), printed);
            assertFalse(Files.exists(dir.resolve(SnapshotRequestFile.FILE_NAME)), "the request is taken");
        }
    }

    @ExpectedErrors("refused the snapshot request")
    @Test
    void aSymlinkedRequestIsRefusedAndItsTargetLeftAlone() throws Exception
    {
        final Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "secret\n");
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final Path engineDir = dir.resolve("engine");
        try (Engine engine = Engine.launch(policed(engineDir).errorHandler(errors::add)))
        {
            await(engine.send(new Bank.Open("a")));
            final Path request = engineDir.resolve(SnapshotRequestFile.FILE_NAME);
            Files.createSymbolicLink(request, secret);
            Deadlines.await(() -> !Files.exists(request, LinkOption.NOFOLLOW_LINKS) && !errors.isEmpty(),
                "the engine to refuse the request");
            assertTrue(errors.get(0).getMessage().contains("symbolic link"), errors.toString());
            assertEquals(List.of(), engine.snapshots().list(), "a snapshot taken on a planted request");
            assertEquals("secret\n", Files.readString(secret));
        }
    }

    @Test
    void aPlantedTemporaryLinkIsNotWrittenThrough() throws Exception
    {
        final Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "victim\n");
        final Path engineDir = dir.resolve("engine");
        try (Engine engine = Engine.launch(policed(engineDir)))
        {
            await(engine.send(new Bank.Open("a")));
            Files.createSymbolicLink(engineDir.resolve(SnapshotRequestFile.FILE_NAME + ".tmp"), victim);
            assertEquals(ToolExit.OK, run(engineDir.toString(), "--wait", waitSeconds()), err.toString());
            assertEquals("victim\n", Files.readString(victim), "written through a planted link");
            assertEquals(1, engine.snapshots().list().size());
        }
    }

    @ExpectedErrors("refused the snapshot request")
    @Test
    void aRequestOwnedByAnotherUserIsRefused() throws Exception
    {
        final UserPrincipal nobody = FileModes.nobodyIfRoot(dir);
        assumeTrue(null != nobody, "only root can give a file to another user");
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final Path engineDir = dir.resolve("engine");
        try (Engine engine = Engine.launch(policed(engineDir).errorHandler(errors::add)))
        {
            await(engine.send(new Bank.Open("a")));
            final Path written = dir.resolve("request");
            Files.writeString(written, "1\n");
            Files.setOwner(written, nobody);
            final Path request = engineDir.resolve(SnapshotRequestFile.FILE_NAME);
            Files.move(written, request);
            Deadlines.await(() -> !Files.exists(request, LinkOption.NOFOLLOW_LINKS) && !errors.isEmpty(),
                "the engine to refuse the request");
            assertTrue(errors.get(0).getMessage().contains("owned by"), errors.toString());
            assertEquals(List.of(), engine.snapshots().list(), "a snapshot taken on another user's request");
        }
    }

    /** The {@code --wait} the tool is given, in seconds: the standard deadline. */
    private static String waitSeconds()
    {
        return Long.toString(Math.max(1, Deadlines.standard().toSeconds()));
    }

    @Test
    void aDirectoryWithoutAnEngineIsAnError()
    {
        assertEquals(ToolExit.USAGE, run(dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not an engine directory"), err.toString());
        assertEquals(ToolExit.USAGE, run(dir.toString(), "--wait", "soon"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--wait must be a number, was 'soon'"),
            err.toString());
    }

    @Test
    void aWaitThatIsNotPositiveIsWrongUsageAndAsksNothing()
    {
        try (Engine engine = Engine.launch(policed(dir)))
        {
            await(engine.send(new Bank.Open("a")));
            for (final String wait : List.of("-5", "0"))
            {
                assertEquals(ToolExit.USAGE, run(dir.toString(), "--wait", wait), "--wait " + wait);
                assertTrue(err.toString(StandardCharsets.UTF_8).contains("--wait must be more than 0, was '" + wait +
                    "'"), err.toString());
                assertFalse(Files.exists(dir.resolve(SnapshotRequestFile.FILE_NAME)), "a request was written");
            }
        }
    }

    @Test
    void aVeryLongWaitWaitsForTheSnapshotInsteadOfGivingUpAtOnce()
    {
        try (Engine engine = Engine.launch(policed(dir)))
        {
            await(engine.send(new Bank.Open("a")));
            assertEquals(ToolExit.OK, run(dir.toString(), "--wait", "10000000000"), err.toString());
            assertEquals(1, engine.snapshots().list().size());
        }
    }
}
