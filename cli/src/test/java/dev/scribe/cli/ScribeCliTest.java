package dev.scribe.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code scribe} command's shape: help, version, completion, exit codes and usage errors.
 */
class ScribeCliTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args)
    {
        out.reset();
        err.reset();
        return ScribeCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err()
    {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpNamesEveryCommandOnStandardOutput()
    {
        for (final List<String> args : List.of(List.of("--help"), List.of("help"), List.of("-h")))
        {
            assertEquals(0, run(args.toArray(String[]::new)), args.toString());
            assertEquals("", err(), "asked-for help goes to standard output");
            for (final String command : List.of("journal", "stat", "errors", "snapshot", "replay", "sagas", "parked",
                "replication", "completion", "help"))
            {
                assertTrue(out().contains("  " + command + " "), command + " in " + out());
            }
            assertTrue(out().contains("Exit codes: 0 done"), out());
            assertTrue(out().contains("source <(scribe completion)"), out());
        }
    }

    @Test
    void everyCommandHasItsOwnHelp()
    {
        for (final List<String> command : List.of(List.of("journal", "dump"), List.of("journal", "verify"),
            List.of("journal", "stat"), List.of("stat"), List.of("errors"), List.of("snapshot"), List.of("replay"),
            List.of("sagas"), List.of("parked", "list"), List.of("parked", "skip"), List.of("parked", "retry"),
            List.of("replication", "status"), List.of("replication", "promote"), List.of("replication", "demote"),
            List.of("completion")))
        {
            final String name = String.join(" ", command);
            final String[] withHelp = concat(command, "--help");
            assertEquals(0, run(withHelp), name);
            assertTrue(out().startsWith("Usage: scribe " + name), out());
            final String own = out();
            final String[] helpFirst = concat(List.of("help"), command.toArray(String[]::new));
            assertEquals(0, run(helpFirst), "help " + name);
            assertEquals(own, out(), "scribe help " + name + " prints the same");
        }
        assertEquals(0, run("journal", "dump", "--help"));
        assertTrue(out().contains("--from=POSITION"), out());
        assertTrue(out().contains("--json"), out());
    }

    @Test
    void versionNamesTheCommandAndItsJava()
    {
        assertEquals(0, run("--version"));
        assertTrue(out().startsWith("scribe "), out());
        assertTrue(out().contains("Java " + Runtime.version()), out());
    }

    @Test
    void completionPrintsABashScriptForEveryCommand()
    {
        assertEquals(0, run("completion"));
        assertTrue(out().contains("complete -F"), "a bash completion function is registered");
        for (final String word : List.of("journal", "dump", "replication", "promote", "--setup", "--json"))
        {
            assertTrue(out().contains(word), word);
        }
    }

    @Test
    void noCommandIsWrongUsageShownOnStandardError()
    {
        assertEquals(2, run());
        assertTrue(err().contains("expected a command: journal, stat"), err());
        assertTrue(err().contains("Usage: scribe [-hV] [COMMAND]"), err());
        assertTrue(err().contains("Try 'scribe --help' for more."), err());
        assertEquals("", out());
        assertEquals(2, run("journal"));
        assertTrue(err().contains("expected a command: dump, verify, stat"), err());
        assertEquals(2, run("frobnicate"));
        assertTrue(err().contains("Unmatched argument at index 0: 'frobnicate'"), err());
    }

    @Test
    void nonsensicalArgumentsAreUsageErrorsThatSayWhatIsWrong()
    {
        final String d = dir.toString();
        expectUsage("'-5' is not a position (a position is never negative)", "journal", "dump", d, "--from", "-5");
        expectUsage("'x' is not a position", "journal", "dump", d, "--to", "x");
        expectUsage("Invalid value for option '--limit': it must be more than 0, was '0'", "journal", "dump", d,
            "--limit", "0");
        expectUsage("--from 0000000000000009 is after --to 0000000000000002", "journal", "dump", d, "--from", "9",
            "--to", "2");
        expectUsage("Invalid value for option '--count': it must be more than 0, was '0'", "stat", d, "--watch", "1",
            "--count", "0");
        expectUsage("Invalid value for option '--watch': it must be more than 0 seconds", "stat", d, "--watch", "-1");
        expectUsage("--count needs --watch", "stat", d, "--count", "3");
        expectUsage("Unknown option: '--frobnicate'", "journal", "stat", d, "--frobnicate");
        expectUsage("Missing required parameter: 'DIR'", "journal", "verify");
        expectUsage("Missing required option: '--setup=CLASS'", "replay", d);
        expectUsage("Invalid value for positional parameter at index 3 (INDEX): it must be a whole number of 0 or " +
            "more, was '-1'", "parked", "skip", d, "sub", "0000000000000001", "-1");
        expectUsage("Invalid value for option '--wait'", "replication", "demote", d, "--wait", "0");
        expectUsage("--setup and --key-file do not go together", "journal", "verify", d, "--setup", "x.Y",
            "--key-file", "k");
    }

    private void expectUsage(final String message, final String... args)
    {
        assertEquals(2, run(args), String.join(" ", args) + ": " + err());
        assertTrue(err().contains(message), String.join(" ", args) + ": " + err());
        assertEquals("", out(), "nothing on standard output");
    }

    @Test
    void aDirectoryThatIsNeitherAJournalNorAnEngineIsAnErrorNamingWhatWasExpected() throws IOException
    {
        final Path other = Files.createDirectories(dir.resolve("photos"));
        for (final String command : List.of("dump", "verify", "stat"))
        {
            assertEquals(2, run("journal", command, other.toString()), command);
            assertTrue(err().contains(other + " is neither a journal directory (it has no metadata.cq4t, " +
                "scribe-cycles or *.cq4 file) nor an engine directory (it has no journal directory)"), err());
        }
        assertEquals(2, run("replay", "--setup", EngineDirectoryTest.BankSetup.class.getName(), other.toString()));
        assertTrue(err().contains(other + " is not an engine directory: it has no journal directory"), err());
        assertEquals(2, run("journal", "stat", dir.resolve("missing").toString()));
        assertTrue(err().contains("journal directory " + dir.resolve("missing") + " does not exist"), err());
    }

    @Test
    void engineAndReplicationToolsSayWhatIsMissing()
    {
        assertEquals(2, run("stat", dir.toString()));
        assertTrue(err().contains("there is no counters file"), err());
        assertEquals(2, run("errors", dir.toString()));
        assertTrue(err().contains("there is no error log file"), err());
        assertEquals(2, run("replication", "status", dir.toString()), "not a node's directory: wrong input");
        assertTrue(err().contains("is not a replication node's engine directory"), err());
        assertEquals(2, run("replication", "elect", dir.toString()));
        assertTrue(err().contains("Unmatched arguments from index 1: 'elect'"), err());
        assertEquals(2, run("replay", "--setup", "no.such.Setup", dir.toString()));
        assertTrue(err().contains("cannot make the setup no.such.Setup"), err());
        assertFalse(err().contains("\tat "), "no stack trace: " + err());
    }

    @Test
    void watchingWhatIsNoEngineIsTheSameErrorAsAReading() throws IOException
    {
        final Path foreign = dir.resolve("foreign");
        Files.createDirectories(foreign);
        Files.write(foreign.resolve("counters.dat"), new byte[] {1, 2, 3});
        for (final Path path : List.of(dir.resolve("missing"), dir, foreign))
        {
            for (final boolean json : new boolean[] {false, true})
            {
                final String[] args = concat(List.of("stat", path.toString(), "--watch", "0.01", "--count", "2"),
                    json ? new String[] {"--json"} : new String[0]);
                assertEquals(2, run(args), String.join(" ", args) + ": " + err());
                assertEquals("", out(), "no readings");
                assertTrue(err().contains("there is no counters file") || err().contains("is not a Scribe counters " +
                    "file"), err());
            }
        }
    }

    private static String[] concat(final List<String> first, final String... rest)
    {
        final String[] all = new String[first.size() + rest.length];
        for (int i = 0; i < first.size(); i++)
        {
            all[i] = first.get(i);
        }
        System.arraycopy(rest, 0, all, first.size(), rest.length);
        return all;
    }
}
