package dev.scribe.engine;

import dev.scribe.test.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link HandlerFailures} stepped by hand with a test clock: every failure counted, the first of each kind logged with
 * its stack trace and reported, the rest summarised once an interval has passed, and a flood bounded by the queue.
 */
class HandlerFailuresTest
{
    private static final long INTERVAL_NS = TimeUnit.SECONDS.toNanos(10);

    record Deposit(String account) {}
    record Withdraw(String account) {}

    private final EngineCounters counters = EngineCounters.inMemory(8);
    private final List<Throwable> reported = new CopyOnWriteArrayList<>();
    private final long[] nowNs = {1_000};
    private final HandlerFailures failures =
        new HandlerFailures(counters, reported::add, EngineLog.HANDLER, () -> nowNs[0], INTERVAL_NS);
    private LogCapture log;

    @BeforeEach
    void capture()
    {
        log = LogCapture.start();
    }

    @AfterEach
    void release()
    {
        log.close();
    }

    private List<LogCapture.Entry> records(final String level)
    {
        return log.records(HandlerFailures.LOGGER_NAME).stream().filter(entry -> entry.level().equals(level))
            .toList();
    }

    /** An exception thrown at the same place each time: one kind. */
    private static NullPointerException npe()
    {
        return new NullPointerException("no limit for the account");
    }

    @Test
    void theFirstOfEachKindIsLoggedWithItsStackTraceAndReported()
    {
        failures.failed(Deposit.class, npe());
        failures.failed(Deposit.class, npe());
        failures.failed(Withdraw.class, npe());
        failures.failed(Deposit.class, new IllegalStateException("another kind"));
        assertEquals(4, counters.handlerFailureCount(), "counted by the business logic, before any logging");
        assertEquals(List.of(), log.records(HandlerFailures.LOGGER_NAME),
            "nothing logged by the business logic's thread");

        failures.doWork();
        final List<LogCapture.Entry> errors = records("ERROR");
        assertEquals(3, errors.size(), "one a kind: " + errors);
        assertTrue(errors.get(0).message().contains("the handler of " + Deposit.class.getName() + " threw"),
            errors.get(0).toString());
        assertTrue(errors.get(0).detail().startsWith("java.lang.NullPointerException: no limit for the account"),
            errors.get(0).detail());
        assertTrue(errors.get(0).detail().contains("\tat " + HandlerFailuresTest.class.getName() + ".npe"),
            "the stack trace: " + errors.get(0).detail());
        assertTrue(errors.get(1).message().contains(Withdraw.class.getName()), errors.get(1).toString());
        assertTrue(errors.get(2).detail().startsWith("java.lang.IllegalStateException: another kind"),
            errors.get(2).toString());
        assertEquals(3, reported.size());
        assertTrue(reported.get(0) instanceof EngineException && reported.get(0).getCause() instanceof
            NullPointerException, reported.toString());
        assertEquals(List.of(), records("WARN"), "no summary before the interval has passed");
    }

    @Test
    void theOthersAreSummarisedOnceAnIntervalHasPassed()
    {
        for (int i = 0; i < 5; i++)
        {
            failures.failed(Deposit.class, npe());
        }
        failures.doWork();
        nowNs[0] += INTERVAL_NS - 1;
        failures.doWork();
        assertEquals(List.of(), records("WARN"), "not yet");

        nowNs[0] += 1;
        failures.doWork();
        final List<LogCapture.Entry> summaries = records("WARN");
        assertEquals(1, summaries.size(), summaries.toString());
        assertTrue(summaries.get(0).message().startsWith("command handlers threw 4 more times in the last 10 s " +
            "(5 since launch)"), summaries.get(0).message());
        assertTrue(summaries.get(0).message().contains("4 x java.lang.NullPointerException at " +
            HandlerFailuresTest.class.getName() + ".npe"), summaries.get(0).message());

        nowNs[0] += INTERVAL_NS;
        failures.doWork();
        assertEquals(1, records("WARN").size(), "no summary of an interval without failures");
        failures.failed(Deposit.class, npe());
        failures.onClose();
        assertEquals(2, records("WARN").size(), "closing summarises what is left");
        assertEquals(1, records("ERROR").size());
        assertEquals(1, reported.size());
    }

    @Test
    void aFloodIsCountedInFullAndHeldToTheQueue()
    {
        final int flood = HandlerFailures.QUEUE_CAPACITY * 10;
        for (int i = 0; i < flood; i++)
        {
            failures.failed(Deposit.class, npe());
        }
        assertEquals(flood, counters.handlerFailureCount());
        assertEquals(HandlerFailures.QUEUE_CAPACITY, failures.doWork(), "the rest were dropped, not queued");
        assertEquals(0, failures.doWork());
        failures.onClose();
        assertEquals(1, records("ERROR").size());
        final List<LogCapture.Entry> summaries = records("WARN");
        assertEquals(1, summaries.size(), summaries.toString());
        assertTrue(summaries.get(0).message().startsWith("command handlers threw " + (flood - 1) + " more times"),
            summaries.get(0).message());
        assertTrue(summaries.get(0).message().contains((HandlerFailures.QUEUE_CAPACITY - 1) +
            " x java.lang.NullPointerException"), "of those examined: " + summaries.get(0).message());
    }

    @Test
    void kindsBeyondTheLimitAreCountedNotLogged()
    {
        for (int i = 0; i < HandlerFailures.MAX_KINDS + 10; i++)
        {
            // a kind is the exception's class, where it was thrown and the command: each of these is thrown elsewhere
            final IllegalStateException thrown = new IllegalStateException("kind " + i);
            thrown.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("app.Handlers", "handler" + i, "Handlers.java", i)});
            failures.failed(Deposit.class, thrown);
            failures.doWork();
        }
        assertEquals(HandlerFailures.MAX_KINDS, records("ERROR").size());
        failures.onClose();
        assertTrue(records("WARN").get(0).message().startsWith("command handlers threw 10 more times"),
            records("WARN").toString());
    }
}
