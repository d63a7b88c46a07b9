package dev.scribe.engine;

import dev.scribe.engine.testing.ExpectedErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineTest
{
    @TempDir
    Path dir;

    @ExpectedErrors(Bank.FAIL_ERROR)
    @Test
    void acceptsRejectsAndRebuildsTheSameStateOnRestart()
    {
        final long hash;
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            assertTrue(engine.send(new Bank.Open("a")).join().accepted());
            assertTrue(engine.send(new Bank.Open("b")).join().accepted());
            final Outcome deposit = engine.send(new Bank.Deposit("a", 100)).join();
            assertTrue(deposit.accepted(), deposit.toString());
            assertEquals(2, deposit.version());
            final Outcome overdraft = engine.send(new Bank.Withdraw("a", 500)).join();
            assertEquals(Outcome.Status.REJECTED, overdraft.status());
            assertEquals("insufficient funds: balance 100", overdraft.reason());
            final Outcome transfer = engine.send(new Bank.Transfer("a", "b", 30)).join();
            assertTrue(transfer.accepted(), transfer.toString());
            final Outcome failed = engine.send(new Bank.Fail("a")).join();
            assertEquals(Outcome.Status.HANDLER_FAILED, failed.status());
            assertEquals("the handler threw java.lang.IllegalStateException: handler failed for a", failed.reason());
            assertTrue(engine.send(new Bank.Deposit("b", 1)).join().accepted(), "the engine goes on");
            final Outcome stale = engine.send(new Bank.Deposit("a", 1), SendOptions.defaults().expectVersion(1))
                .join();
            assertEquals("expected version 1 but a is at version 3", stale.reason());
            hash = engine.stateHash();
        }
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            assertEquals(5, engine.replayedRecords());
            assertEquals(hash, engine.stateHash());
            final Outcome overdraft = engine.send(new Bank.Withdraw("a", 71)).join();
            assertEquals("insufficient funds: balance 70", overdraft.reason());
        }
    }

    @Test
    void idempotencyKeyReturnsTheFirstOutcomeAcrossRestarts()
    {
        final Outcome first;
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            engine.send(new Bank.Open("a")).join();
            first = engine.send(new Bank.Deposit("a", 10), SendOptions.defaults().idempotencyKey("k1")).join();
            final Outcome again = engine.send(new Bank.Deposit("a", 10), SendOptions.defaults().idempotencyKey("k1"))
                .join();
            assertTrue(again.duplicate());
            assertEquals(first.position(), again.position());
        }
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            final Outcome again = engine.send(new Bank.Deposit("a", 10), SendOptions.defaults().idempotencyKey("k1"))
                .join();
            assertTrue(again.duplicate());
            assertEquals(first.position(), again.position());
            assertEquals(first.version(), again.version());
            assertEquals("insufficient funds: balance 10",
                engine.send(new Bank.Withdraw("a", 11)).join().reason());
        }
    }

    @Test
    void unknownCommandsAndBadIdsAreRejectedAtOnce()
    {
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            final Outcome unknown = engine.send("not a command").join();
            assertFalse(unknown.accepted());
            assertTrue(unknown.reason().contains("unknown command type java.lang.String"), unknown.reason());
            final Outcome nullId = engine.send(new Bank.Deposit(null, 1)).join();
            assertEquals("the aggregate id of Deposit is null", nullId.reason());
        }
    }

    @Test
    void onlyTheNewestIdempotencyKeysAreRemembered()
    {
        final SendOptions k1 = SendOptions.defaults().idempotencyKey("k1");
        final SendOptions k3 = SendOptions.defaults().idempotencyKey("k3");
        final long resentPosition;
        try (Engine engine = Engine.launch(Bank.context(dir).idempotencyKeys(2)))
        {
            engine.send(new Bank.Open("a")).join();
            final Outcome first = engine.send(new Bank.Deposit("a", 1), k1).join();
            engine.send(new Bank.Deposit("a", 1), SendOptions.defaults().idempotencyKey("k2")).join();
            engine.send(new Bank.Deposit("a", 1), k3).join();
            final Outcome resent = engine.send(new Bank.Deposit("a", 1), k1).join();
            assertFalse(resent.duplicate(), "k1 was forgotten, so it is decided afresh");
            assertTrue(resent.position() > first.position());
            resentPosition = resent.position();
            assertTrue(engine.send(new Bank.Deposit("a", 1), k3).join().duplicate());
        }
        try (Engine engine = Engine.launch(Bank.context(dir).idempotencyKeys(2)))
        {
            final Outcome again = engine.send(new Bank.Deposit("a", 1), k1).join();
            assertTrue(again.duplicate(), "the same keys are remembered after replay");
            assertEquals(resentPosition, again.position());
            assertTrue(engine.send(new Bank.Deposit("a", 1), k3).join().duplicate());
            assertFalse(engine.send(new Bank.Deposit("a", 1), SendOptions.defaults().idempotencyKey("k2")).join()
                .duplicate());
        }
    }
}
