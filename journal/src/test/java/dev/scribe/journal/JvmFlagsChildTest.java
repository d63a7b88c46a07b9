package dev.scribe.journal;

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
 * A JVM started without Scribe's flags gets Scribe's message naming them from {@link Journal#open}, and nothing is
 * created on disk; with the flags the same program journals its record.
 */
class JvmFlagsChildTest
{
    private static final Duration DEADLINE = Deadlines.scaled(Duration.ofSeconds(60));

    @TempDir
    Path dir;

    @Test
    void withoutTheFlagsTheOpenFailsNamingThemAndWritesNothing() throws Exception
    {
        final Path journalDir = dir.resolve("data").resolve("journal");
        final Path stderr = dir.resolve("child.err");
        final int exit;
        try (ChildJvm child = ChildJvm.startWithFlags(List.of(), OpeningChild.class, stderr, journalDir.toString()))
        {
            exit = child.awaitExit(DEADLINE);
        }
        final String err = Files.readString(stderr, StandardCharsets.UTF_8);
        assertEquals(1, exit, err);
        assertTrue(err.contains(MissingJvmFlagsException.class.getName() + ": Scribe cannot start"), err);
        assertTrue(err.contains("missing, required:") && err.contains("<argLine>") && err.contains("Add-Opens:"), err);
        for (final String flag : JvmFlags.required())
        {
            assertTrue(err.contains(flag), flag + " not named in:\n" + err);
        }
        assertTrue(Files.notExists(dir.resolve("data")), "the open created " + dir.resolve("data"));
        try (Stream<Path> files = Files.list(dir))
        {
            assertEquals(List.of(stderr), files.toList(), "only the child's stderr is in " + dir);
        }
    }

    @Test
    void withTheFlagsTheSameProgramJournals() throws Exception
    {
        final Path journalDir = dir.resolve("data").resolve("journal");
        try (ChildJvm child = ChildJvm.startWithFlags(
            JvmFlags.flags(), OpeningChild.class, dir.resolve("child.err"), journalDir.toString()))
        {
            child.awaitLine(line -> line.startsWith("APPENDED "), DEADLINE);
            assertEquals(0, child.awaitExit(DEADLINE), "exit code; stderr in " + dir.resolve("child.err"));
        }
        try (Journal journal = Journal.openReadOnly(journalDir))
        {
            assertTrue(Journal.NULL_POSITION != journal.lastPosition(), "no record in " + journalDir);
        }
    }
}
