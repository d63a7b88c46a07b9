package dev.scribe.engine;

import dev.scribe.engine.testing.ExpectedErrors;
import dev.scribe.test.Deadlines;
import dev.scribe.test.LogCapture;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A command handler that throws, on a real engine: the caller gets {@link Outcome.Status#HANDLER_FAILED} naming the
 * exception, the engine counts it, logs it with its stack trace and keeps it in its error log, and goes on; a
 * handler that throws on every command is counted every time but logged a few times only.
 */
@ExpectedErrors("threw; the command was rejected with HANDLER_FAILED")
class HandlerFailureEngineTest
{
    /** A command whose handler looks up a limit that is not there: a NullPointerException, a bug. */
    record CheckLimit(String account) {}

    private static final Map<String, Long> LIMITS = Map.of("acc-vip", 1_000L);
    private static final Pattern MORE = Pattern.compile("^command handlers threw (\\d+) more times");

    @TempDir
    Path dir;

    private EngineContext context()
    {
        return Bank.context(dir).command(CheckLimit.class, CheckLimit::account,
            (CheckLimit cmd, Bank.Account account, Decision out) ->
            {
                final long limit = LIMITS.get(cmd.account()); // unboxes null for an account without a limit
                if (account.balance > limit)
                {
                    out.reject("over the limit");
                }
            });
    }

    private static List<LogCapture.Entry> handlerRecords(final LogCapture log, final String level)
    {
        return log.records(HandlerFailures.LOGGER_NAME).stream().filter(entry -> entry.level().equals(level))
            .toList();
    }

    @Test
    void aHandlerThatThrowsIsAFailureTheCallerCanTellFromARejection()
    {
        try (LogCapture log = LogCapture.start())
        {
            try (Engine engine = Engine.launch(context()))
            {
                assertTrue(EngineBank.await(engine.send(new Bank.Open("acc-1"))).accepted());
                final Outcome rejected = EngineBank.await(engine.send(new Bank.Withdraw("acc-1", 5)));
                assertEquals(Outcome.Status.REJECTED, rejected.status(), rejected.toString());

                final Outcome failed = EngineBank.await(engine.send(new CheckLimit("acc-1")));
                assertEquals(Outcome.Status.HANDLER_FAILED, failed.status(), failed.toString());
                assertTrue(failed.reason().startsWith("the handler threw java.lang.NullPointerException"),
                    failed.reason());
                assertEquals(-1, failed.position());

                assertTrue(EngineBank.await(engine.send(new Bank.Deposit("acc-1", 5))).accepted(),
                    "the engine goes on");
                assertEquals(1, engine.counters().handlerFailureCount());
                assertEquals(2, engine.counters().rejectedCount(), "a handler failure is a rejection too");
                assertEquals(1, ToolRun.counters(dir).get("commands whose handler threw (also counted rejected)"));

                final LogCapture.Entry logged = log.await(entry -> entry.logger().equals(HandlerFailures.LOGGER_NAME),
                    "the handler failure's log record");
                assertEquals("ERROR", logged.level());
                assertTrue(logged.message().startsWith("the handler of " + CheckLimit.class.getName() + " threw"),
                    logged.message());
                assertTrue(logged.detail().startsWith("java.lang.NullPointerException"), logged.detail());
                assertTrue(logged.detail().contains("\tat " + HandlerFailureEngineTest.class.getName()),
                    "the stack trace reaches the handler: " + logged.detail());
                Deadlines.await(() -> 1 == engine.counters().errorCount(), "the failure in the error log");
            }
            final String errors = ToolRun.errors(dir);
            assertTrue(errors.contains("1 distinct errors") && errors.contains("java.lang.NullPointerException") &&
                errors.contains("the handler of " + CheckLimit.class.getName() + " threw"), errors);
            assertEquals(1, handlerRecords(log, "ERROR").size(), log.records().toString());
            assertEquals(List.of(), handlerRecords(log, "WARN"), "nothing more to summarise");
        }
        try (Engine engine = Engine.launch(context()))
        {
            assertEquals(2, engine.replayedRecords(), "the failed command journaled nothing");
        }
    }

    @Test
    void aHandlerThatThrowsOnEveryCommandIsCountedEveryTimeAndLoggedAFewTimes()
    {
        final int commands = 100_000;
        try (LogCapture log = LogCapture.start())
        {
            try (Engine engine = Engine.launch(context()))
            {
                assertTrue(EngineBank.await(engine.send(new Bank.Open("acc-1"))).accepted());
                final List<CompletableFuture<Outcome>> outcomes = new ArrayList<>(commands);
                for (int i = 0; i < commands; i++)
                {
                    outcomes.add(engine.send(new CheckLimit("acc-1")));
                }
                for (final CompletableFuture<Outcome> outcome : outcomes)
                {
                    assertEquals(Outcome.Status.HANDLER_FAILED, EngineBank.await(outcome).status());
                }
                assertEquals(commands, engine.counters().handlerFailureCount());
                assertTrue(EngineBank.await(engine.send(new Bank.Deposit("acc-1", 5))).accepted(),
                    "the engine goes on");
            }
            final List<LogCapture.Entry> records = log.records(HandlerFailures.LOGGER_NAME);
            assertTrue(records.size() < 20, records.size() + " records for " + commands + " failures");
            // the first with its stack trace; once the JIT throws a preallocated exception without one, that kind too
            final int logged = handlerRecords(log, "ERROR").size();
            assertTrue(1 <= logged && logged <= 2, "each kind once: " + records);
            final List<LogCapture.Entry> summaries = handlerRecords(log, "WARN");
            long summarised = 0;
            for (final LogCapture.Entry summary : summaries)
            {
                final Matcher more = MORE.matcher(summary.message());
                assertTrue(more.find(), summary.message());
                summarised += Long.parseLong(more.group(1));
                assertTrue(summary.message().contains("x java.lang.NullPointerException"), summary.message());
            }
            assertEquals(commands - logged, summarised, "the summaries account for the others: " + summaries);
            assertTrue(summaries.get(summaries.size() - 1).message().contains("(" + commands + " since launch)"),
                summaries.toString());
        }
        final String errors = ToolRun.errors(dir);
        assertTrue(errors.contains("java.lang.NullPointerException: Cannot invoke"), errors);
    }

    @Test
    void aBinaryCommandsHandlerThatThrowsIsAFailureToo()
    {
        final Outcome.Status[] statuses = new Outcome.Status[3];
        final BinaryPathTest.Responses recording = new BinaryPathTest.Responses()
        {
            @Override
            public void onResponse(final long correlationId, final Outcome.Status status, final long position,
                final long version, final CharSequence reason)
            {
                statuses[(int)correlationId - 1] = status;
                super.onResponse(correlationId, status, position, version, reason);
            }
        };
        final EngineContext context = new EngineContext()
            .directory(dir)
            .codec(new BinaryPathTest.CreditedCodec())
            .aggregate(BinaryPathTest.Ledger.class, BinaryPathTest.Ledger::new)
            .responseListener(recording)
            .command(BinaryPathTest.DEPOSIT, new BinaryPathTest.DepositCodec(), BinaryPathTest.Ledger.class,
                BinaryPathTest.DepositView::account,
                (BinaryPathTest.DepositView cmd, BinaryPathTest.Ledger ledger, Decision out) ->
                {
                    if (13 == cmd.amount())
                    {
                        throw new IllegalStateException("unlucky amount");
                    }
                    out.emitNew(BinaryPathTest.Credited.class).amount = cmd.amount();
                });
        try (Engine engine = Engine.launch(context))
        {
            final CommandPublisher publisher = engine.publisher();
            for (int i = 1; i <= 3; i++)
            {
                final MutableDirectBuffer buffer = publisher.claim(BinaryPathTest.DEPOSIT);
                buffer.putLong(0, 7, ByteOrder.LITTLE_ENDIAN);
                buffer.putLong(8, 2 == i ? 13 : i, ByteOrder.LITTLE_ENDIAN);
                publisher.publish(16, i);
            }
            Deadlines.await(() -> recording.lastCorrelationId == 3, "the response to command 3");
            assertEquals(List.of(Outcome.Status.ACCEPTED, Outcome.Status.HANDLER_FAILED, Outcome.Status.ACCEPTED),
                List.of(statuses));
            assertEquals("the handler threw java.lang.IllegalStateException: unlucky amount", recording.lastReason);
            assertEquals(1, engine.counters().handlerFailureCount());
        }
    }
}
