package dev.scribe.engine;

import dev.scribe.journal.Journal;
import dev.scribe.journal.JvmFlags;
import dev.scribe.journal.MissingJvmFlagsException;
import dev.scribe.test.ChildJvm;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's smallest application, in a JVM started without Scribe's flags, fails in {@link Engine#launch} with Scribe's
 * message naming the flags, and leaves nothing on disk; started with them, it runs.
 */
class LaunchJvmFlagsChildTest
{
    private static final Duration DEADLINE = Deadlines.scaled(Duration.ofSeconds(60));

    @TempDir
    Path dir;

    @Test
    void withoutTheFlagsTheLaunchFailsNamingThemAndWritesNothing() throws Exception
    {
        final Path engineDir = dir.resolve("engine");
        final Path stderr = dir.resolve("child.err");
        final int exit;
        try (ChildJvm child = ChildJvm.startWithFlags(List.of(), LaunchingChild.class, stderr, engineDir.toString()))
        {
            exit = child.awaitExit(DEADLINE);
        }
        final String err = Files.readString(stderr, StandardCharsets.UTF_8);
        assertEquals(1, exit, err);
        assertTrue(err.contains(MissingJvmFlagsException.class.getName() + ": Scribe cannot start"), err);
        assertTrue(err.contains("at " + Engine.class.getName() + ".launch("), "not thrown by the launch:\n" + err);
        for (final String flag : JvmFlags.required())
        {
            assertTrue(err.contains(flag), flag + " not named in:\n" + err);
        }
        try (Stream<Path> files = Files.list(dir))
        {
            assertEquals(List.of(stderr), files.toList(), "the launch wrote into " + dir);
        }
    }

    @Test
    void withTheFlagsTheSameApplicationRuns() throws Exception
    {
        final Path engineDir = dir.resolve("engine");
        try (ChildJvm child = ChildJvm.startWithFlags(
            JvmFlags.flags(), LaunchingChild.class, dir.resolve("child.err"), engineDir.toString()))
        {
            final String outcome = child.awaitLine(line -> line.startsWith("OUTCOME "), DEADLINE);
            assertTrue(outcome.startsWith("OUTCOME ACCEPTED "), outcome);
            assertEquals(0, child.awaitExit(DEADLINE), "exit code; stderr in " + dir.resolve("child.err"));
        }
        try (Journal journal = Journal.openReadOnly(engineDir.resolve("journal")))
        {
            assertTrue(Journal.NULL_POSITION != journal.lastPosition(), "nothing journaled in " + engineDir);
        }
    }
}
