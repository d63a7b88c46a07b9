package dev.scribe.engine;

import dev.scribe.test.ChildJvm;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An engine killed with SIGKILL while busy leaves totals that count every acknowledged command and no command its
 * journal does not hold; the relaunched engine goes on from them.
 */
class CounterTotalsKillTest
{
    private static final Duration DEADLINE = Deadlines.scaled(Duration.ofSeconds(60));
    private static final Pattern ACKED = Pattern.compile("ACKED accepted=(\\d+) rejected=(\\d+)");
    private static final long KILL_AFTER = 20_000;

    @TempDir
    Path dir;

    @Test
    void totalsOfAKilledEngineAreNotInflated() throws Exception
    {
        final Path engineDir = dir.resolve("engine");
        final Matcher acked;
        try (ChildJvm child = ChildJvm.start(CounterTotalsChild.class, dir.resolve("child.err"), engineDir.toString()))
        {
            final String line = child.awaitLine(l ->
            {
                final Matcher m = ACKED.matcher(l);
                return m.matches() && Long.parseLong(m.group(1)) + Long.parseLong(m.group(2)) >= KILL_AFTER;
            }, DEADLINE);
            child.kill(DEADLINE); // while it sends its next burst
            acked = ACKED.matcher(child.seen().stream().filter(l -> l.startsWith("ACKED")).reduce(line, (a, b) -> b));
            assertTrue(acked.matches(), line);
        }
        final long ackedAccepted = Long.parseLong(acked.group(1));
        final long ackedRejected = Long.parseLong(acked.group(2));

        final Map<String, Long> left = ToolRun.counters(engineDir);
        try (Engine engine = Engine.launch(Bank.context(engineDir)))
        {
            final long journaled = engine.replayedRecords(); // every accepted command journaled one record
            final Map<String, Long> restored = ToolRun.counters(engineDir);
            final long accepted = restored.get("commands accepted");
            final long rejected = restored.get("commands rejected");
            final String what = "acked " + ackedAccepted + "/" + ackedRejected + ", journaled " + journaled +
                ", restored " + restored;
            assertTrue(accepted >= ackedAccepted && rejected >= ackedRejected, "every acknowledged command: " + what);
            assertTrue(accepted <= journaled, "no accepted command the journal lost: " + what);
            assertTrue(restored.get("journal records written") <= journaled, what);
            assertTrue(restored.get("events journaled") <= journaled, what);
            assertEquals(accepted + rejected, restored.get("commands processed"), what);
            assertEquals(left.get("commands accepted"), accepted, "the killed run's totals are taken as they are");

            for (int i = 0; i < 10; i++)
            {
                assertTrue(engine.send(new Bank.Deposit("a", 1)).join().accepted());
            }
            final Map<String, Long> after = ToolRun.counters(engineDir);
            assertEquals(accepted + 10, after.get("commands accepted"));
            assertEquals(rejected, after.get("commands rejected"));
        }
    }
}
