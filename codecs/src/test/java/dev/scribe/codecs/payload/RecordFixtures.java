package dev.scribe.codecs.payload;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Records covering every supported kind of component, and jqwik arbitraries for them.
 */
final class RecordFixtures
{
    private RecordFixtures()
    {
    }

    enum Colour
    {
        RED,
        GREEN,
        BLUE
        {
            @Override
            public String toString()
            {
                return "blue, a constant with a body";
            }
        },
        ÜBERGRÜN
    }

    /**
     * Every primitive; float and double compare by raw bits so NaN payloads must survive.
     */
    record Primitives(boolean z, byte b, short s, char c, int i, long l, float f, double d)
    {
        @Override
        public boolean equals(final Object other)
        {
            return other instanceof Primitives that && z == that.z && b == that.b && s == that.s && c == that.c &&
                i == that.i && l == that.l && Float.floatToRawIntBits(f) == Float.floatToRawIntBits(that.f) &&
                Double.doubleToRawLongBits(d) == Double.doubleToRawLongBits(that.d);
        }

        @Override
        public int hashCode()
        {
            return Objects.hash(z, b, s, c, i, l, Float.floatToRawIntBits(f), Double.doubleToRawLongBits(d));
        }
    }

    /**
     * Every box, each possibly null; Float and Double compare by raw bits.
     */
    record Boxes(Boolean z, Byte b, Short s, Character c, Integer i, Long l, Float f, Double d)
    {
        @Override
        public boolean equals(final Object other)
        {
            return other instanceof Boxes that && Objects.equals(z, that.z) && Objects.equals(b, that.b) &&
                Objects.equals(s, that.s) && Objects.equals(c, that.c) && Objects.equals(i, that.i) &&
                Objects.equals(l, that.l) && Objects.equals(bits(f), bits(that.f)) &&
                Objects.equals(bits(d), bits(that.d));
        }

        @Override
        public int hashCode()
        {
            return Objects.hash(z, b, s, c, i, l, bits(f), bits(d));
        }

        private static Integer bits(final Float value)
        {
            return null == value ? null : Float.floatToRawIntBits(value);
        }

        private static Long bits(final Double value)
        {
            return null == value ? null : Double.doubleToRawLongBits(value);
        }
    }

    /**
     * The other leaf types; byte[] compares by content.
     */
    record Leaves(String text, Colour colour, byte[] bytes, UUID uuid, Instant instant)
    {
        @Override
        public boolean equals(final Object other)
        {
            return other instanceof Leaves that && Objects.equals(text, that.text) && colour == that.colour &&
                Arrays.equals(bytes, that.bytes) && Objects.equals(uuid, that.uuid) &&
                Objects.equals(instant, that.instant);
        }

        @Override
        public int hashCode()
        {
            return Objects.hash(text, colour, Arrays.hashCode(bytes), uuid, instant);
        }

        @Override
        public String toString()
        {
            return "Leaves[" + text + ", " + colour + ", " + Arrays.toString(bytes) + ", " + uuid + ", " + instant +
                "]";
        }
    }

    record Nested(Primitives primitives, Boxes boxes, Leaves leaves)
    {
    }

    record Lists(
        List<String> strings,
        List<Long> longs,
        List<Nested> nested,
        List<List<Integer>> lists,
        List<Optional<Colour>> colours,
        List<byte[]> blobs)
    {
        @Override
        public boolean equals(final Object other)
        {
            return other instanceof Lists that && Objects.equals(strings, that.strings) &&
                Objects.equals(longs, that.longs) && Objects.equals(nested, that.nested) &&
                Objects.equals(lists, that.lists) && Objects.equals(colours, that.colours) &&
                sameBlobs(blobs, that.blobs);
        }

        @Override
        public int hashCode()
        {
            return Objects.hash(strings, longs, nested, lists, colours, null == blobs ? -1 : blobs.size());
        }

        private static boolean sameBlobs(final List<byte[]> a, final List<byte[]> b)
        {
            if (null == a || null == b)
            {
                return a == b;
            }
            if (a.size() != b.size())
            {
                return false;
            }
            for (int i = 0; i < a.size(); i++)
            {
                if (!Arrays.equals(a.get(i), b.get(i)))
                {
                    return false;
                }
            }
            return true;
        }
    }

    record Maps(
        Map<String, List<Long>> index,
        List<Map<String, List<Long>>> deep,
        Map<Colour, Primitives> byColour,
        Map<UUID, Instant> times,
        Map<Integer, Optional<String>> notes)
    {
    }

    record Optionals(
        Optional<String> text,
        Optional<Nested> nested,
        Optional<List<Integer>> numbers,
        Optional<Optional<Long>> twice,
        Optional<Map<String, Boxes>> boxes)
    {
    }

    record Everything(
        Primitives primitives,
        Boxes boxes,
        Leaves leaves,
        Nested nested,
        Lists lists,
        Maps maps,
        Optionals optionals)
    {
    }

