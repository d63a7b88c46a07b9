package dev.scribe.examples.bank;

import dev.scribe.engine.Decision;
import dev.scribe.engine.Engine;
import dev.scribe.engine.EngineContext;
import dev.scribe.engine.Outcome;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads an account's aggregate state in a test: a command whose handler copies the state on the business-logic
 * thread and emits nothing, so nothing is journaled and the state hash is unchanged.
 */
final class Probe
{
    record Peek(String account, CompletableFuture<Seen> seen)
    {
    }

    record Seen(Account.Status status, long balance)
    {
    }

    private Probe()
    {
    }

    static EngineContext context(final Path dir, final BalancesView view)
    {
        return Bank.context(dir, view).command(Peek.class, Peek::account,
            (final Peek peek, final Account account, final Decision out) ->
                peek.seen().complete(new Seen(account.status(), account.balance())));
    }

    static Seen peek(final Engine engine, final String account)
    {
        final Peek peek = new Peek(account, new CompletableFuture<>());
        final Outcome outcome = engine.send(peek).join();
        assertTrue(outcome.accepted(), outcome.toString());
        return peek.seen().join();
    }
}
