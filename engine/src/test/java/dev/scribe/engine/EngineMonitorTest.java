package dev.scribe.engine;

import dev.scribe.engine.monitor.CountersFile;
import dev.scribe.engine.testing.ExpectedErrors;
import dev.scribe.journal.tool.ToolExit;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The counters file, the error log and the stat tool, against a real engine in this JVM.
 */
class EngineMonitorTest
{
    private static final Duration DEADLINE = Deadlines.standard();

    @TempDir
    Path dir;

    @ExpectedErrors(Bank.FAIL_ERROR)
    @Test
    void countersReflectAcceptedAndRejectedCommands()
    {
        final Map<String, Long> live;
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            assertTrue(engine.send(new Bank.Open("a")).join().accepted());
            assertTrue(engine.send(new Bank.Deposit("a", 100)).join().accepted());
            assertFalse(engine.send(new Bank.Withdraw("a", 500)).join().accepted());
            assertFalse(engine.send(new Bank.Fail("a")).join().accepted());
            assertFalse(engine.send(new Bank.Deposit("b", 1)).join().accepted());
            final SendOptions keyed = SendOptions.defaults().idempotencyKey("k");
            final Outcome last = engine.send(new Bank.Deposit("a", 5), keyed).join();
            assertTrue(engine.send(new Bank.Deposit("a", 5), keyed).join().duplicate());
            assertFalse(engine.send("not a command").join().accepted(), "refused before the ring: not counted");

            final EngineCounters counters = engine.counters();
            assertEquals(7, counters.commandCount());
            assertEquals(4, counters.acceptedCount());
            assertEquals(3, counters.rejectedCount());
            assertEquals(3, counters.eventCount());
            assertEquals(last.position(), counters.journalPosition());
            assertEquals(1, counters.handlerFailureCount());
            Deadlines.await(() -> 1 == counters.errorCount(), "the handler failure in the error log, from the " +
                "thread that reports handler failures");

            live = ToolRun.counters(dir);
            assertEquals(7, live.get("commands processed"));
            assertEquals(4, live.get("commands accepted"));
            assertEquals(3, live.get("commands rejected"));
            assertEquals(3, live.get("events journaled"));
            assertEquals(last.position(), live.get("journal position"));
            assertEquals(1, live.get("errors"));
            assertEquals(1, live.get("commands whose handler threw (also counted rejected)"));
            assertTrue(live.get("max command processing time ns") > 0, live.toString());
            final long remaining = live.get("ring remaining capacity");
            assertTrue(remaining > 0 && remaining <= engine.context().ringSize(), live.toString());
            assertEquals(0, live.get("replicated commands acknowledged degraded (no standby)"));
            assertEquals(0, live.get("snapshots written"));
            assertEquals(-1, live.get("last snapshot position"));
            assertEquals(0, live.get("snapshot pauses total ns (of the snapshots written)"));
            assertEquals(3, live.get("journal records written"), "one per command with events");
            assertTrue(live.get("journal bytes written") > 3 * 16, live.toString());
            final long batches = live.get("business-logic batches");
            assertTrue(batches >= 7 && batches == counters.batchCount(), live.toString());
            assertEquals(17, live.size(), live.toString());
        }
        assertEquals(live, ToolRun.counters(dir), "the file keeps the last values after close");
        final String errors = ToolRun.errors(dir);
        assertTrue(errors.contains("1 distinct errors") && errors.contains(Bank.FAIL_ERROR), errors);
    }

    @Test
    void journalPositionStartsAtTheReplayedEndAndSurvivesRejections()
    {
        final long position;
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            assertEquals(-1, ToolRun.counters(dir).get("journal position"), "empty journal");
            position = engine.send(new Bank.Open("a")).join().position();
        }
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            assertEquals(position, ToolRun.counters(dir).get("journal position"));
            assertFalse(engine.send(new Bank.Withdraw("a", 1)).join().accepted());
            final Map<String, Long> values = ToolRun.counters(dir);
            assertEquals(position, values.get("journal position"));
            assertEquals(2, values.get("commands processed"), "a total goes on from the previous run");
        }
    }

    @ExpectedErrors("threw on Deposited")
    @Test
    void projectionErrorsAreCountedAndLoggedWhileTheEngineGoesOn() throws InterruptedException
    {
        final LinkedBlockingQueue<Throwable> reported = new LinkedBlockingQueue<>();
        final Projection unlucky = (position, id, version, event) ->
        {
            if (event instanceof Bank.Deposited deposited && deposited.amount() == 13)
            {
                throw new IllegalStateException("unlucky deposit");
            }
        };
        try (Engine engine = Engine.launch(Bank.context(dir).projection(unlucky).errorHandler(reported::add)))
        {
            assertTrue(engine.send(new Bank.Open("a")).join().accepted());
            assertTrue(engine.send(new Bank.Deposit("a", 13)).join().accepted());
            final Throwable first = reported.poll(DEADLINE.toNanos(), TimeUnit.NANOSECONDS);
            assertNotNull(first, "no error reported within " + Deadlines.describe(DEADLINE));
            assertEquals("unlucky deposit", first.getCause().getMessage());
            assertEquals(1, engine.counters().errorCount(), "counted before the user's handler is called");
            final String log = ToolRun.errors(dir);
            assertTrue(log.contains("1 observations from "), log);
            assertTrue(log.contains("java.lang.IllegalStateException: unlucky deposit"), log);
            assertTrue(log.contains("threw on Deposited at position"), log);
            assertTrue(log.contains("1 distinct errors"), log);

            assertTrue(engine.send(new Bank.Deposit("a", 13)).join().accepted());
            assertNotNull(reported.poll(DEADLINE.toNanos(), TimeUnit.NANOSECONDS),
                "no second error reported within " + Deadlines.describe(DEADLINE));
            assertTrue(engine.send(new Bank.Deposit("a", 1)).join().accepted());
            final String again = ToolRun.errors(dir);
            assertTrue(again.contains("2 distinct errors"), again + " (the message names the position)");
            assertEquals(2, ToolRun.counters(dir).get("errors"));
        }
    }

    @ExpectedErrors({"listener broke", "the error handler threw"})
    @Test
    void aFailingErrorHandlerNeverStopsTheBusinessLogicThread()
    {
        final EngineContext context = Bank.context(dir)
            .journalListener((position, record) ->
            {
                throw new IllegalStateException("listener broke");
            })
            .errorHandler(error ->
            {
                throw new IllegalArgumentException("handler broke too");
            });
        try (Engine engine = Engine.launch(context))
        {
            assertTrue(engine.send(new Bank.Open("a")).join().accepted());
            assertTrue(engine.send(new Bank.Deposit("a", 1)).join().accepted());
            assertTrue(engine.send(new Bank.Deposit("a", 2)).join().accepted(), "the thread goes on");
            assertEquals(6, engine.counters().errorCount(), "each listener error and each handler failure");
        }
        final String log = ToolRun.errors(dir);
        assertTrue(log.contains("3 observations from "), log);
        assertTrue(log.contains("java.lang.IllegalStateException: listener broke"), log);
        assertTrue(log.contains("the error handler threw while handling java.lang.IllegalStateException"), log);
        assertTrue(log.contains("java.lang.IllegalArgumentException: handler broke too"), log);
        assertTrue(log.contains("2 distinct errors"), log);
    }

    @ExpectedErrors("listener broke")
    @Test
    void theDefaultErrorHandlerLeavesErrorsToTheLog()
    {
        final EngineContext context = Bank.context(dir)
            .errorHandler(null)
            .journalListener((position, record) ->
            {
                throw new IllegalStateException("listener broke");
            });
        try (Engine engine = Engine.launch(context))
        {
            assertSame(EngineConfiguration.ERROR_HANDLER_DEFAULT, engine.context().errorHandler());
            assertTrue(engine.send(new Bank.Open("a")).join().accepted());
        }
        assertEquals(1, ToolRun.counters(dir).get("errors"));
        assertTrue(ToolRun.errors(dir).contains("java.lang.IllegalStateException: listener broke"));
    }

    @ExpectedErrors("listener broke")
    @Test
    void anEarlierRunsErrorsAreKeptAtLaunch() throws IOException
    {
        final EngineContext failing = Bank.context(dir).journalListener((position, record) ->
        {
            throw new IllegalStateException("listener broke");
        });
        try (Engine engine = Engine.launch(failing))
        {
            engine.send(new Bank.Open("a")).join();
        }
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            assertTrue(engine.send(new Bank.Deposit("a", 1)).join().accepted());
        }
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            assertTrue(engine.send(new Bank.Deposit("a", 1)).join().accepted());
        }
        final List<Path> kept;
        try (Stream<Path> files = Files.list(dir))
        {
            kept = files.filter(file -> file.getFileName().toString().matches("errors-\\d{8}-\\d{6}-\\d{3}\\.dat"))
                .toList();
        }
        assertEquals(1, kept.size(), "only a log with errors is kept: " + kept);
        final String old = ToolRun.errors(kept.get(0));
        assertTrue(old.contains("listener broke") && old.contains("1 distinct errors"), old);
        assertTrue(ToolRun.errors(dir).contains("0 distinct errors"));
    }

    @ExpectedErrors("the totals of the previous run could not be read")
    @Test
    void theToolRefusesFilesThatAreNotItsOwnAndTheEngineReplacesThem() throws IOException
    {
        final Path counters = dir.resolve(CountersFile.FILE_NAME);
        Files.write(counters, new byte[4096]);
        final ToolRun zeros = ToolRun.of("stat", dir.toString());
        assertEquals(ToolExit.USAGE, zeros.exitCode());
        assertTrue(zeros.err().contains("is not a Scribe counters file: magic 0x00000000, expected 0x53434e54"),
            zeros.err());

        writeHeader(counters, CountersFile.MAGIC, CountersFile.VERSION + 1);
        final ToolRun newer = ToolRun.of("stat", dir.toString());
        assertEquals(ToolExit.USAGE, newer.exitCode());
        assertTrue(newer.err().contains("has counters format version 2; this version of Scribe reads version 1"),
            newer.err());

        Files.write(counters, new byte[16]);
        assertTrue(ToolRun.of("stat", dir.toString()).err().contains("less than a header"));
        final ToolRun missing = ToolRun.of("errors", dir.toString());
        assertEquals(ToolExit.USAGE, missing.exitCode());
        assertTrue(missing.err().contains("there is no error log file"), missing.err());

        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            engine.send(new Bank.Open("a")).join();
            assertEquals(1, ToolRun.counters(dir).get("commands accepted"));
        }
    }

    @Test
    void theToolExplainsWrongUsage()
    {
        assertEquals(ToolExit.USAGE, ToolRun.of("stat").exitCode());
        final ToolRun unknown = ToolRun.of("status", dir.toString());
        assertEquals(ToolExit.USAGE, unknown.exitCode());
        assertTrue(unknown.err().contains("unknown command 'status'"), unknown.err());
        assertTrue(ToolRun.of("stat", dir.toString(), "--count", "2").err().contains("--count needs --watch"));
        assertTrue(ToolRun.of("stat", dir.toString(), "--watch", "0").err().contains("--watch must be more than 0"));
    }

    @Test
    void watchPrintsTheCountersAgain()
    {
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            engine.send(new Bank.Open("a")).join();
            final ToolRun run = ToolRun.of("stat", dir.toString(), "--watch", "0.01", "--count", "3");
            assertEquals(ToolExit.OK, run.exitCode(), run.err());
            assertEquals(3, run.out().lines().filter(line -> line.startsWith("file=")).count(), run.out());
        }
    }

    @Test
    void errorLogLengthIsChecked()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Bank.context(dir).errorLogLength(100).conclude());
        assertTrue(ex.getMessage().startsWith("errorLogLength must be 4096 to"), ex.getMessage());
    }

    private static void writeHeader(final Path file, final int magic, final int version) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            final ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
            header.putInt(magic).putInt(version).flip();
            raf.getChannel().write(header, 0);
        }
    }
}