    static Arbitrary<String> strings()
    {
        final Arbitrary<Integer> codePoints = Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.integers().between(0, 0x7F)),
            Tuple.of(2, Arbitraries.integers().between(0x80, 0x7FF)),
            Tuple.of(2, Arbitraries.integers().between(0x800, 0xFFFF).filter((cp) -> !isSurrogate(cp))),
            Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10FFFF)));
        final Arbitrary<String> unicode = codePoints.list().ofMaxSize(24).map(RecordFixtures::fromCodePoints);
        return Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just("")),
            Tuple.of(3, Arbitraries.strings().ascii().ofMaxLength(24)),
            Tuple.of(4, unicode),
            Tuple.of(1, Arbitraries.of("\uD83D\uDE00", "é", "\u0000", "\uFFFF", "\uD800\uDC00", "\uDBFF\uDFFF")));
    }

    private static boolean isSurrogate(final int codePoint)
    {
        return codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
    }

    private static String fromCodePoints(final List<Integer> codePoints)
    {
        final StringBuilder builder = new StringBuilder();
        codePoints.forEach(builder::appendCodePoint);
        return builder.toString();
    }

    static Arbitrary<Float> floats()
    {
        return Arbitraries.oneOf(
            Arbitraries.integers().map(Float::intBitsToFloat),
            Arbitraries.of(Float.NaN, Float.intBitsToFloat(0x7FC0_1234), Float.intBitsToFloat(0xFF80_0001),
                -0.0f, 0.0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY));
    }

    static Arbitrary<Double> doubles()
    {
        return Arbitraries.oneOf(
            Arbitraries.longs().map(Double::longBitsToDouble),
            Arbitraries.of(Double.NaN, Double.longBitsToDouble(0x7FF8_0000_0000_BEEFL),
                Double.longBitsToDouble(0xFFF0_0000_0000_0001L), -0.0, 0.0, Double.MIN_VALUE, Double.MAX_VALUE,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
    }

    static Arbitrary<Character> chars()
    {
        return Arbitraries.integers().between(0, 0xFFFF).map((c) -> (char)c.intValue());
    }

    static Arbitrary<Primitives> primitives()
    {
        return Combinators.combine(
            Arbitraries.of(true, false), Arbitraries.bytes(), Arbitraries.shorts(), chars(),
            Arbitraries.integers(), Arbitraries.longs(), floats(), doubles())
            .as(Primitives::new);
    }

    static Arbitrary<Boxes> boxes()
    {
        final double nulls = 0.2;
        return Combinators.combine(
            Arbitraries.of(true, false).injectNull(nulls), Arbitraries.bytes().injectNull(nulls),
            Arbitraries.shorts().injectNull(nulls), chars().injectNull(nulls),
            Arbitraries.integers().injectNull(nulls), Arbitraries.longs().injectNull(nulls),
            floats().injectNull(nulls), doubles().injectNull(nulls))
            .as(Boxes::new);
    }

    static Arbitrary<UUID> uuids()
    {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new);
    }

    static Arbitrary<Instant> instants()
    {
        return Combinators.combine(
            Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
            Arbitraries.integers().between(0, 999_999_999))
            .as(Instant::ofEpochSecond);
    }

    static Arbitrary<byte[]> blobs()
    {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
    }

    static Arbitrary<Leaves> leaves()
    {
        final double nulls = 0.15;
        return Combinators.combine(
            strings().injectNull(nulls), Arbitraries.of(Colour.class).injectNull(nulls), blobs().injectNull(nulls),
            uuids().injectNull(nulls), instants().injectNull(nulls))
            .as(Leaves::new);
    }

    static Arbitrary<Nested> nested()
    {
        return Combinators.combine(primitives().injectNull(0.1), boxes().injectNull(0.1), leaves().injectNull(0.1))
            .as(Nested::new);
    }

    static Arbitrary<Lists> lists()
    {
        final Arbitrary<List<Long>> longs = Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.longs().injectNull(0.1).list().ofMaxSize(8)),
            Tuple.of(1, Arbitraries.longs().list().ofMinSize(500).ofMaxSize(2000)));
        return Combinators.combine(
            strings().injectNull(0.1).list().ofMaxSize(6).injectNull(0.1),
            longs.injectNull(0.1),
            nested().injectNull(0.1).list().ofMaxSize(3).injectNull(0.1),
            Arbitraries.integers().injectNull(0.1).list().ofMaxSize(4).injectNull(0.1).list().ofMaxSize(4),
            Arbitraries.of(Colour.class).injectNull(0.2).optional().injectNull(0.1).list().ofMaxSize(5),
            blobs().injectNull(0.1).list().ofMaxSize(3).injectNull(0.1))
            .as(Lists::new);
    }

    static Arbitrary<Maps> maps()
    {
        final Arbitrary<Map<String, List<Long>>> index = Arbitraries.maps(
            strings(), Arbitraries.longs().list().ofMaxSize(4).injectNull(0.1)).ofMaxSize(4);
        return Combinators.combine(
            index.injectNull(0.1),
            index.list().ofMaxSize(3).injectNull(0.1),
            Arbitraries.maps(Arbitraries.of(Colour.class), primitives().injectNull(0.1)).ofMaxSize(4),
            Arbitraries.maps(uuids(), instants().injectNull(0.1)).ofMaxSize(3).injectNull(0.1),
            Arbitraries.maps(Arbitraries.integers(), strings().injectNull(0.3).optional()).ofMaxSize(3))
            .as(Maps::new);
    }

    static Arbitrary<Optionals> optionals()
    {
        return Combinators.combine(
            strings().injectNull(0.3).optional().injectNull(0.1),
            nested().injectNull(0.3).optional().injectNull(0.1),
            Arbitraries.integers().injectNull(0.1).list().ofMaxSize(3).injectNull(0.3).optional().injectNull(0.1),
            Arbitraries.longs().injectNull(0.3).optional().injectNull(0.3).optional().injectNull(0.1),
            Arbitraries.maps(strings(), boxes().injectNull(0.2)).ofMaxSize(2).injectNull(0.3).optional())
            .as(Optionals::new);
    }

    static Arbitrary<Everything> everything()
    {
        return Combinators.combine(
            primitives(), boxes().injectNull(0.05), leaves().injectNull(0.05), nested().injectNull(0.05),
            lists().injectNull(0.05), maps().injectNull(0.05), optionals().injectNull(0.05))
            .as(Everything::new);
    }
}
