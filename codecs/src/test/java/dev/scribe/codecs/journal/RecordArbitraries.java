package dev.scribe.codecs.journal;

import dev.scribe.codecs.journal.RecordFixtures.AggregateSpec;
import dev.scribe.codecs.journal.RecordFixtures.EventSpec;
import dev.scribe.codecs.journal.RecordFixtures.RecordSpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ArbitrarySupplier;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;

import java.util.List;

import static dev.scribe.codecs.journal.RecordFixtures.payload;

/**
 * jqwik generators of valid journal records: ids and keys from every UTF-8 length class (surrogate pairs included),
 * extreme longs and ints, event versions over the whole u16 range, and payloads of up to 2 KiB.
 */
final class RecordArbitraries
{
    static final int MAX_AGGREGATES = 8;
    static final int MAX_EVENTS = 12;
    static final int MAX_PAYLOAD = 2048;

    private RecordArbitraries()
    {
    }

    /**
     * For {@code @ForAll(supplier = Records.class)}.
     */
    static final class Records implements ArbitrarySupplier<RecordSpec>
    {
        @Override
        public Arbitrary<RecordSpec> get()
        {
            return records();
        }
    }

    static Arbitrary<RecordSpec> records()
    {
        final Arbitrary<List<AggregateSpec>> aggregates = Combinators.combine(ids(), longs())
            .as(AggregateSpec::new)
            .list().ofMaxSize(MAX_AGGREGATES).withSizeDistribution(RandomDistribution.uniform());
        final Arbitrary<Body> bodies = aggregates.flatMap(list -> list.isEmpty() ?
            Arbitraries.just(new Body(list, List.of())) :
            events(list.size()).list().ofMaxSize(MAX_EVENTS).withSizeDistribution(RandomDistribution.uniform())
                .map(events -> new Body(list, events)));
        return Combinators.combine(longs(), longs(), longs(), longs(), bodies, ids().injectNull(0.3))
            .as((epoch, timestampNs, correlationId, causationId, body, key) -> new RecordSpec(
                epoch, timestampNs, correlationId, causationId, body.aggregates(), body.events(), key));
    }

    private record Body(List<AggregateSpec> aggregates, List<EventSpec> events)
    {
    }

    static Arbitrary<Long> longs()
    {
        return Arbitraries.oneOf(List.of(
            Arbitraries.longs(),
            Arbitraries.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, -1L, 0L, 1L, Long.MAX_VALUE - 1, Long.MAX_VALUE)));
    }

    static Arbitrary<EventSpec> events(final int aggregateCount)
    {
        return Combinators.combine(
            Arbitraries.integers().between(0, aggregateCount - 1),
            Arbitraries.oneOf(List.of(
                Arbitraries.integers(),
                Arbitraries.of(Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE))),
            Arbitraries.integers().between(0, 0xFFFF),
            Arbitraries.integers().between(0, MAX_PAYLOAD),
            Arbitraries.longs())
            .as((index, typeId, version, length, seed) -> new EventSpec(
                index, typeId, version, payload(length, seed)));
    }

    /**
     * Ids of up to 256 code points (at most {@link RecordWriter#MAX_ID_BYTES} UTF-8 bytes) from every UTF-8 length
     * class, including supplementary characters written as surrogate pairs, and the empty id.
     *
     * @return the generator.
     */
    static Arbitrary<String> ids()
    {
        final Arbitrary<Integer> codePoints = Arbitraries.oneOf(List.of(
            Arbitraries.integers().between(0x20, 0x7E),
            Arbitraries.integers().between(0x00, 0x7F),
            Arbitraries.integers().between(0x80, 0x7FF),
            Arbitraries.integers().between(0x800, 0xFFFF).filter(c -> c < 0xD800 || c > 0xDFFF),
            Arbitraries.integers().between(0x10000, 0x10FFFF),
            Arbitraries.of(0x00, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F600,
                0x10FFFF)));
        return codePoints.list().ofMaxSize(256).map(RecordArbitraries::fromCodePoints);
    }

    private static String fromCodePoints(final List<Integer> codePoints)
    {
        final StringBuilder builder = new StringBuilder(codePoints.size() * 2);
        for (final int codePoint : codePoints)
        {
            builder.appendCodePoint(codePoint);
        }
        return builder.toString();
    }
}
