package dev.scribe.cli;

import dev.scribe.engine.Bank;
import dev.scribe.engine.Engine;
import dev.scribe.engine.EngineContext;
import dev.scribe.engine.EngineSetup;
import dev.scribe.engine.Outcome;
import dev.scribe.journal.PositionFormat;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code scribe} command on a real engine directory, a bank's that opened an account and took two deposits: the
 * journal commands read the journal inside it, {@code --json} parses and holds the values the engine reported, and
 * every command takes back the positions it prints.
 */
class EngineDirectoryTest
{
    /** The bank's setup, found by class name as the command line does. */
    public static final class BankSetup implements EngineSetup
    {
        @Override
        public EngineContext context(final Path directory)
        {
            return Bank.context(directory);
        }
    }

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();
    private final List<Long> positions = new ArrayList<>();
    private long stateHash;

    @BeforeEach
    void bank() throws Exception
    {
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            positions.add(accepted(engine.send(new Bank.Open("acc-1"))).position());
            positions.add(accepted(engine.send(new Bank.Deposit("acc-1", 10))).position());
            positions.add(accepted(engine.send(new Bank.Deposit("acc-1", 32))).position());
            stateHash = engine.stateHash();
        }
    }

    private static Outcome accepted(final CompletableFuture<Outcome> sent) throws Exception
    {
        final Outcome outcome = sent.get(Deadlines.standard().toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(outcome.accepted(), outcome.toString());
        return outcome;
    }

    private Map<String, Object> json(final String... args)
    {
        assertEquals(0, cli.run(args), cli.err());
        return JsonReader.object(cli.out());
    }

    private static String position(final long position)
    {
        return PositionFormat.position(position);
    }

    @Test
    void journalStatOnTheEngineDirectoryReadsItsJournal()
    {
        final Map<String, Object> stat = json("journal", "stat", dir.toString(), "--json");
        assertEquals(dir.resolve("journal").toString(), stat.get("directory"));
        assertEquals(new BigDecimal(3), stat.get("records"));
        assertEquals(new BigDecimal(3), stat.get("events"));
        assertEquals(position(positions.get(0)), stat.get("firstPosition"));
        assertEquals(position(positions.get(2)), stat.get("lastPosition"));
        assertEquals(1, ((List<?>)stat.get("cycleFiles")).size());

        assertEquals(0, cli.run("journal", "stat", dir.toString()));
        assertTrue(cli.out().contains("records=3 events=3"), cli.out());
        assertTrue(cli.out().contains("lastPosition=" + position(positions.get(2)) + " (cycle "), cli.out());
    }

    @Test
    void journalVerifyPassesAndSaysSoInJson()
    {
        final Map<String, Object> plain = json("journal", "verify", dir.toString(), "--json");
        assertEquals(Boolean.TRUE, plain.get("healthy"));
        assertEquals(new BigDecimal(3), plain.get("records"));
        assertEquals(new BigDecimal(0), plain.get("bad"));
        assertNull(plain.get("firstBad"));
        assertEquals(List.of(), plain.get("problems"));

        final Map<String, Object> decoded = json("journal", "verify", dir.toString(), "--setup",
            BankSetup.class.getName(), "--json");
        assertEquals(new BigDecimal(3), decoded.get("events"));
        assertEquals(new BigDecimal(3), decoded.get("ok"));

        assertEquals(0, cli.run("journal", "verify", dir.resolve("journal").toString()));
        assertTrue(cli.out().contains("records=3 ok=3 bad=0 firstBad=none"), cli.out());
    }

    @Test
    void journalDumpPrintsAJsonObjectARecordAndDecodesPayloadsWithTheSetup()
    {
        assertEquals(0, cli.run("journal", "dump", dir.toString(), "--json", "--setup", BankSetup.class.getName()));
        final String[] lines = cli.out().split("\n");
        assertEquals(3, lines.length, cli.out());
        final Map<String, Object> second = JsonReader.object(lines[1]);
        assertEquals(position(positions.get(1)), second.get("position"));
        final Map<?, ?> aggregate = (Map<?, ?>)((List<?>)second.get("aggregates")).get(0);
        assertEquals("acc-1", aggregate.get("id"));
        final Map<?, ?> event = (Map<?, ?>)((List<?>)second.get("events")).get(0);
        assertEquals("Deposited[amount=10]", event.get("text"));
        assertEquals("", cli.err(), "no record count and no progress bar beside JSON");

        assertEquals(0, cli.run("journal", "dump", dir.toString(), "--setup", BankSetup.class.getName()));
        assertTrue(cli.out().contains("Deposited[amount=32]"), cli.out());
        assertTrue(cli.out().contains("Opened[account=acc-1]"), cli.out());
        assertEquals(0, cli.run("journal", "dump", dir.toString()));
        assertFalse(cli.out().contains("Deposited["), "without the setup, payloads are hex: " + cli.out());
    }

    @Test
    void everyCommandTakesBackThePositionsItPrints()
    {
        assertEquals(0, cli.run("journal", "dump", dir.toString(), "--from", position(positions.get(1)), "--to",
            position(positions.get(1))));
        assertTrue(cli.out().contains("position=" + position(positions.get(1)) + " "), cli.out());
        assertEquals(1, cli.out().lines().filter(line -> line.startsWith("position=")).count(), cli.out());

        final Map<String, Object> replay = json("replay", "--setup", BankSetup.class.getName(), dir.toString(),
            "--json");
        assertEquals(position(positions.get(2)), replay.get("position"));
        assertEquals(PositionFormat.hash(stateHash), replay.get("stateHash"));
        assertEquals(new BigDecimal(3), replay.get("replayedRecords"));
        assertEquals(new BigDecimal(1), replay.get("aggregates"));

        final Map<String, Object> before = json("replay", "--setup", BankSetup.class.getName(), dir.toString(),
            "--to", (String)replay.get("position"), "--json", "--no-snapshots");
        assertEquals(replay.get("stateHash"), before.get("stateHash"), "replayed to the position printed");
        final Map<String, Object> earlier = json("replay", "--setup", BankSetup.class.getName(), dir.toString(),
            "--to", position(positions.get(1)), "--json");
        assertEquals(position(positions.get(1)), earlier.get("position"));
        assertEquals(new BigDecimal(2), earlier.get("replayedRecords"));

        assertEquals(0, cli.run("replay", "--setup", BankSetup.class.getName(), dir.toString()));
        assertTrue(cli.out().contains("state hash: " + PositionFormat.hash(stateHash)), cli.out());
        assertTrue(cli.out().contains("position: " + position(positions.get(2))), cli.out());
    }

    @Test
    void engineCountersErrorsAndSagasAsJson()
    {
        final Map<String, Object> stat = json("stat", dir.toString(), "--json");
        assertTrue(((List<?>)stat.get("counters")).stream().map(Map.class::cast)
            .anyMatch(counter -> "commands accepted".equals(counter.get("label")) &&
                new BigDecimal(3).equals(counter.get("value"))), stat.toString());
        assertEquals(new BigDecimal(ProcessHandle.current().pid()), stat.get("pid"), "the engine ran in this JVM");

        assertEquals(0, cli.run("stat", dir.toString(), "--json", "--watch", "0.01", "--count", "2"));
        final String[] readings = cli.out().split("\n");
        assertEquals(2, readings.length, cli.out());
        for (final String reading : readings)
        {
            assertTrue(JsonReader.object(reading).containsKey("counters"), reading);
        }

        final Map<String, Object> errors = json("errors", dir.toString(), "--json");
        assertEquals(List.of(), errors.get("errors"));

        final Map<String, Object> sagas = json("sagas", "--setup", BankSetup.class.getName(), dir.toString(),
            "--json");
        assertEquals(new BigDecimal(0), sagas.get("total"));
        assertEquals(List.of(), sagas.get("runs"));

        assertEquals(1, cli.run("parked", "list", dir.toString(), "statements", "--json"), "never ran there");
        assertTrue(cli.err().contains("subscription statements never ran in " + dir), cli.err());
    }

    @Test
    void aProgressBarIsDrawnWhenAskedAndNeverBesideJson()
    {
        assertEquals(0, cli.run("journal", "verify", dir.toString(), "--progress"));
        assertTrue(cli.err().contains("verify [##############################] 100% 3/3 records"), cli.err());
        assertTrue(cli.err().endsWith(System.lineSeparator()), "the bar's line is ended");

        assertEquals(0, cli.run("replay", "--setup", BankSetup.class.getName(), dir.toString(), "--progress"));
        assertTrue(cli.err().contains("replay [##############################] 100% 3/3 records"), cli.err());

        assertEquals(0, cli.run("journal", "verify", dir.toString(), "--progress", "--json"));
        assertEquals("", cli.err());
        JsonReader.object(cli.out());

        assertEquals(0, cli.run("journal", "verify", dir.toString()));
        assertEquals("", cli.err(), "no bar where standard error is no terminal and none was asked for");
    }
}
