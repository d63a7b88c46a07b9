package dev.scribe.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal written by an older version of the code is read by the current one through its upcasters.
 */
class EventVersionsTest
{
    private static final int DEPOSITED = 42;

    @TempDir
    Path dir;

    record Deposit(String account, long amount) {}
    record Peek(String account) {}

    /** Version 1 of the event, as the old code journaled it. */
    record DepositedV1(long amount) {}

    /** Version 2: deposits now carry a reference. */
    record Deposited(long amount, String reference) {}

    /** The account as the old code had it. */
    static final class OldAccount implements Aggregate
    {
        long balance;

        void apply(final DepositedV1 event)
        {
            balance += event.amount();
        }
    }

    /** The account now. */
    static final class Account implements Aggregate
    {
        long balance;
        String lastReference;

        void apply(final Deposited event)
        {
            balance += event.amount();
            lastReference = event.reference();
        }
    }

    private EngineContext oldCode()
    {
        return new EngineContext().directory(dir).aggregate(OldAccount.class, OldAccount::new)
            .event(DepositedV1.class, DEPOSITED)
            .command(Deposit.class, Deposit::account, (Deposit cmd, OldAccount account, Decision out) ->
                out.emit(new DepositedV1(cmd.amount())));
    }

    private EngineContext newCode(final EventVersions versions)
    {
        return new EngineContext().directory(dir).aggregate(Account.class, Account::new)
            .event(Deposited.class, DEPOSITED)
            .events(versions)
            .command(Deposit.class, Deposit::account, (Deposit cmd, Account account, Decision out) ->
                out.emit(new Deposited(cmd.amount(), "ref-" + cmd.amount())))
            .command(Peek.class, Peek::account, (Peek cmd, Account account, Decision out) ->
                out.reject(account.balance + " " + account.lastReference));
    }

    /** The account's state as the business logic sees it: "balance lastReference". */
    private static String peek(final Engine engine, final String id)
    {
        return engine.send(new Peek(id)).join().reason();
    }

    @Test
    void theCurrentCodeReplaysOldEventsThroughItsUpcaster()
    {
        try (Engine old = Engine.launch(oldCode()))
        {
            assertTrue(old.send(new Deposit("acc-1", 10)).join().accepted());
            assertTrue(old.send(new Deposit("acc-1", 5)).join().accepted());
        }
        final EventVersions versions = new EventVersions()
            .current(Deposited.class, 2)
            .previous(DepositedV1.class, 1, Deposited.class)
            .upcaster(DepositedV1.class, v1 -> new Deposited(v1.amount(), "v1"));
        final long hash;
        try (Engine engine = Engine.launch(newCode(versions)))
        {
            assertEquals("15 v1", peek(engine, "acc-1"));
            assertTrue(engine.send(new Deposit("acc-1", 7)).join().accepted());
            assertEquals("22 ref-7", peek(engine, "acc-1"));
            hash = engine.stateHash();
        }
        try (Engine again = Engine.launch(newCode(new EventVersions()
            .current(Deposited.class, 2)
            .previous(DepositedV1.class, 1, Deposited.class)
            .upcaster(DepositedV1.class, v1 -> new Deposited(v1.amount(), "v1")))))
        {
            assertEquals("22 ref-7", peek(again, "acc-1"), "versions 1 and 2 in one journal");
            assertEquals(hash, again.stateHash());
        }
    }

    @Test
    void aMissingUpcasterFailsTheLaunchNamingIt()
    {
        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> Engine.launch(
            newCode(new EventVersions().current(Deposited.class, 2).previous(DepositedV1.class, 1, Deposited.class))));
        assertTrue(missing.getMessage().contains("no upcaster from version 1 to 2 of type id " + DEPOSITED),
            missing.getMessage());
    }

    @Test
    void anOldEventWithoutItsOldClassFailsTheLaunchNotALaterCommand()
    {
        try (Engine old = Engine.launch(oldCode()))
        {
            assertTrue(old.send(new Deposit("acc-1", 10)).join().accepted());
        }
        final RuntimeException failure = assertThrows(RuntimeException.class, () -> Engine.launch(
            newCode(new EventVersions().current(Deposited.class, 2))));
        assertTrue(String.valueOf(failure.getMessage()).contains("no codec for version 1 is registered"),
            String.valueOf(failure));
    }
}
