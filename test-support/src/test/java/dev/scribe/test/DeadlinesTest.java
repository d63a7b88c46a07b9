package dev.scribe.test;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadlinesTest
{
    @Test
    void theFactorIsOneUnlessSetAndThePropertyWinsOverTheEnvironment()
    {
        assertEquals(1.0, Deadlines.factor(null, null));
        assertEquals(1.0, Deadlines.factor(" ", ""));
        assertEquals(3.0, Deadlines.factor(null, "3"));
        assertEquals(2.5, Deadlines.factor("2.5", "3"));
    }

    @Test
    void aFactorThatIsNotAPositiveNumberIsRefusedByName()
    {
        for (final String bad : new String[] {"fast", "0", "-2", "Infinity", "NaN"})
        {
            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Deadlines.factor(null, bad), bad);
            assertTrue(refused.getMessage().contains(Deadlines.FACTOR_VARIABLE) &&
                refused.getMessage().contains("'" + bad + "'"), refused.getMessage());
        }
    }

    @Test
    void aWaitThatTimesOutSaysWhatItWaitedForAndHowLong()
    {
        final AssertionError timedOut = assertThrows(AssertionError.class,
            () -> Deadlines.await(() -> false, () -> "the moon to turn blue", Duration.ofMillis(20)));
        assertTrue(timedOut.getMessage().startsWith("timed out after 0.0 s") &&
            timedOut.getMessage().endsWith("waiting for the moon to turn blue"), timedOut.getMessage());
    }

    @Test
    void aWaitReturnsOnceTheConditionHolds()
    {
        final AtomicInteger polls = new AtomicInteger();
        Deadlines.await(() -> polls.incrementAndGet() == 3, "the third poll");
        assertEquals(3, polls.get());
    }

    @Test
    void aScaledDeadlineIsTheQuietOneTimesTheFactor()
    {
        assertEquals((long)(30_000 * Deadlines.factor()), Deadlines.scaled(Duration.ofSeconds(30)).toMillis());
        assertEquals(Deadlines.scaled(Deadlines.DEFAULT), Deadlines.standard());
    }
}
