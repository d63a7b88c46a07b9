package dev.scribe.engine;

import dev.scribe.engine.testing.ExpectedErrors;
import dev.scribe.test.ChildJvm;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stat tool reads the counters and error log of an engine running in another process, and still reads them
 * after that process is killed with SIGKILL.
 */
class EngineStatChildTest
{
    private static final Duration DEADLINE = Deadlines.scaled(Duration.ofSeconds(60));
    private static final int DEPOSITS = 200;

    @TempDir
    Path dir;

    @ExpectedErrors("unlucky deposit")
    @Test
    void readsTheCountersOfAnEngineInAnotherProcessBeforeAndAfterItIsKilled() throws Exception
    {
        final Path engineDir = dir.resolve("engine");
        final Map<String, Long> live;
        final long pid;
        try (ChildJvm child = ChildJvm.start(
            EngineChild.class, dir.resolve("child.err"), engineDir.toString(), Integer.toString(DEPOSITS)))
        {
            pid = child.pid();
            final String ready = child.awaitLine(line -> line.startsWith("READY "), DEADLINE);
            final long position = Long.parseLong(ready.substring("READY position=".length()));

            final ToolRun stat = ToolRun.of("stat", engineDir.toString());
            assertTrue(stat.header().contains(" pid=" + pid + " process=alive "), stat.header());
            live = stat.counters();
            assertEquals(DEPOSITS + 3, live.get("commands processed"), live.toString());
            assertEquals(DEPOSITS + 2, live.get("commands accepted"));
            assertEquals(1, live.get("commands rejected"));
            assertEquals(DEPOSITS + 2, live.get("events journaled"));
            assertEquals(position, live.get("journal position"));
            assertEquals(1, live.get("errors"));
            assertTrue(live.get("max command processing time ns") > 0, live.toString());
            assertTrue(ToolRun.errors(engineDir).contains("java.lang.IllegalStateException: unlucky deposit"));

            child.kill(DEADLINE);
        }
        final ToolRun afterKill = ToolRun.of("stat", engineDir.toString());
        assertTrue(afterKill.header().contains(" pid=" + pid + " process=gone "), afterKill.header());
        assertEquals(live, afterKill.counters());
        final String errors = ToolRun.errors(engineDir);
        assertTrue(errors.contains("1 observations from ") && errors.contains("unlucky deposit"), errors);
        assertTrue(errors.contains("1 distinct errors"), errors);
    }
}
