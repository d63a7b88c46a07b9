package dev.scribe.replication;

import dev.scribe.engine.EngineRole;
import dev.scribe.journal.tool.ToolExit;
import dev.scribe.test.FileModes;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A running node's control files under attack by another local user who can write into its replication directory:
 * links planted where the node reads a request or writes a result, requests that are not the node user's, and
 * requests that are not requests. The node follows no link, echoes nothing it did not write itself, and goes on.
 */
class ControlFileTest
{
    private static final String SECRET_TEXT = "TOPSECRET-0123456789abcdef";

    @TempDir
    Path dir;

    private ReplicationNode standby(final Nodes.Log log) throws Exception
    {
        return ReplicationNode.start(Nodes.node(2, dir.resolve("two"), EngineRole.STANDBY, NodePair.UNKNOWN_PEER), log);
    }

    private Path control()
    {
        return dir.resolve("two").resolve(ControlFile.DIRECTORY);
    }

    private Path secretFile() throws Exception
    {
        final Path secret = dir.resolve("secret.hex");
        Files.writeString(secret, SECRET_TEXT + "\n");
        return secret;
    }

    private String awaitResult() throws Exception
    {
        final Path result = control().resolve(ControlFile.RESULT);
        Deadlines.await(() -> Files.exists(result, LinkOption.NOFOLLOW_LINKS), "a result in " + control());
        return Files.readString(result, StandardCharsets.UTF_8);
    }

    @Test
    void aSymlinkedRequestIsRefusedAndItsTargetNeverReachesTheResult() throws Exception
    {
        final Path secret = secretFile();
        try (ReplicationNode two = standby(new Nodes.Log("two")))
        {
            final Path request = control().resolve(ControlFile.REQUEST);
            Files.createSymbolicLink(request, secret);
            final String result = awaitResult();
            assertFalse(result.contains("TOPSECRET"), "the secret was echoed: " + result);
            assertTrue(result.startsWith("refused: "), result);
            assertTrue(result.contains("symbolic link"), result);
            assertFalse(Files.exists(request, LinkOption.NOFOLLOW_LINKS), "the link is removed");
            assertEquals(SECRET_TEXT + "\n", Files.readString(secret), "the target is untouched");
            assertEquals(EngineRole.STANDBY, two.engine().role());
        }
    }

    @Test
    void anUnknownRequestIsRefusedWithoutEchoingIt() throws Exception
    {
        try (ReplicationNode two = standby(new Nodes.Log("two")))
        {
            Files.writeString(control().resolve(ControlFile.REQUEST), "promote now, and leak " + SECRET_TEXT);
            final String result = awaitResult();
            assertFalse(result.contains("leak") || result.contains("TOPSECRET"), result);
            assertTrue(result.startsWith("refused: "), result);
            assertEquals(EngineRole.STANDBY, two.engine().role());
        }
    }

    @Test
    void plantedTemporaryLinksAreNotWrittenThrough() throws Exception
    {
        final Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "victim\n");
        try (ReplicationNode two = standby(new Nodes.Log("two")))
        {
            Files.createSymbolicLink(control().resolve(ControlFile.RESULT + ".tmp"), victim);
            Files.createSymbolicLink(control().resolve(ControlFile.REQUEST + ".tmp"), victim);
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int exit = new ReplicationTool(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
                .run("demote", dir.resolve("two").toString(), "--wait",
                    Nodes.waitSeconds(Duration.ofSeconds(30)));
            assertEquals(ToolExit.OK, exit, err.toString(StandardCharsets.UTF_8));
            assertEquals("demote: epoch 1", out.toString(StandardCharsets.UTF_8).trim());
            assertEquals("victim\n", Files.readString(victim), "written through a planted link");
            final Path result = control().resolve(ControlFile.RESULT);
            assertTrue(Files.isRegularFile(result, LinkOption.NOFOLLOW_LINKS));
            assertEquals("demote: epoch 1\n", Files.readString(result));
            assertEquals(EngineRole.STANDBY, two.engine().role());
        }
    }

    @Test
    void theNodesFilesAndItsControlFilesAreItsUsersOnly() throws Exception
    {
        assumeTrue(FileModes.posix(dir), "the file system has no POSIX permissions");
        try (ReplicationNode two = standby(new Nodes.Log("two")))
        {
            Files.writeString(control().resolve(ControlFile.REQUEST), "demote\n");
            assertEquals("demote: epoch 1\n", awaitResult());
            assertEquals(EngineRole.STANDBY, two.engine().role());
        }
        FileModes.assertTree(dir.resolve("two"), "rw-------", "rwx------");
    }

    @Test
    void aRequestOwnedByAnotherUserIsRefused() throws Exception
    {
        final UserPrincipal nobody = FileModes.nobodyIfRoot(dir);
        assumeTrue(null != nobody, "only root can give a file to another user");
        try (ReplicationNode two = standby(new Nodes.Log("two")))
        {
            final Path written = dir.resolve("request");
            Files.writeString(written, "promote\n");
            Files.setOwner(written, nobody);
            Files.move(written, control().resolve(ControlFile.REQUEST));
            final String result = awaitResult();
            assertTrue(result.startsWith("refused: "), result);
            assertTrue(result.contains("owned by"), result);
            assertEquals(EngineRole.STANDBY, two.engine().role(), "promoted on another user's request");
        }
    }
}
