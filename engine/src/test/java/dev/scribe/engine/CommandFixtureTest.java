package dev.scribe.engine;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandFixtureTest
{
    @Test
    void givenWhenThenOnTheTestThread()
    {
        try (CommandFixture bank = CommandFixture.launch(Bank.context(null)))
        {
            bank.given("a", new Bank.Opened("a"), new Bank.Deposited(100))
                .when(new Bank.Withdraw("a", 500))
                .thenRejected("insufficient funds: balance 100");
            bank.when(new Bank.Withdraw("a", 30)).thenEmitted(new Bank.Withdrawn(30));
            assertEquals(70, bank.aggregate(Bank.Account.class, "a").balance);
            assertEquals(3, bank.version("a"));

            bank.given("b", new Bank.Opened("b"));
            bank.when(new Bank.Transfer("a", "b", 20)).thenEmitted(new Bank.Withdrawn(20), new Bank.Deposited(20));
            assertEquals(20, bank.aggregate(Bank.Account.class, "b").balance);
            bank.when(new Bank.Fail("a")).thenHandlerFailed(IllegalStateException.class);
            bank.when(new Bank.Deposit("a", 1), SendOptions.defaults().expectVersion(2))
                .thenRejected("expected version 2 but a is at version 4");
        }
    }

    @Test
    void aFixturePrintsNoAlignmentWarning()
    {
        // Agrona prints this for every atomic buffer over a heap byte[]; the fixture's counters must not be one
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final PrintStream standardError = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (CommandFixture bank = CommandFixture.launch(Bank.context(null)))
        {
            bank.given("a", new Bank.Opened("a")).when(new Bank.Deposit("a", 5)).thenEmitted(new Bank.Deposited(5));
        }
        finally
        {
            System.setErr(standardError);
        }
        final String printed = captured.toString(StandardCharsets.UTF_8);
        assertFalse(printed.contains("aligned"), "the fixture printed to standard error: " + printed);
    }

    @Test
    void aBatchIsDecidedInOrderAndJournaledAsOne(@org.junit.jupiter.api.io.TempDir final Path dir)
    {
        final List<CommandFixture.Result> results;
        try (CommandFixture bank = CommandFixture.launch(Bank.context(dir)))
        {
            results = bank.whenBatch(List.of(new Bank.Open("a"), new Bank.Deposit("a", 10),
                new Bank.Withdraw("a", 50), new Bank.Withdraw("a", 4)));
            results.get(0).thenAccepted();
            results.get(1).thenEmitted(new Bank.Deposited(10));
            results.get(2).thenRejected("insufficient funds: balance 10");
            results.get(3).thenEmitted(new Bank.Withdrawn(4));
            assertTrue(results.get(1).outcome().position() > results.get(0).outcome().position());
            assertTrue(results.get(3).outcome().position() > results.get(1).outcome().position());
            assertEquals(6, bank.aggregate(Bank.Account.class, "a").balance);
            final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> bank.whenBatch(List.of(new Bank.Deposit("a", 1), "not a command")));
            assertEquals("command 1 is not of a registered type: java.lang.String", unknown.getMessage());
            assertEquals(6, bank.aggregate(Bank.Account.class, "a").balance, "a refused batch decides nothing");
            bank.when(new Bank.Deposit("a", 10)).thenEmitted(new Bank.Deposited(10));
        }
        try (CommandFixture again = CommandFixture.launch(Bank.context(dir)))
        {
            assertEquals(16, again.aggregate(Bank.Account.class, "a").balance, "the batch replays from the journal");
            assertEquals(4, again.version("a"));
        }
    }

    @Test
    void assertionsFailWithClearMessages()
    {
        try (CommandFixture bank = CommandFixture.launch(Bank.context(null)))
        {
            final AssertionError notAccepted = assertThrows(AssertionError.class,
                () -> bank.when(new Bank.Deposit("nobody", 5)).thenEmitted(new Bank.Deposited(5)));
            assertEquals("expected the command to be accepted but it was Outcome{REJECTED, reason='no account " +
                "nobody'}", notAccepted.getMessage());
            bank.given("a", new Bank.Opened("a"));
            final AssertionError wrongEvents = assertThrows(AssertionError.class,
                () -> bank.when(new Bank.Deposit("a", 5)).thenEmitted(new Bank.Deposited(6)));
            assertEquals("expected events [Deposited[amount=6]] but got [Deposited[amount=5]]",
                wrongEvents.getMessage());
        }
    }

    @Test
    void handlersSeeTheFixtureClock()
    {
        final EngineContext context = Bank.context(null)
            .command(Bank.Stamp.class, Bank.Stamp::account, (Bank.Stamp cmd, Bank.Account account, Decision out) ->
                out.emit(new Bank.Deposited(out.timestampNs() / 1_000_000_000L % 1000)));
        try (CommandFixture bank = CommandFixture.launch(context))
        {
            bank.given("a", new Bank.Opened("a"));
            final long seconds = bank.clock().nanoTime() / 1_000_000_000L % 1000;
            bank.when(new Bank.Stamp("a")).thenEmitted(new Bank.Deposited(seconds));
            bank.clock().advance(5, TimeUnit.SECONDS);
            bank.when(new Bank.Stamp("a")).thenEmitted(new Bank.Deposited((seconds + 5) % 1000));
        }
    }

    @Test
    void sameCommandsGiveTheSameStateAsTheEngine(@org.junit.jupiter.api.io.TempDir final Path dir)
    {
        final long fixtureHash;
        try (CommandFixture bank = CommandFixture.launch(Bank.context(null)))
        {
            bank.when(new Bank.Open("a"));
            bank.when(new Bank.Deposit("a", 10));
            fixtureHash = bank.stateHash();
        }
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            engine.send(new Bank.Open("a")).join();
            engine.send(new Bank.Deposit("a", 10)).join();
            assertEquals(fixtureHash, engine.stateHash());
        }
    }
}
