package dev.scribe.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Application code on the business-logic thread that leaves the thread interrupted, as a handler does that restores
 * the interrupt of a blocking call it made ({@code catch (InterruptedException e) { Thread.currentThread()
 * .interrupt(); }}): the interrupt must not reach the journal's files, where it would close the channel the journal
 * syncs through, and fail the sync of every SYNCED command after it until a relaunch.
 */
class InterruptingHandlerTest
{
    /** A deposit whose handler leaves its thread interrupted. */
    record InterruptingDeposit(String account) {}

    @TempDir
    Path dir;

    @Test
    void syncedCommandsAfterAHandlerThatInterruptsItsThreadAreSynced()
    {
        final SendOptions synced = SendOptions.defaults().durability(Durability.SYNCED);
        final EngineContext context = Bank.context(dir).command(InterruptingDeposit.class,
            InterruptingDeposit::account, (InterruptingDeposit cmd, Bank.Account account, Decision out) ->
            {
                Thread.currentThread().interrupt();
                out.emit(new Bank.Deposited(1));
            });
        try (Engine engine = Engine.launch(context))
        {
            assertEquals(Outcome.Status.ACCEPTED, EngineBank.await(engine.send(new Bank.Open("a"), synced)).status());
            for (int i = 0; i < 3; i++)
            {
                final Outcome interrupting = EngineBank.await(engine.send(new InterruptingDeposit("a"), synced));
                assertEquals(Outcome.Status.ACCEPTED, interrupting.status(), interrupting.toString());
                final Outcome deposit = EngineBank.await(engine.send(new Bank.Deposit("a", 1), synced));
                assertEquals(Outcome.Status.ACCEPTED, deposit.status(), deposit.toString());
            }
            assertEquals(0, engine.counters().errorCount(), ToolRun.errors(dir));
        }
        try (Engine engine = Engine.launch(Bank.context(dir).command(InterruptingDeposit.class,
            InterruptingDeposit::account, (InterruptingDeposit cmd, Bank.Account account, Decision out) ->
                out.emit(new Bank.Deposited(1)))))
        {
            assertEquals(7, engine.replayedRecords());
        }
    }
}
