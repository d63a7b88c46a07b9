package dev.scribe.codecs.payload;

import dev.scribe.codecs.CodecException;
import dev.scribe.codecs.payload.RecordFixtures.Boxes;
import dev.scribe.codecs.payload.RecordFixtures.Colour;
import dev.scribe.codecs.payload.RecordFixtures.Everything;
import dev.scribe.codecs.payload.RecordFixtures.Leaves;
import dev.scribe.codecs.payload.RecordFixtures.Maps;
import dev.scribe.codecs.payload.RecordFixtures.Primitives;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordCodecRoundTripTest
{
    private static final RecordCodec<Everything> EVERYTHING = RecordCodec.of(Everything.class, 1, 1);
    private static final RecordCodec<Primitives> PRIMITIVES = RecordCodec.of(Primitives.class, 2, 1);
    private static final RecordCodec<Boxes> BOXES = RecordCodec.of(Boxes.class, 3, 1);
    private static final RecordCodec<Leaves> LEAVES = RecordCodec.of(Leaves.class, 4, 1);
    private static final RecordCodec<Maps> MAPS = RecordCodec.of(Maps.class, 5, 1);

    record Deposit(long account, String note, List<Integer> lots)
    {
    }

    private record Empty()
    {
    }

    private record Grumpy(int mood, String name)
    {
        @Override
        public String name()
        {
            throw new IllegalStateException("not today");
        }
    }

    private record Keyed(Map<String, Long> values, List<Empty> empties)
    {
    }

    @Property(tries = 300)
    void everythingRoundTripsAtAnyOffset(
        @ForAll("everything") final Everything value,
        @ForAll @IntRange(min = 1, max = 77) final int offset,
        @ForAll final boolean direct)
    {
        final MutableDirectBuffer buffer = direct ? new ExpandableDirectByteBuffer(8) : new ExpandableArrayBuffer(8);
        final int length = EVERYTHING.encode(value, buffer, offset);

        assertEquals(value, EVERYTHING.decode(buffer, offset, length));
        assertCanonical(EVERYTHING, value, buffer, offset, length);
    }

    @Property(tries = 200)
    void primitivesKeepEveryBit(
        @ForAll("primitives") final Primitives value, @ForAll @IntRange(min = 1, max = 33) final int offset)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1);
        final int length = PRIMITIVES.encode(value, buffer, offset);

        assertEquals(1 + 1 + 2 + 2 + 4 + 8 + 4 + 8, length);
        assertEquals(value, PRIMITIVES.decode(buffer, offset, length));
    }

    @Property(tries = 200)
    void boxesAndLeavesRoundTrip(
        @ForAll("boxes") final Boxes boxes,
        @ForAll("leaves") final Leaves leaves,
        @ForAll @IntRange(min = 1, max = 33) final int offset)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1);
        final int boxesLength = BOXES.encode(boxes, buffer, offset);
        final int leavesLength = LEAVES.encode(leaves, buffer, offset + boxesLength);

        assertEquals(boxes, BOXES.decode(buffer, offset, boxesLength));
        assertEquals(leaves, LEAVES.decode(buffer, offset + boxesLength, leavesLength));
    }

    @Property(tries = 100)
    void mapsDecodeInEncodedOrder(@ForAll("maps") final Maps value)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1);
        final Maps decoded = MAPS.decode(buffer, 3, MAPS.encode(value, buffer, 3));

        assertEquals(value, decoded);
        assertEquals(new ArrayList<>(value.byColour().keySet()), new ArrayList<>(decoded.byColour().keySet()));
        assertInstanceOf(LinkedHashMap.class, decoded.byColour());
    }

    @Example
    void encodesTheDocumentedExampleBytes()
    {
        final RecordCodec<Deposit> codec = RecordCodec.of(Deposit.class, 9, 1);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = codec.encode(new Deposit(7, "hi", List.of(5)), buffer, 0);

        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        assertArrayEquals(new byte[]{
            7, 0, 0, 0, 0, 0, 0, 0,
            2, 0, 0, 0, 'h', 'i',
            1, 0, 0, 0, 1, 5, 0, 0, 0 }, bytes);
    }

    @Example
    void allNullsRoundTrip()
    {
        final Everything value = new Everything(
            new Primitives(false, (byte)0, (short)0, '\0', 0, 0, 0, 0), null, null, null, null, null, null);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(8);
        final int length = EVERYTHING.encode(value, buffer, 5);

        assertEquals(30 + 1 + 6, length);
        assertEquals(value, EVERYTHING.decode(buffer, 5, length));
    }

    @Example
    void nullKeysValuesAndEmptyRecordsRoundTrip()
    {
        final Map<String, Long> values = new HashMap<>();
        values.put(null, 1L);
        values.put("none", null);
        final List<Empty> empties = new ArrayList<>();
        empties.add(new Empty());
        empties.add(null);
        final Keyed value = new Keyed(values, empties);
        final RecordCodec<Keyed> codec = RecordCodec.of(Keyed.class, 6, 1);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(8);

        assertEquals(value, codec.decode(buffer, 1, codec.encode(value, buffer, 1)));
        assertEquals(0, RecordCodec.of(Empty.class, 7, 1).encode(new Empty(), buffer, 0));
        assertEquals(new Empty(), RecordCodec.of(Empty.class, 7, 1).decode(buffer, 0, 0));
    }

    @Example
    void localRecordsWork()
    {
        record Local(int x, List<String> names)
        {
        }

        final RecordCodec<Local> codec = RecordCodec.of(Local.class, 10, 1);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(8);
        final Local value = new Local(-1, List.of("é", ""));
        assertEquals(value, codec.decode(buffer, 7, codec.encode(value, buffer, 7)));
    }

    @Example
    void decodedListsAndMapsAreMutable()
    {
        final Keyed value = new Keyed(Map.of("a", 1L), List.of(new Empty()));
        final RecordCodec<Keyed> codec = RecordCodec.of(Keyed.class, 6, 1);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(8);
        final Keyed decoded = codec.decode(buffer, 0, codec.encode(value, buffer, 0));

        decoded.values().put("b", 2L);
        decoded.empties().add(null);
        assertInstanceOf(ArrayList.class, decoded.empties());
    }

    @Example
    void linkedListsEncodeLikeArrayLists()
    {
        final RecordCodec<Deposit> codec = RecordCodec.of(Deposit.class, 9, 1);
        final ExpandableArrayBuffer linked = new ExpandableArrayBuffer(8);
        final ExpandableArrayBuffer array = new ExpandableArrayBuffer(8);
        final int length = codec.encode(new Deposit(1, null, new LinkedList<>(Arrays.asList(1, null, 3))), linked, 0);

        assertEquals(length, codec.encode(new Deposit(1, null, Arrays.asList(1, null, 3)), array, 0));
        for (int i = 0; i < length; i++)
        {
            assertEquals(array.getByte(i), linked.getByte(i));
        }
        assertEquals(Arrays.asList(1, null, 3), codec.decode(linked, 0, length).lots());
    }

    @Example
    void enumsAreWrittenByName()
    {
        final Leaves value = new Leaves(null, Colour.ÜBERGRÜN, null, new UUID(1, 2), Instant.MAX);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(8);
        final int length = LEAVES.encode(value, buffer, 0);

        assertEquals("ÜBERGRÜN".getBytes(StandardCharsets.UTF_8).length, buffer.getInt(4,
            ByteOrder.LITTLE_ENDIAN));
        assertEquals(value, LEAVES.decode(buffer, 0, length));
        assertEquals(Colour.BLUE, LEAVES.decode(buffer, 0, LEAVES.encode(
            new Leaves(null, Colour.BLUE, null, null, null), buffer, 0)).colour());
    }

    @Property(tries = 50)
    void fixedBufferTooSmallFailsWithCodecException(@ForAll("everything") final Everything value)
    {
        final ExpandableArrayBuffer expandable = new ExpandableArrayBuffer(8);
        final int length = EVERYTHING.encode(value, expandable, 0);
        for (int capacity = 0; capacity < length; capacity += Math.max(1, length / 40))
        {
            final UnsafeBuffer fixed = new UnsafeBuffer(new byte[capacity]);
            final CodecException ex = assertThrows(CodecException.class, () -> EVERYTHING.encode(value, fixed, 0));
            assertTrue(ex.getMessage().contains("buffer too small"), ex.getMessage());
            assertTrue(ex.offset() >= 0 && ex.offset() <= capacity, ex.getMessage());
        }
        final UnsafeBuffer exact = new UnsafeBuffer(new byte[length]);
        assertEquals(length, EVERYTHING.encode(value, exact, 0));
        assertEquals(value, EVERYTHING.decode(exact, 0, length));
    }

    @Example
    void rejectsValuesItCannotEncode()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(8);
        final RecordCodec<Deposit> codec = RecordCodec.of(Deposit.class, 9, 1);

        final CodecException surrogate = assertThrows(
            CodecException.class, () -> codec.encode(new Deposit(1, "a\uD800b", null), buffer, 2));
        assertEquals("Deposit.note", surrogate.field());
        assertEquals(2 + 8, surrogate.offset());

        final CodecException nullValue = assertThrows(CodecException.class, () -> codec.encode(null, buffer, 0));
        assertEquals("Deposit", nullValue.field());

        final CodecException negativeOffset = assertThrows(
            CodecException.class, () -> codec.encode(new Deposit(1, null, null), buffer, -1));
        assertEquals("Deposit", negativeOffset.field());
    }

    @Example
    void accessorFailureBecomesCodecException()
    {
        final RecordCodec<Grumpy> codec = RecordCodec.of(Grumpy.class, 11, 1);
        final CodecException ex = assertThrows(
            CodecException.class, () -> codec.encode(new Grumpy(1, "x"), new ExpandableArrayBuffer(8), 3));
        assertEquals("Grumpy.name", ex.field());
        assertEquals(3 + 4, ex.offset());
        assertInstanceOf(IllegalStateException.class, ex.getCause());
    }

    @Example
    @SuppressWarnings({ "unchecked", "rawtypes" })
    void rejectsElementsOfTheWrongTypeWithTheirPath()
    {
        final List polluted = new ArrayList();
        polluted.add(1);
        polluted.add("two");
        final RecordCodec<Deposit> codec = RecordCodec.of(Deposit.class, 9, 1);

        final CodecException ex = assertThrows(
            CodecException.class, () -> codec.encode(new Deposit(1, null, polluted), new ExpandableArrayBuffer(8), 0));
        assertEquals("Deposit.lots[1]", ex.field());
        assertEquals(8 + 4 + 4 + 5, ex.offset());
    }

    @Example
    void emptyOptionalDiffersFromNullOptional()
    {
        final RecordFixtures.Optionals empty = new RecordFixtures.Optionals(
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(Optional.empty()), Optional.empty());
        final RecordFixtures.Optionals nulls = new RecordFixtures.Optionals(null, null, null, null, null);
        final RecordCodec<RecordFixtures.Optionals> codec = RecordCodec.of(RecordFixtures.Optionals.class, 8, 1);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(8);

        assertEquals(empty, codec.decode(buffer, 0, codec.encode(empty, buffer, 0)));
        final RecordFixtures.Optionals decodedNulls = codec.decode(buffer, 0, codec.encode(nulls, buffer, 0));
        assertNull(decodedNulls.text());
        assertEquals(nulls, decodedNulls);
    }

    private static <T extends Record> void assertCanonical(
        final RecordCodec<T> codec, final T value, final MutableDirectBuffer buffer, final int offset, final int length)
    {
        final ExpandableArrayBuffer again = new ExpandableArrayBuffer(length);
        assertEquals(length, codec.encode(codec.decode(buffer, offset, length), again, 0));
        final byte[] expected = new byte[length];
        final byte[] actual = new byte[length];
        buffer.getBytes(offset, expected);
        again.getBytes(0, actual);
        assertArrayEquals(expected, actual, () -> "re-encoding " + value);
    }

    @Provide
    Arbitrary<Everything> everything()
    {
        return RecordFixtures.everything();
    }

    @Provide
    Arbitrary<Primitives> primitives()
    {
        return RecordFixtures.primitives();
    }

    @Provide
    Arbitrary<Boxes> boxes()
    {
        return RecordFixtures.boxes();
    }

    @Provide
    Arbitrary<Leaves> leaves()
    {
        return RecordFixtures.leaves();
    }

    @Provide
    Arbitrary<Maps> maps()
    {
        return RecordFixtures.maps();
    }
}
