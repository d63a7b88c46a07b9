package dev.scribe.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reusable events: a slot's pool holds one instance of each mutable event class from launch, so the first command
 * through a slot makes none; a target other than the command's own aggregate, found by a numeric id, takes
 * reusable events too.
 */
class EventPoolTest
{
    /** A mutable event that counts how many of it were ever made. */
    static final class Counted
    {
        static int made;
        long value;

        Counted()
        {
            made++;
        }
    }

    /** A mutable event whose constructor fails. */
    static final class Broken
    {
        Broken()
        {
            throw new IllegalStateException("no");
        }
    }

    /** An event without a no-argument constructor. */
    static final class NoDefault
    {
        NoDefault(final long value)
        {
        }
    }

    record Immutable(long value) {}

    abstract static class Abstract
    {
    }

    record Move(long from, long to, long amount) {}

    @TempDir
    Path dir;

    @Test
    void onlyMutableClassesWithANoArgumentConstructorArePooled()
    {
        assertEquals(List.of(Counted.class, Broken.class),
            EventPool.poolable(List.of(Counted.class, Broken.class, NoDefault.class, Immutable.class, Abstract.class,
                Runnable.class)));
    }

    @Test
    void aFilledPoolHandsOutItsInstancesWithoutMakingMore()
    {
        final int before = Counted.made;
        final EventPool pool = new EventPool(List.of(Counted.class, Broken.class));
        assertEquals(before + 1, Counted.made, "filled at launch");
        final Counted first = pool.take(Counted.class);
        pool.reset();
        assertSame(first, pool.take(Counted.class), "the next command gets the same instance");
        assertEquals(before + 1, Counted.made);
        final Counted second = pool.take(Counted.class);
        assertNotSame(first, second, "a second event of the class in one command gets its own instance");
        pool.reset();
        assertSame(first, pool.take(Counted.class));
        assertSame(second, pool.take(Counted.class));
        assertEquals(before + 2, Counted.made);
        final IllegalArgumentException broken = assertThrows(IllegalArgumentException.class,
            () -> pool.take(Broken.class));
        assertTrue(broken.getMessage().contains(Broken.class.getName()), broken.getMessage());
    }

    @Test
    void aNumericTargetTakesReusableEvents()
    {
        final EngineContext context = new EngineContext()
            .directory(dir)
            .codec(new BinaryPathTest.CreditedCodec())
            .aggregate(BinaryPathTest.Ledger.class, BinaryPathTest.Ledger::new)
            .command(Move.class, move -> Long.toString(move.from()),
                (Move cmd, BinaryPathTest.Ledger from, Decision out) ->
                {
                    final Decision.Target<BinaryPathTest.Ledger> to =
                        out.aggregate(BinaryPathTest.Ledger.class, cmd.to());
                    out.emitNew(BinaryPathTest.Credited.class).amount = -cmd.amount();
                    to.emitNew(BinaryPathTest.Credited.class).amount = cmd.amount();
                });
        try (CommandFixture fixture = CommandFixture.launch(context))
        {
            fixture.when(new Move(1, 22, 5)).thenAccepted();
            fixture.when(new Move(22, 1, 2)).thenAccepted();
            assertEquals(-3, fixture.aggregate(BinaryPathTest.Ledger.class, "1").balance);
            assertEquals(3, fixture.aggregate(BinaryPathTest.Ledger.class, "22").balance);
            assertEquals(2, fixture.version("22"));
        }
    }
}
