package dev.scribe.engine;

import dev.scribe.test.Deadlines;
import dev.scribe.test.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A subscription handler that fails its last attempt is logged, not only parked: the first parked event with its
 * stack trace and the others in a summary line at most every 10 s; a subscription that stops at a failure logs it as
 * an error with its stack trace.
 */
class SubscriptionFailureLogTest
{
    private static final int DEPOSITS = 200;

    @TempDir
    Path dir;

    private static List<LogCapture.Entry> about(final LogCapture log, final String subscription)
    {
        return log.records("dev.scribe.engine").stream()
            .filter(entry -> entry.message().startsWith("subscription " + subscription)).toList();
    }

    private static void mailerDown(final JournalEvent event)
    {
        throw new IllegalStateException("mailer down for " + event.aggregateId());
    }

    @Test
    void parkedEventsAreLoggedTheFirstWithItsStackTraceAndNotOneLineEach()
    {
        try (LogCapture log = LogCapture.start(); Engine engine = Engine.launch(Bank.context(dir)))
        {
            assertTrue(EngineBank.await(engine.send(new Bank.Open("a"))).accepted());
            for (int i = 0; i < DEPOSITS; i++)
            {
                EngineBank.await(engine.send(new Bank.Deposit("a", 1)));
            }
            final RunningSubscription mailer = engine.subscriptions().start(Subscription.named("mailer")
                .retry(RetryPolicy.none()).eachEvent(SubscriptionFailureLogTest::mailerDown));
            Deadlines.await(() -> mailer.parkedCount() == DEPOSITS + 1, () -> "every event parked, not " +
                mailer.parkedCount(), Deadlines.standard());
            final List<LogCapture.Entry> records = about(log, "mailer");
            assertTrue(records.size() <= 2, "the first and at most a summary: " + records);
            final LogCapture.Entry first = records.get(0);
            assertEquals("WARN", first.level());
            assertTrue(first.message().startsWith("subscription mailer: the event at position "), first.message());
            assertTrue(first.message().contains("was parked"), first.message());
            assertTrue(first.detail().startsWith("java.lang.IllegalStateException: mailer down for a"),
                first.detail());
            assertTrue(first.detail().contains("\tat " + SubscriptionFailureLogTest.class.getName() + ".mailerDown"),
                first.detail());
        }
    }

    @Test
    void aSubscriptionThatStopsAtAFailureLogsItAsAnError()
    {
        try (LogCapture log = LogCapture.start(); Engine engine = Engine.launch(Bank.context(dir)))
        {
            assertTrue(EngineBank.await(engine.send(new Bank.Open("a"))).accepted());
            final RunningSubscription strict = engine.subscriptions().start(Subscription.named("strict")
                .retry(RetryPolicy.none()).stopWhenExhausted().eachEvent(SubscriptionFailureLogTest::mailerDown));
            Deadlines.await(() -> null != strict.failure(), "the subscription to stop at the failure");
            final LogCapture.Entry stopped = log.await(entry -> entry.message().startsWith("subscription strict"),
                "the subscription's stop in the log");
            assertEquals("ERROR", stopped.level());
            assertEquals(strict.failure().getMessage(), stopped.message());
            assertTrue(stopped.detail().startsWith("java.lang.IllegalStateException: mailer down for a"),
                stopped.detail());
        }
    }
}
