package dev.scribe.cli;

import dev.scribe.engine.Bank;
import dev.scribe.engine.Engine;
import dev.scribe.journal.tool.ToolExit;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An engine directory whose journal holds a corrupt record: every command that reads the journal through to it says
 * so with exit 1 (what it checked failed), as {@code journal verify} does, not 2, which a script takes for a mistake
 * in its own command line.
 */
class DamagedJournalExitTest
{
    private static final String VICTIM = "victim-account";

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void aCorruptRecordIsExitOneForEveryCommandThatReadsIt() throws Exception
    {
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            final long deadline = Deadlines.standard().toMillis();
            assertTrue(engine.send(new Bank.Open("acc-1")).get(deadline, TimeUnit.MILLISECONDS).accepted());
            assertTrue(engine.send(new Bank.Open(VICTIM)).get(deadline, TimeUnit.MILLISECONDS).accepted());
            assertTrue(engine.send(new Bank.Deposit("acc-1", 5)).get(deadline, TimeUnit.MILLISECONDS).accepted());
        }
        flipInsideTheJournal(VICTIM.getBytes(StandardCharsets.US_ASCII));

        final String setup = EngineDirectoryTest.BankSetup.class.getName();
        for (final List<String> args : List.of(
            List.of("journal", "verify", dir.toString()),
            List.of("journal", "dump", dir.toString()),
            List.of("replay", "--setup", setup, dir.toString(), "--no-snapshots"),
            List.of("sagas", "--setup", setup, dir.toString())))
        {
            final int code = cli.run(args.toArray(String[]::new));
            final String text = cli.out() + cli.err();
            assertEquals(ToolExit.FAILED, code, args + ": " + text);
            assertTrue(text.contains("corrupt record"), args + ": " + text);
        }
    }

    /** Flip a byte wherever the journal's cycle files hold these bytes. */
    private void flipInsideTheJournal(final byte[] needle) throws IOException
    {
        final List<Path> files;
        try (Stream<Path> list = Files.list(dir.resolve("journal")))
        {
            files = list.filter(file -> file.getFileName().toString().endsWith(".cq4")).toList();
        }
        int found = 0;
        for (final Path file : files)
        {
            final byte[] bytes = Files.readAllBytes(file);
            for (int i = 0; i + needle.length <= bytes.length; i++)
            {
                int j = 0;
                while (j < needle.length && bytes[i + j] == needle[j])
                {
                    j++;
                }
                if (j == needle.length)
                {
                    bytes[i + 2] ^= 0x20;
                    found++;
                }
            }
            if (found > 0)
            {
                Files.write(file, bytes);
            }
        }
        assertTrue(found > 0, "the bytes are in the journal (in one record: its aggregate id and its event)");
    }
}
