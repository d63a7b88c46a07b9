package dev.scribe.engine;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default state hash takes every type the payload and state codecs accept (and the JDK's exact numbers) through
 * their public values, never by reflection into the JDK, and tells apart every two values that are not equal.
 */
class FieldHasherTest
{
    enum Colour
    {
        RED, GREEN
    }

    record Point(Instant at, UUID id, Optional<String> label) {}

    /** One field of every kind the codecs accept, and the JDK's exact numbers. */
    static final class Everything implements Aggregate
    {
        boolean z = true;
        byte b = 1;
        short s = 2;
        char c = 'c';
        int i = 3;
        long l = 4;
        float f = 5.5f;
        double d = 6.25;
        Boolean boxedZ = Boolean.FALSE;
        Byte boxedB = 7;
        Short boxedS = 8;
        Character boxedC = 'C';
        Integer boxedI = 9;
        Long boxedL = 10L;
        Float boxedF = 11.5f;
        Double boxedD = 12.75;
        String text = "text";
        Colour colour = Colour.RED;
        byte[] bytes = {1, 2, 3};
        UUID uuid = new UUID(13, 14);
        Instant instant = Instant.ofEpochSecond(1_700_000_000L, 15);
        Point point = new Point(Instant.ofEpochSecond(16), new UUID(17, 18), Optional.of("p"));
        List<Instant> instants = new ArrayList<>(List.of(Instant.ofEpochSecond(19), Instant.ofEpochSecond(20)));
        Map<UUID, Point> points = new HashMap<>(Map.of(new UUID(21, 22),
            new Point(Instant.ofEpochSecond(23), new UUID(24, 25), Optional.empty())));
        Optional<Instant> maybe = Optional.of(Instant.ofEpochSecond(26));
        Optional<Long> none = Optional.empty();
        BigDecimal amount = new BigDecimal("1.5");
        BigInteger big = BigInteger.TWO.pow(70);
        Duration duration = Duration.ofSeconds(27, 28);
        LocalDate date = LocalDate.of(2024, 5, 6);
        AtomicLong counter = new AtomicLong(29);
        Number number = new BigDecimal("30.5");
    }

    private static long hash(final Object state)
    {
        final StateHasher hasher = new StateHasher();
        FieldHasher.hash(state, hasher);
        return hasher.hash();
    }

    private static long hashOf(final Consumer<Everything> change)
    {
        final Everything state = new Everything();
        change.accept(state);
        return hash(state);
    }

    @Test
    void everyTypeTheCodecsAcceptIsHashedAndEveryChangeShows()
    {
        final long base = hash(new Everything());
        assertEquals(base, hash(new Everything()), "equal states hash alike");
        final Map<String, Consumer<Everything>> changes = new LinkedHashMap<>();
        changes.put("z", s -> s.z = false);
        changes.put("b", s -> s.b = -1);
        changes.put("s", s -> s.s = -2);
        changes.put("c", s -> s.c = 'd');
        changes.put("i", s -> s.i = -3);
        changes.put("l", s -> s.l = -4);
        changes.put("f", s -> s.f = 5.25f);
        changes.put("d", s -> s.d = 6.5);
        changes.put("boxedZ", s -> s.boxedZ = null);
        changes.put("boxedB", s -> s.boxedB = 70);
        changes.put("boxedS", s -> s.boxedS = 80);
        changes.put("boxedC", s -> s.boxedC = 'D');
        changes.put("boxedI", s -> s.boxedI = 90);
        changes.put("boxedL", s -> s.boxedL = 100L);
        changes.put("boxedF", s -> s.boxedF = -11.5f);
        changes.put("boxedD", s -> s.boxedD = -12.75);
        changes.put("text", s -> s.text = "texT");
        changes.put("colour", s -> s.colour = Colour.GREEN);
        changes.put("bytes", s -> s.bytes[2] = 4);
        changes.put("uuid", s -> s.uuid = new UUID(13, 15));
        changes.put("instant", s -> s.instant = s.instant.plusNanos(1));
        changes.put("point", s -> s.point = new Point(s.point.at(), s.point.id(), Optional.of("q")));
        changes.put("point.at", s -> s.point = new Point(s.point.at().plusSeconds(1), s.point.id(), s.point.label()));
        changes.put("instants", s -> s.instants.set(1, Instant.ofEpochSecond(20, 1)));
        changes.put("points", s -> s.points.replaceAll((k, v) -> new Point(v.at(), new UUID(24, 26), v.label())));
        changes.put("maybe", s -> s.maybe = Optional.empty());
        changes.put("maybe value", s -> s.maybe = Optional.of(Instant.ofEpochSecond(27)));
        changes.put("none", s -> s.none = Optional.of(0L));
        changes.put("amount", s -> s.amount = new BigDecimal("1.7"));
        changes.put("big", s -> s.big = BigInteger.TWO.pow(71));
        changes.put("duration", s -> s.duration = s.duration.plusNanos(1));
        changes.put("date", s -> s.date = s.date.plusDays(1));
        changes.put("counter", s -> s.counter.incrementAndGet());
        changes.put("number", s -> s.number = new BigDecimal("30.7"));
        for (final Map.Entry<String, Consumer<Everything>> change : changes.entrySet())
        {
            assertNotEquals(base, hashOf(change.getValue()), "a change of " + change.getKey() + " shows in the hash");
        }
    }

    /** Exact and floating-point numbers only. */
    static final class Numbers implements Aggregate
    {
        BigDecimal amount = BigDecimal.ONE;
        BigInteger big = BigInteger.ONE;
        double d;
        float f;
        Double boxedD = 1.0;
        Number number = 1;
    }

    private static long numbers(final Consumer<Numbers> change)
    {
        final Numbers state = new Numbers();
        change.accept(state);
        return hash(state);
    }

    @Test
    void numbersAreHashedByTheirWholeValue()
    {
        assertNotEquals(numbers(s -> s.amount = new BigDecimal("1.5")), numbers(s -> s.amount = new BigDecimal("1.7")));
        assertNotEquals(numbers(s -> s.amount = new BigDecimal("1.5")), numbers(s -> s.amount = new BigDecimal("1.50")),
            "1.50 is not equal to 1.5 as a BigDecimal");
        assertEquals(numbers(s -> s.amount = new BigDecimal("1.50")),
            numbers(s -> s.amount = BigDecimal.valueOf(150, 2)));
        assertNotEquals(numbers(s -> s.big = BigInteger.ONE), numbers(s -> s.big = BigInteger.TWO.pow(64).add(
            BigInteger.ONE)), "the same low 64 bits");
        assertNotEquals(numbers(s -> s.big = BigInteger.ONE), numbers(s -> s.big = BigInteger.ONE.negate()));
        assertNotEquals(numbers(s -> s.d = 0.1), numbers(s -> s.d = Math.nextUp(0.1)));
        assertNotEquals(numbers(s -> s.d = 0.0), numbers(s -> s.d = -0.0));
        assertNotEquals(numbers(s -> s.f = 0.1f), numbers(s -> s.f = Math.nextUp(0.1f)));
        assertNotEquals(numbers(s -> s.boxedD = 2.5), numbers(s -> s.boxedD = 2.75), "not read as a long");
        assertNotEquals(numbers(s -> s.number = new BigDecimal("2")), numbers(s -> s.number = BigInteger.TWO),
            "a number field holding values of two types");
    }

    /** A JDK type whose value this hasher cannot read through a public API. */
    static final class Locked implements Aggregate
    {
        final ReentrantLock lock = new ReentrantLock();
    }

    @Test
    void aJdkTypeWithNoPublicValueIsRefusedNamingTheField()
    {
        final EngineException refused = assertThrows(EngineException.class, () -> hash(new Locked()));
        assertTrue(refused.getMessage().contains(Locked.class.getName() + ".lock"), refused.getMessage());
        assertTrue(refused.getMessage().contains(ReentrantLock.class.getName()), refused.getMessage());
        assertTrue(refused.getMessage().contains("hashState"), refused.getMessage());
    }
}
