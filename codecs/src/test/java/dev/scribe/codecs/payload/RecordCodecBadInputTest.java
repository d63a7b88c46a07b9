package dev.scribe.codecs.payload;

import dev.scribe.codecs.CodecException;
import dev.scribe.codecs.payload.RecordFixtures.Everything;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class RecordCodecBadInputTest
{
    enum Side
    {
        BUY,
        SELL
    }

    record Line(String sku, int quantity, Long price)
    {
    }

    record Order(long id, String customer, List<Line> lines, Map<String, Integer> tags, Optional<Side> side)
    {
    }

    /** Rejects a negative balance, so decoding one must fail. */
    private record Account(String name, long balance)
    {
        Account
        {
            if (balance < 0)
            {
                throw new IllegalArgumentException("negative balance " + balance);
            }
        }
    }

    /** Same components as {@link Account} without the check, to produce the bytes. */
    private record RawAccount(String name, long balance)
    {
    }

    private record Bank(List<Account> accounts)
    {
    }

    private record RawBank(List<RawAccount> accounts)
    {
    }

    private static final RecordCodec<Order> ORDERS = RecordCodec.of(Order.class, 1, 1);
    private static final RecordCodec<Everything> EVERYTHING = RecordCodec.of(Everything.class, 2, 1);

    /** Where the sample order starts, so offsets in errors are absolute. */
    private static final int BASE = 11;

    // Layout of the sample order, relative to BASE.
    private static final int CUSTOMER_LENGTH = 8;
    private static final int CUSTOMER_BYTES = 12;
    private static final int LINES_COUNT = 15;
    private static final int LINE_0_PRICE_PRESENCE = 29;
    private static final int LINE_1_SKU_LENGTH = 39;
    private static final int LINE_1_QUANTITY = 45;
    private static final int TAGS_COUNT = 50;
    private static final int TAG_0_KEY_LENGTH = 54;
    private static final int TAG_0_VALUE_PRESENCE = 59;
    private static final int SIDE_TAG = 64;
    private static final int SIDE_NAME_LENGTH = 65;
    private static final int SIDE_NAME = 69;
    private static final int ORDER_LENGTH = 73;

    private static Order sampleOrder()
    {
        final Map<String, Integer> tags = new LinkedHashMap<>();
        tags.put("k", 7);
        return new Order(
            42, "ann", List.of(new Line("a", 1, 10L), new Line("bc", 2, null)), tags, Optional.of(Side.SELL));
    }

    private static UnsafeBuffer encodedOrder()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[BASE + ORDER_LENGTH + 16]);
        assertEquals(ORDER_LENGTH, ORDERS.encode(sampleOrder(), buffer, BASE));
        return buffer;
    }

    @Example
    void sampleOrderHasTheExpectedLayout()
    {
        final UnsafeBuffer buffer = encodedOrder();

        assertEquals(3, buffer.getInt(BASE + CUSTOMER_LENGTH, ByteOrder.LITTLE_ENDIAN));
        assertEquals(2, buffer.getInt(BASE + LINES_COUNT, ByteOrder.LITTLE_ENDIAN));
        assertEquals(2, buffer.getInt(BASE + LINE_1_SKU_LENGTH, ByteOrder.LITTLE_ENDIAN));
        assertEquals(2, buffer.getInt(BASE + LINE_1_QUANTITY, ByteOrder.LITTLE_ENDIAN));
        assertEquals(1, buffer.getInt(BASE + TAGS_COUNT, ByteOrder.LITTLE_ENDIAN));
        assertEquals(1, buffer.getInt(BASE + TAG_0_KEY_LENGTH, ByteOrder.LITTLE_ENDIAN));
        assertEquals(2, buffer.getByte(BASE + SIDE_TAG));
        assertEquals("SELL", buffer.getStringWithoutLengthAscii(BASE + SIDE_NAME, 4));
        assertEquals(sampleOrder(), ORDERS.decode(buffer, BASE, ORDER_LENGTH));
    }

    @Example
    void everyTruncationFails()
    {
        final UnsafeBuffer buffer = encodedOrder();
        for (int length = 0; length < ORDER_LENGTH; length++)
        {
            final int truncated = length;
            final CodecException ex = assertThrows(
                CodecException.class, () -> ORDERS.decode(buffer, BASE, truncated), "length " + length);
            assertTrue(ex.field().startsWith("Order"), ex.getMessage());
            assertTrue(ex.offset() >= BASE && ex.offset() <= BASE + length, ex.getMessage());
        }
    }

    @Example
    void badLengthsAndCountsNameTheirField()
    {
        final int[] badValues = { Integer.MAX_VALUE, Integer.MIN_VALUE, -2, 0x10000000, ORDER_LENGTH };
        for (final int bad : badValues)
        {
            assertIntFails(CUSTOMER_LENGTH, bad, "Order.customer", CUSTOMER_LENGTH);
            assertIntFails(LINES_COUNT, bad, "Order.lines", LINES_COUNT);
            assertIntFails(LINE_1_SKU_LENGTH, bad, "Order.lines[1].sku", LINE_1_SKU_LENGTH);
            assertIntFails(TAGS_COUNT, bad, "Order.tags", TAGS_COUNT);
            assertIntFails(TAG_0_KEY_LENGTH, bad, "Order.tags[0].key", TAG_0_KEY_LENGTH);
            assertIntFails(SIDE_NAME_LENGTH, bad, "Order.side", SIDE_NAME_LENGTH);
        }
    }

    @Example
    void lengthJustPastTheEndFails()
    {
        // 4 bytes of name remain after the side's length prefix.
        assertIntFails(SIDE_NAME_LENGTH, 5, "Order.side", SIDE_NAME_LENGTH);
        assertIntFails(CUSTOMER_LENGTH, ORDER_LENGTH - CUSTOMER_BYTES + 1, "Order.customer", CUSTOMER_LENGTH);
    }

    @Example
    void badMarkersNameTheirField()
    {
        assertByteFails(LINE_0_PRICE_PRESENCE, 7, "Order.lines[0].price", LINE_0_PRICE_PRESENCE);
        assertByteFails(TAG_0_VALUE_PRESENCE, -1, "Order.tags[0].value", TAG_0_VALUE_PRESENCE);
        assertByteFails(SIDE_TAG, 3, "Order.side", SIDE_TAG);
        assertByteFails(LINES_COUNT + 4, 2, "Order.lines[0]", LINES_COUNT + 4);
    }

    @Example
    void unknownEnumNameFails()
    {
        final CodecException ex = assertByteFails(SIDE_NAME, 'X', "Order.side", SIDE_NAME_LENGTH);
        assertTrue(ex.getMessage().contains("XELL"), ex.getMessage());
    }

    @Example
    void malformedUtf8Fails()
    {
        assertByteFails(CUSTOMER_BYTES + 1, 0xFF, "Order.customer", CUSTOMER_BYTES + 1);
        assertByteFails(CUSTOMER_BYTES, 0xC0, "Order.customer", CUSTOMER_BYTES);
        assertByteFails(CUSTOMER_BYTES + 2, 0xE2, "Order.customer", CUSTOMER_BYTES + 2);
        assertByteFails(CUSTOMER_BYTES, 0x80, "Order.customer", CUSTOMER_BYTES);
    }

    @Example
    void trailingBytesFail()
    {
        final UnsafeBuffer buffer = encodedOrder();
        final CodecException ex = assertThrows(
            CodecException.class, () -> ORDERS.decode(buffer, BASE, ORDER_LENGTH + 1));
        assertEquals("Order", ex.field());
        assertEquals(BASE + ORDER_LENGTH, ex.offset());
    }

    @Example
    void lengthOutsideTheBufferFails()
    {
        final UnsafeBuffer buffer = encodedOrder();
        assertEquals("Order", assertThrows(
            CodecException.class, () -> ORDERS.decode(buffer, BASE, buffer.capacity())).field());
        assertEquals("Order", assertThrows(
            CodecException.class, () -> ORDERS.decode(buffer, -1, 10)).field());
        assertEquals("Order", assertThrows(
            CodecException.class, () -> ORDERS.decode(buffer, BASE, -1)).field());
        assertEquals("Order", assertThrows(
            CodecException.class, () -> ORDERS.decode(buffer, Integer.MAX_VALUE, 10)).field());
    }

    @Example
    void repeatedMapKeyFails()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final Map<String, Integer> tags = new LinkedHashMap<>();
        tags.put("a", 1);
        tags.put("b", 2);
        final int length = ORDERS.encode(new Order(1, null, null, tags, null), buffer, 0);
        final int secondKey = 8 + 4 + 4 + 4 + 5 + 5;
        assertEquals('b', buffer.getByte(secondKey + 4));
        buffer.putByte(secondKey + 4, (byte)'a');

        final CodecException ex = assertThrows(CodecException.class, () -> ORDERS.decode(buffer, 0, length));
        assertEquals("Order.tags[1].key", ex.field());
        assertEquals(secondKey, ex.offset());
    }

    @Example
    void constructorRejectionBecomesCodecException()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final RecordCodec<RawAccount> raw = RecordCodec.of(RawAccount.class, 3, 1);
        final RecordCodec<Account> checked = RecordCodec.of(Account.class, 3, 1);
        final int length = raw.encode(new RawAccount("x", -5), buffer, 4);

        final CodecException ex = assertThrows(CodecException.class, () -> checked.decode(buffer, 4, length));
        assertEquals("Account", ex.field());
        assertEquals(4, ex.offset());
        assertInstanceOf(IllegalArgumentException.class, ex.getCause());

        final RecordCodec<RawBank> rawBanks = RecordCodec.of(RawBank.class, 4, 1);
        final RecordCodec<Bank> banks = RecordCodec.of(Bank.class, 4, 1);
        final int bankLength = rawBanks.encode(
            new RawBank(List.of(new RawAccount("ok", 1), new RawAccount("no", -1))), buffer, 0);
        final CodecException nested = assertThrows(CodecException.class, () -> banks.decode(buffer, 0, bankLength));
        assertEquals("Bank.accounts[1]", nested.field());
        assertEquals(4 + 1 + 4 + 2 + 8, nested.offset());
    }

    @Property(tries = 400)
    void randomBytesOnlyEverFailWithCodecException(@ForAll @Size(max = 160) final byte[] bytes)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[bytes.length + 8]);
        buffer.putBytes(3, bytes);
        decodeOrCodecException(ORDERS, buffer, 3, bytes.length);
        decodeOrCodecException(EVERYTHING, buffer, 3, bytes.length);
    }

    @Property(tries = 400)
    void corruptedIntsOnlyEverFailWithCodecException(
        @ForAll("everything") final Everything value,
        @ForAll @IntRange(min = 0, max = 10_000) final int position,
        @ForAll("hostileInts") final int hostile)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = EVERYTHING.encode(value, buffer, 1);
        final int at = 1 + position % Math.max(1, length - 3);
        buffer.putInt(at, hostile, ByteOrder.LITTLE_ENDIAN);
        decodeOrCodecException(EVERYTHING, buffer, 1, length);
    }

    @Property(tries = 300)
    void flippedBytesOnlyEverFailWithCodecException(
        @ForAll("everything") final Everything value,
        @ForAll @IntRange(min = 0, max = 10_000) final int position,
        @ForAll final byte flip)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = EVERYTHING.encode(value, buffer, 0);
        final int at = position % length;
        buffer.putByte(at, (byte)(buffer.getByte(at) ^ flip));
        decodeOrCodecException(EVERYTHING, buffer, 0, length);
    }

    @Provide
    Arbitrary<Everything> everything()
    {
        return RecordFixtures.everything();
    }

    @Provide
    Arbitrary<Integer> hostileInts()
    {
        return Arbitraries.oneOf(
            Arbitraries.of(Integer.MAX_VALUE, Integer.MIN_VALUE, -1, -2, 0, 1, 0x7FFF_FFF0, 0x1000_0000, 0xFFFF),
            Arbitraries.integers());
    }

    private static void assertIntFails(final int relative, final int value, final String field, final int offset)
    {
        final UnsafeBuffer buffer = encodedOrder();
        buffer.putInt(BASE + relative, value, ByteOrder.LITTLE_ENDIAN);
        final CodecException ex = assertThrows(
            CodecException.class, () -> ORDERS.decode(buffer, BASE, ORDER_LENGTH), field + " = " + value);
        assertEquals(field, ex.field(), ex.getMessage());
        assertEquals(BASE + offset, ex.offset(), ex.getMessage());
    }

    private static CodecException assertByteFails(
        final int relative, final int value, final String field, final int offset)
    {
        final UnsafeBuffer buffer = encodedOrder();
        buffer.putByte(BASE + relative, (byte)value);
        final CodecException ex = assertThrows(
            CodecException.class, () -> ORDERS.decode(buffer, BASE, ORDER_LENGTH), field + " = " + value);
        assertEquals(field, ex.field(), ex.getMessage());
        assertEquals(BASE + offset, ex.offset(), ex.getMessage());
        return ex;
    }

    private static void decodeOrCodecException(
        final RecordCodec<?> codec, final DirectBuffer buffer, final int offset, final int length)
    {
        try
        {
            assertNotNull(codec.decode(buffer, offset, length));
        }
        catch (final CodecException ex)
        {
            assertNotNull(ex.field());
            assertTrue(ex.offset() >= offset && ex.offset() <= offset + length, ex.getMessage());
        }
        catch (final Throwable t)
        {
            fail("decode threw " + t + " instead of a CodecException", t);
        }
    }
}
