package dev.scribe.replication.link;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The refusal log stepped by hand with its own clock.
 */
class RefusalLogTest
{
    private static final long SECOND = 1_000_000_000L;

    private final List<String> lines = new ArrayList<>();
    private long nowNs = 1_000 * SECOND;

    @Test
    void logsAtMostOneLinePerIntervalAndCountsTheRest()
    {
        final RefusalLog log = new RefusalLog(lines::add, Duration.ofSeconds(5), () -> nowNs);
        log.refused("a", "first");
        assertEquals(List.of("refused a peer from a: first"), lines);
        for (int i = 0; i < 1000; i++)
        {
            nowNs += SECOND / 1000;
            log.refused("b" + i, "again");
            log.flush();
        }
        assertEquals(1, lines.size(), "nothing more within the interval: " + lines);
        nowNs += 4 * SECOND;
        log.flush();
        assertEquals(2, lines.size());
        assertEquals("refused a peer from b999: again (the last of 1000 more in the 5000 ms since the last line, " +
            "not logged one by one)", lines.get(1));
        log.flush();
        nowNs += 10 * SECOND;
        log.flush();
        assertEquals(2, lines.size(), "no summary of nothing");

        log.refused("c", "third");
        nowNs += SECOND;
        log.refused("d", "fourth");
        nowNs += 5 * SECOND;
        log.refused("e", "fifth");
        assertEquals(4, lines.size());
        assertTrue(lines.get(3).startsWith("refused a peer from e: fifth (and 1 more since the last line, 6000 ms"),
            lines.get(3));
    }

    @Test
    void linesBeginWithTheWordsGiven()
    {
        final RefusalLog log = new RefusalLog(lines::add, Duration.ofSeconds(5), () -> nowNs,
            "could not connect to the peer at");
        log.refused("127.0.0.1:7000", "Connection refused");
        log.refused("127.0.0.1:7000", "Connection refused");
        nowNs += 5 * SECOND;
        log.flush();
        assertEquals(List.of("could not connect to the peer at 127.0.0.1:7000: Connection refused",
            "could not connect to the peer at 127.0.0.1:7000: Connection refused (the last of 1 more in the 5000 " +
                "ms since the last line, not logged one by one)"), lines);
    }

    @Test
    void anIntervalOfZeroLogsEveryRefusal()
    {
        final RefusalLog log = new RefusalLog(lines::add, Duration.ZERO, () -> nowNs);
        for (int i = 0; i < 10; i++)
        {
            log.refused("a", "refusal " + i);
            log.flush();
        }
        assertEquals(10, lines.size());
        assertEquals("refused a peer from a: refusal 9", lines.get(9));
    }
}
