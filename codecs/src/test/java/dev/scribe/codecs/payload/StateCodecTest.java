package dev.scribe.codecs.payload;

import dev.scribe.codecs.CodecException;
import dev.scribe.codecs.payload.StateFixtures.Account;
import dev.scribe.codecs.payload.StateFixtures.Counter;
import dev.scribe.codecs.payload.StateFixtures.Lot;
import dev.scribe.codecs.payload.StateFixtures.NeedsFactory;
import dev.scribe.codecs.payload.StateFixtures.RenamedAccount;
import dev.scribe.codecs.payload.StateFixtures.Status;
import dev.scribe.codecs.payload.StateFixtures.Tagged;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class StateCodecTest
{
    private static final StateCodec<Account> ACCOUNTS = StateCodec.of(Account.class, Account::new, 7, 1);
    private static final int BASE = 5;

    @Example
    void roundTripsEveryKindOfField()
    {
        final Account account = sample();
        final Account decoded = roundTrip(account);

        assertEquals(3L, decoded.version);
        assertEquals("ann", decoded.owner);
        assertEquals("acc-1", decoded.id);
        assertEquals(Status.OPEN, decoded.status);
        assertEquals(-250L, decoded.balance);
        assertNull(decoded.overdraft);
        assertEquals(0.5, decoded.rate);
        assertArrayEquals(new byte[]{1, 2, 3}, decoded.secret);
        assertEquals(account.lots, decoded.lots);
        assertEquals(account.limits, decoded.limits);
        assertEquals(Optional.of(Status.NOT_OPENED), decoded.previous);
        assertEquals(-1, decoded.cache, "transient fields keep the factory's value");
        assertEquals(7, ACCOUNTS.typeId());
        assertEquals(1, ACCOUNTS.version());
    }

    @Example
    void roundTripsNullsAndDefaults()
    {
        final Account account = new Account();
        account.status = null;
        final Account decoded = roundTrip(account);

        assertNull(decoded.status);
        assertNull(decoded.owner);
        assertNull(decoded.lots);
        assertNull(decoded.limits);
        assertNull(decoded.previous);
        assertEquals("unset", decoded.id);
    }

    @Example
    void layoutIsFingerprintThenFields()
    {
        final StateCodec<Counter> codec = StateCodec.of(Counter.class);
        final Counter counter = new Counter();
        counter.count(42);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();

        assertEquals(16, codec.encode(counter, buffer, 0));
        assertEquals(codec.fingerprint(), buffer.getLong(0, ByteOrder.LITTLE_ENDIAN));
        assertEquals(42L, buffer.getLong(8, ByteOrder.LITTLE_ENDIAN));
        assertEquals(42L, codec.decodeInto(buffer, 0, 16).count());
    }

    @Example
    void factoryBuildsClassesWithoutNoArgConstructor()
    {
        final StateCodec<NeedsFactory> codec = StateCodec.of(NeedsFactory.class, () -> new NeedsFactory(0));
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = codec.encode(new NeedsFactory(99), buffer, 0);

        assertEquals(99L, codec.decode(buffer, 0, length).seed(), "final field set from the bytes");
    }

    @Property(tries = 200)
    void reEncodingADecodedStateGivesTheSameBytes(@ForAll("accounts") final Account account)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = ACCOUNTS.encode(account, buffer, BASE);
        final Account decoded = ACCOUNTS.decodeInto(buffer, BASE, length);
        final ExpandableArrayBuffer again = new ExpandableArrayBuffer();

        assertEquals(length, ACCOUNTS.encode(decoded, again, 0));
        assertArrayEquals(bytes(buffer, BASE, length), bytes(again, 0, length));
        assertEquals(account.balance, decoded.balance);
        assertEquals(account.lots, decoded.lots);
    }

    @Example
    void renamedFieldIsAFingerprintMismatch()
    {
        final StateCodec<RenamedAccount> renamed = StateCodec.of(RenamedAccount.class);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = ACCOUNTS.encode(sample(), buffer, BASE);

        final CodecException ex = assertThrows(CodecException.class, () -> renamed.decodeInto(buffer, BASE, length));
        assertEquals("RenamedAccount", ex.field());
        assertEquals(BASE, ex.offset());
        assertTrue(ex.getMessage().contains("fingerprint"), ex.getMessage());
        assertTrue(ACCOUNTS.fingerprint() != renamed.fingerprint());
    }

    @Example
    void badFieldBytesNameTheFieldAndOffset()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = ACCOUNTS.encode(sample(), buffer, BASE);
        // version:int64, owner length:int32 at BASE + 8 + 8.
        buffer.putInt(BASE + 16, -7, ByteOrder.LITTLE_ENDIAN);

        final CodecException ex = assertThrows(CodecException.class, () -> ACCOUNTS.decodeInto(buffer, BASE, length));
        assertEquals("Account.owner", ex.field());
        assertEquals(BASE + 16, ex.offset());
    }

    @Property(tries = 100)
    void everyTruncationIsACodecException(@ForAll("accounts") final Account account)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = ACCOUNTS.encode(account, buffer, BASE);
        for (int cut = 0; cut < length; cut++)
        {
            final int truncated = cut;
            assertThrows(CodecException.class, () -> ACCOUNTS.decodeInto(buffer, BASE, truncated));
        }
        assertThrows(CodecException.class, () -> ACCOUNTS.decodeInto(buffer, BASE, length + 1));
    }

    @Property(tries = 300)
    void bitFlipsGiveAStateOrACodecException(
        @ForAll("accounts") final Account account,
        @ForAll @IntRange(min = 0, max = 100_000) final int position,
        @ForAll @IntRange(min = 0, max = 7) final int bit)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = ACCOUNTS.encode(account, buffer, BASE);
        final int at = BASE + position % length;
        buffer.putByte(at, (byte)(buffer.getByte(at) ^ (1 << bit)));
        try
        {
            ACCOUNTS.decodeInto(buffer, BASE, length);
        }
        catch (final CodecException expected)
        {
            assertTrue(expected.offset() >= BASE && expected.offset() <= BASE + length, expected.getMessage());
        }
        catch (final RuntimeException ex)
        {
            fail("expected a CodecException but got " + ex, ex);
        }
    }

    @Example
    void badEncodeArgumentsAreCodecExceptions()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        assertThrows(CodecException.class, () -> ACCOUNTS.encode(null, buffer, 0));
        assertThrows(CodecException.class, () -> ACCOUNTS.encode(sample(), buffer, -1));
        assertThrows(CodecException.class, () -> ACCOUNTS.encode(sample(), new UnsafeBuffer(new byte[20]), 0));
    }

    @Example
    void factoryReturningNullIsACodecException()
    {
        final StateCodec<Counter> codec = StateCodec.of(Counter.class, () -> null);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = codec.encode(new Counter(), buffer, 0);

        final CodecException ex = assertThrows(CodecException.class, () -> codec.decodeInto(buffer, 0, length));
        assertTrue(ex.getMessage().contains("factory"), ex.getMessage());
    }

    @Example
    void missingNoArgConstructorIsNamed()
    {
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> StateCodec.of(NeedsFactory.class));
        assertTrue(ex.getMessage().contains(NeedsFactory.class.getName()), ex.getMessage());
        assertTrue(ex.getMessage().contains("no-arg constructor"), ex.getMessage());
    }

    @Example
    void unsupportedFieldTypeIsNamedWithItsPath()
    {
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> StateCodec.of(Tagged.class));
        assertTrue(ex.getMessage().contains("Tagged.tags"), ex.getMessage());
        assertTrue(ex.getMessage().contains("java.util.Set"), ex.getMessage());
    }

    @Example
    void recordsAndMissingFactoriesAreRejected()
    {
        assertThrows(IllegalArgumentException.class, () -> StateCodec.of(Lot.class));
        assertThrows(IllegalArgumentException.class, () -> StateCodec.of(Counter.class, null));
        assertThrows(IllegalArgumentException.class, () -> StateCodec.of(Counter.class, Counter::new, 1, 70_000));
    }

    @Provide
    Arbitrary<Account> accounts()
    {
        final Arbitrary<String> strings = Arbitraries.strings().ofMaxLength(12).injectNull(0.1);
        final Arbitrary<Lot> lots = Combinators.combine(
            strings, Arbitraries.integers(), Arbitraries.longs().between(-1_000_000L, 1_000_000L))
            .as((sku, quantity, second) -> new Lot(sku, quantity, Instant.ofEpochSecond(second, 5)));
        final Arbitrary<Map<String, Integer>> limits = Arbitraries.maps(
            Arbitraries.strings().ofMaxLength(6), Arbitraries.integers().injectNull(0.2)).ofMaxSize(4)
            .map(LinkedHashMap::new);
        return Combinators.combine(
            strings,
            Arbitraries.of(Status.class).injectNull(0.1),
            Arbitraries.longs(),
            Arbitraries.integers().injectNull(0.3),
            lots.injectNull(0.1).list().ofMaxSize(4).injectNull(0.1),
            limits.injectNull(0.1),
            Arbitraries.of(Status.class).optional().injectNull(0.1))
            .as((owner, status, balance, overdraft, lotList, limitMap, previous) ->
            {
                final Account account = new Account(String.valueOf(balance));
                account.owner = owner;
                account.version = balance >>> 7;
                account.status = status;
                account.balance = balance;
                account.overdraft = overdraft;
                account.rate = Double.longBitsToDouble(balance);
                account.secret = null == owner ? null : owner.getBytes(StandardCharsets.UTF_8);
                account.lots = lotList;
                account.limits = limitMap;
                account.previous = previous;
                return account;
            });
    }

    private static Account sample()
    {
        final Account account = new Account("acc-1");
        account.version = 3;
        account.owner = "ann";
        account.status = Status.OPEN;
        account.balance = -250;
        account.rate = 0.5;
        account.secret = new byte[]{1, 2, 3};
        account.lots = List.of(new Lot("x", 2, Instant.ofEpochSecond(10, 20)), new Lot(null, -1, null));
        account.limits = new LinkedHashMap<>(Map.of("daily", 100));
        account.previous = Optional.of(Status.NOT_OPENED);
        return account;
    }

    private static Account roundTrip(final Account account)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = ACCOUNTS.encode(account, buffer, BASE);
        return ACCOUNTS.decodeInto(buffer, BASE, length);
    }

    private static byte[] bytes(final ExpandableArrayBuffer buffer, final int offset, final int length)
    {
        return Arrays.copyOfRange(buffer.byteArray(), offset, offset + length);
    }
}
