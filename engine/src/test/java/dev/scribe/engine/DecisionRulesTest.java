package dev.scribe.engine;

import dev.scribe.journal.JournalContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The business logic's rules for badly behaved handlers, interceptors and events, on the {@link CommandFixture}
 * (the real processor and journal, on the test's thread): each bad command is rejected with a reason naming the
 * problem (as a handler failure when the application's code threw, and then reported to the error handler too),
 * nothing is journaled for it, and a normal command after it is accepted. What the engine checks before a
 * command reaches the business logic (ids, keys, unknown types) is {@link EngineBadInputTest}'s.
 */
class DecisionRulesTest
{
    private static final int MAX_RECORD_BYTES = 4096;

    record Stray(String account) {}
    record StrayEvent(long value) {}
    record EmitNull(String account) {}
    record ReachGhost(String account) {}
    record ReachNull(String account) {}
    record DepositMany(String account, int count) {}
    record Intercepted(String account, boolean throwIt) {}
    record NoMessage(String account) {}

    /** An aggregate nobody registers. */
    static final class Ghost implements Aggregate
    {
        long seen;

        void apply(final StrayEvent event)
        {
            seen++;
        }
    }

    @TempDir
    Path dir;

    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final AtomicLong journaled = new AtomicLong();
    private CommandFixture bank;

    @BeforeEach
    void openBankWithAnAccount()
    {
        bank = CommandFixture.launch(Bank.context(dir)
            .errorHandler(errors::add)
            .journalContext(new JournalContext().maxRecordBytes(MAX_RECORD_BYTES))
            .journalListener((position, record) -> journaled.incrementAndGet())
            .command(Stray.class, Stray::account, (Stray cmd, Bank.Account account, Decision out) ->
                out.emit(new StrayEvent(1)))
            .command(EmitNull.class, EmitNull::account, (EmitNull cmd, Bank.Account account, Decision out) ->
                out.emit(null))
            .command(ReachGhost.class, ReachGhost::account, (ReachGhost cmd, Bank.Account account, Decision out) ->
                out.aggregate(Ghost.class, "g").emit(new StrayEvent(1)))
            .command(ReachNull.class, ReachNull::account, (ReachNull cmd, Bank.Account account, Decision out) ->
                out.aggregate(Bank.Account.class, null).emit(new Bank.Deposited(1)))
            .command(DepositMany.class, DepositMany::account, (DepositMany cmd, Bank.Account account, Decision out) ->
            {
                for (int i = 0; i < cmd.count(); i++)
                {
                    out.emit(new Bank.Deposited(1));
                }
            })
            .command(Intercepted.class, Intercepted::account,
                (Intercepted cmd, Bank.Account account, Decision out) -> out.emit(new Bank.Deposited(1)))
            .command(NoMessage.class, NoMessage::account, (NoMessage cmd, Bank.Account account, Decision out) ->
            {
                throw new IllegalStateException();
            })
            .interceptor((command, aggregateId, decision) ->
            {
                if (command instanceof Intercepted intercepted)
                {
                    if (intercepted.throwIt())
                    {
                        throw new IllegalStateException("interceptor failed on " + aggregateId);
                    }
                    decision.reject("stopped by the interceptor");
                }
            }));
        bank.when(new Bank.Open("a")).thenEmitted(new Bank.Opened("a"));
    }

    @AfterEach
    void noOtherErrorsAndClose()
    {
        bank.close();
        assertTrue(errors.stream().allMatch(DecisionRulesTest::handlerFailure),
            "a rejected command is not an error, only a handler that threw is: " + errors);
        assertEquals(errors, bank.errors());
    }

    private static boolean handlerFailure(final Throwable error)
    {
        return error instanceof EngineException && error.getMessage().contains("threw; the command was rejected " +
            "with HANDLER_FAILED");
    }

    /** A bad command is rejected naming the problem, nothing is journaled, and a normal command still goes. */
    private void assertRefused(final Object command, final String reason)
    {
        assertRefused(command, Outcome.Status.REJECTED, reason);
    }

    /**
     * A command whose handler (or interceptor) throws is rejected as a handler failure, naming the exception, and
     * reported to the error handler with it; otherwise as {@link #assertRefused(Object, String)}.
     */
    private void assertFailed(final Object command, final String reason)
    {
        assertRefused(command, Outcome.Status.HANDLER_FAILED, reason);
        assertTrue(bank.errors().stream().anyMatch(error -> handlerFailure(error) &&
            error.getMessage().contains(command.getClass().getName()) &&
            String.valueOf(error.getCause()).contains(reason)), "the failure of " + command + " was reported: " +
            bank.errors());
    }

    private void assertRefused(final Object command, final Outcome.Status status, final String reason)
    {
        final long before = journaled.get();
        final long version = bank.version("a");
        final CommandFixture.Result result = bank.when(command);
        assertEquals(status, result.outcome().status(), result.outcome().toString());
        assertTrue(result.outcome().reason().contains(reason), result.outcome().toString());
        assertEquals(List.of(), result.events(), command + " applied nothing");
        assertEquals(before, journaled.get(), "nothing journaled for " + command);
        assertEquals(version, bank.version("a"), "the aggregate is unchanged by " + command);
        bank.when(new Bank.Deposit("a", 1)).thenEmitted(new Bank.Deposited(1));
        assertEquals(before + 1, journaled.get(), "a normal command after " + command + " is journaled");
    }

    @Test
    void handlersThatThrowFail()
    {
        assertFailed(new Bank.Fail("a"), "handler failed for a");
        assertFailed(new NoMessage("a"), IllegalStateException.class.getName());
        assertEquals(2, bank.errors().size(), "each failure reported once: " + bank.errors());
    }

    @Test
    void interceptorsThatThrowOrRejectStopTheCommand()
    {
        assertRefused(new Intercepted("a", false), "stopped by the interceptor");
        assertFailed(new Intercepted("a", true), "interceptor failed on a");
    }

    /** The engine's own checks of what a handler asks of its decision refuse the command, as a rejection. */
    @Test
    void eventsTheAggregateDoesNotApplyAreRefused()
    {
        assertRefused(new Stray("a"), "Account a has no apply(StrayEvent)");
        assertRefused(new EmitNull("a"), "a null event was emitted for a");
    }

    @Test
    void aggregatesReachedBadlyRefuseTheCommand()
    {
        assertRefused(new ReachGhost("a"), Ghost.class.getName() + " is not a registered aggregate");
        assertRefused(new ReachNull("a"), "the id of a Account is null");
        assertEquals(null, bank.aggregate(Ghost.class, "g"), "the unregistered aggregate was never created");
    }

    @Test
    void aRecordOverTheJournalLimitIsRefused()
    {
        bank.when(new DepositMany("a", 3)).thenAccepted();
        assertRefused(new DepositMany("a", 1_000), "over the journal's maxRecordBytes " + MAX_RECORD_BYTES);
        assertEquals(4, bank.aggregate(Bank.Account.class, "a").balance, "three deposits and one after the refusal");
    }
}
