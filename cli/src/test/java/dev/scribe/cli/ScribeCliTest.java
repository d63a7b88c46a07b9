package dev.scribe.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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

    private final CliRun cli = new CliRun();

    @Test
    void helpNamesEveryCommandOnStandardOutput()
    {
        for (final List<String> args : List.of(List.of("--help"), List.of("help"), List.of("-h")))
        {
            assertEquals(0, cli.run(args.toArray(String[]::new)), args.toString());
            assertEquals("", cli.err(), "asked-for help goes to standard output");
            for (final String command : List.of("journal", "stat", "errors", "snapshot", "replay", "sagas", "parked",
                "replication", "completion", "help"))
            {
                assertTrue(cli.out().contains("  " + command + " "), command + " in " + cli.out());
            }
            assertTrue(cli.out().contains("Exit codes: 0 done"), cli.out());
            assertTrue(cli.out().contains("source <(scribe completion)"), cli.out());
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
            assertEquals(0, cli.run(withHelp), name);
            assertTrue(cli.out().startsWith("Usage: scribe " + name), cli.out());
            final String own = cli.out();
            final String[] helpFirst = concat(List.of("help"), command.toArray(String[]::new));
            assertEquals(0, cli.run(helpFirst), "help " + name);
            assertEquals(own, cli.out(), "scribe help " + name + " prints the same");
        }
        assertEquals(0, cli.run("journal", "dump", "--help"));
        assertTrue(cli.out().contains("--from=POSITION"), cli.out());
        assertTrue(cli.out().contains("--json"), cli.out());
    }

    @Test
    void versionNamesTheCommandAndItsJava()
    {
        assertEquals(0, cli.run("--version"));
        assertTrue(cli.out().startsWith("scribe "), cli.out());
        assertTrue(cli.out().contains("Java " + Runtime.version()), cli.out());
    }

    @Test
    void completionPrintsABashScriptForEveryCommand()
    {
        assertEquals(0, cli.run("completion"));
        assertTrue(cli.out().contains("complete -F"), "a bash completion function is registered");
        for (final String word : List.of("journal", "dump", "replication", "promote", "--setup", "--json"))
        {
            assertTrue(cli.out().contains(word), word);
        }
    }

    @Test
    void noCommandIsWrongUsageShownOnStandardError()
    {
        assertEquals(2, cli.run());
        assertTrue(cli.err().contains("expected a command: journal, stat"), cli.err());
        assertTrue(cli.err().contains("Usage: scribe [-hV] [COMMAND]"), cli.err());
        assertTrue(cli.err().contains("Try 'scribe --help' for more."), cli.err());
        assertEquals("", cli.out());
        assertEquals(2, cli.run("journal"));
        assertTrue(cli.err().contains("expected a command: dump, verify, stat"), cli.err());
        assertEquals(2, cli.run("frobnicate"));
        assertTrue(cli.err().contains("Unmatched argument at index 0: 'frobnicate'"), cli.err());
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
        assertEquals(2, cli.run(args), String.join(" ", args) + ": " + cli.err());
        assertTrue(cli.err().contains(message), String.join(" ", args) + ": " + cli.err());
        assertEquals("", cli.out(), "nothing on standard output");
    }

    @Test
    void aDirectoryThatIsNeitherAJournalNorAnEngineIsAnErrorNamingWhatWasExpected() throws IOException
    {
        final Path other = Files.createDirectories(dir.resolve("photos"));
        for (final String command : List.of("dump", "verify", "stat"))
        {
            assertEquals(2, cli.run("journal", command, other.toString()), command);
            assertTrue(cli.err().contains(other + " is neither a journal directory (it has no metadata.cq4t, " +
                "scribe-cycles or *.cq4 file) nor an engine directory (it has no journal directory)"), cli.err());
        }
        assertEquals(2, cli.run("replay", "--setup", EngineDirectoryTest.BankSetup.class.getName(), other.toString()));
        assertTrue(cli.err().contains(other + " is not an engine directory: it has no journal directory"), cli.err());
        assertEquals(2, cli.run("journal", "stat", dir.resolve("missing").toString()));
        assertTrue(cli.err().contains("journal directory " + dir.resolve("missing") + " does not exist"), cli.err());
    }

    @Test
    void engineAndReplicationToolsSayWhatIsMissing()
    {
        assertEquals(2, cli.run("stat", dir.toString()));
        assertTrue(cli.err().contains("there is no counters file"), cli.err());
        assertEquals(2, cli.run("errors", dir.toString()));
        assertTrue(cli.err().contains("there is no error log file"), cli.err());
        assertEquals(2, cli.run("replication", "status", dir.toString()), "not a node's directory: wrong input");
        assertTrue(cli.err().contains("is not a replication node's engine directory"), cli.err());
        assertEquals(2, cli.run("replication", "elect", dir.toString()));
        assertTrue(cli.err().contains("Unmatched arguments from index 1: 'elect'"), cli.err());
        assertEquals(2, cli.run("replay", "--setup", "no.such.Setup", dir.toString()));
        assertTrue(cli.err().contains("cannot make the setup no.such.Setup"), cli.err());
        assertFalse(cli.err().contains("\tat "), "no stack trace: " + cli.err());
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
                assertEquals(2, cli.run(args), String.join(" ", args) + ": " + cli.err());
                assertEquals("", cli.out(), "no readings");
                assertTrue(cli.err().contains("there is no counters file") ||
                    cli.err().contains("is not a Scribe counters file"), cli.err());
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
