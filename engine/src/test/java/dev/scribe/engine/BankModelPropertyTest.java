package dev.scribe.engine;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random command sequences give the same outcomes, versions and balances from the real engine as from the reference
 * model, with the ledger's invariants holding after every step, and a restart of the engine at a random step
 * changes nothing.
 */
class BankModelPropertyTest
{
    private static final int ACCOUNTS = 5;
    private static final int KEYS = 8;

    /** What to do with a step's expected version. */
    enum Expect
    {
        ANY, RIGHT, WRONG
    }

    /**
     * One command, before it is resolved against the model's versions.
     *
     * @param kind    0 open, 1 deposit, 2 withdraw, 3 transfer, 4 a failing handler.
     * @param account index of the command's account.
     * @param other   index of a transfer's target.
     * @param amount  any amount, invalid ones too.
     * @param expect  how to set the expected version.
     * @param key     index of the idempotency key, or -1 for none.
     */
    record Step(int kind, int account, int other, long amount, Expect expect, int key)
    {
        Object command()
        {
            return Bank.command(kind, account, other, amount);
        }

        SendOptions options(final ModelBank model)
        {
            SendOptions options = SendOptions.defaults();
            if (key >= 0)
            {
                options = options.idempotencyKey("key-" + key);
            }
            final long version = model.version("acc-" + account);
            return switch (expect)
            {
                case ANY -> options;
                case RIGHT -> options.expectVersion(version);
                case WRONG -> options.expectVersion(version > 0 && other % 2 == 0 ? version - 1 : version + 1 + other);
            };
        }
    }

    @Provide
    Arbitrary<List<Step>> steps()
    {
        final Arbitrary<Integer> kind = Arbitraries.frequencyOf(
            Tuple.of(2, Arbitraries.just(0)),
            Tuple.of(4, Arbitraries.just(1)),
            Tuple.of(2, Arbitraries.just(2)),
            Tuple.of(3, Arbitraries.just(3)),
            Tuple.of(1, Arbitraries.just(4)));
        final Arbitrary<Integer> account = Arbitraries.integers().between(0, ACCOUNTS - 1);
        final Arbitrary<Long> amount = Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.longs().between(1, 500)),
            Tuple.of(1, Arbitraries.just(0L)),
            Tuple.of(1, Arbitraries.longs().between(-100, -1)),
            Tuple.of(2, Arbitraries.longs().between(501, 100_000)));
        final Arbitrary<Expect> expect = Arbitraries.frequency(
            Tuple.of(6, Expect.ANY), Tuple.of(3, Expect.RIGHT), Tuple.of(2, Expect.WRONG));
        final Arbitrary<Integer> key = Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just(-1)),
            Tuple.of(1, Arbitraries.integers().between(0, KEYS - 1)));
        return Combinators.combine(kind, account, account, amount, expect, key).as(Step::new)
            .list().ofMaxSize(60);
    }

    @Property(tries = 40)
    void theEngineDecidesLikeTheModel(
        @ForAll("steps") final List<Step> steps, @ForAll @IntRange(min = 0, max = 60) final int restartAt)
        throws IOException
    {
        final int restartStep = restartAt % (steps.size() + 1);
        final Path dir = Files.createTempDirectory("bank-property");
        try (ModelBank model = new ModelBank(); EngineBank engine = new EngineBank(dir))
        {
            final BankLedger modelLedger = new BankLedger();
            final BankLedger engineLedger = new BankLedger();
            for (int i = 0; i < steps.size(); i++)
            {
                if (i == restartStep)
                {
                    restart(engine);
                    model.restart();
                }
                final Object command = steps.get(i).command();
                final SendOptions options = steps.get(i).options(model);
                final String where = "step " + i + ": " + command + " " + options;
                final Outcome expected = model.send(command, options);
                final Outcome actual = engine.send(command, options);
                assertSameDecision(expected, actual, where);
                modelLedger.record(command, options, expected);
                engineLedger.record(command, options, actual);
                modelLedger.check(model.balances());
                engineLedger.check(engine.balances());
                assertEquals(model.balances(), engine.balances(), where);
            }
            // the business logic's own balances and versions: a withdrawal of everything at the model's version is
            // refused, saying the balance
            for (int k = 0; k < ACCOUNTS; k++)
            {
                final Bank.Withdraw all = new Bank.Withdraw("acc-" + k, Long.MAX_VALUE);
                final SendOptions options = SendOptions.defaults().expectVersion(model.version(all.account()));
                assertSameDecision(model.send(all, options), engine.send(all, options), "probe " + all);
            }
            restart(engine);
            assertEquals(model.balances(), engine.balances(), "after the last restart");
        }
        finally
        {
            delete(dir);
        }
    }

    /** Close and relaunch the engine: the replayed state hashes the same. */
    private static void restart(final EngineBank engine)
    {
        final long before = engine.stateHash();
        engine.restart();
        assertEquals(before, engine.stateHash(), "the state hash after a relaunch");
    }

    private static void assertSameDecision(final Outcome expected, final Outcome actual, final String where)
    {
        assertEquals(expected.status(), actual.status(), where + " gave " + actual + ", the model " + expected);
        assertEquals(expected.reason(), actual.reason(), where);
        assertEquals(expected.version(), actual.version(), where);
        assertEquals(expected.duplicate(), actual.duplicate(), where);
    }

    private static void delete(final Path dir) throws IOException
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(path);
            }
        }
    }
}
