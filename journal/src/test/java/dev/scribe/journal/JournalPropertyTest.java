package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordView;
import dev.scribe.codecs.journal.RecordWriter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random records appended to a real journal, in batches of random sizes that share documents of random sizes, come
 * back the same read forward, backward, by page, by replay, by tailer from any position and by lookup.
 */
class JournalPropertyTest
{
    /** One record's contents: payloads of its events (aggregate ids and header fields derive from its index). */
    record Batch(List<byte[]> payloads, String key)
    {
    }

    @Provide
    Arbitrary<List<Batch>> batches()
    {
        final Arbitrary<byte[]> payload = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        final Arbitrary<String> key = Arbitraries.strings().ofMaxLength(40).injectNull(0.3);
        return Combinators.combine(payload.list().ofMaxSize(5), key).as(Batch::new).list().ofMinSize(1).ofMaxSize(120);
    }

    @Property(tries = 25)
    void everyReadGivesBackWhatWasAppended(
        @ForAll("batches") final List<Batch> batches, @ForAll @IntRange(min = 1, max = 17) final int pageSize,
        @ForAll @IntRange(min = 1, max = 40) final int batchSize,
        @ForAll @IntRange(min = 1, max = 20) final int perDocument, @ForAll final boolean firstFormat)
        throws IOException
    {
        final Path dir = Files.createTempDirectory("journal-property");
        final JournalContext context = new JournalContext().directory(dir).maxBatchRecords(perDocument)
            .newJournalFormat(firstFormat ? JournalFormat.V1 : JournalFormat.V2);
        try (Journal journal = Journal.open(context))
        {
            final RecordWriter writer = new RecordWriter(64);
            final List<Long> positions = new ArrayList<>();
            for (int i = 0; i < batches.size(); i++)
            {
                if (0 == i % batchSize)
                {
                    journal.beginBatch();
                }
                positions.add(journal.append(write(writer, i, batches.get(i))));
                if (batchSize - 1 == i % batchSize)
                {
                    journal.commitBatch();
                }
            }
            journal.commitBatch();
            for (int i = 1; i < positions.size(); i++)
            {
                assertEquals(positions.get(i - 1) + 1, positions.get(i), "positions follow one another in a cycle");
            }

            final List<Long> forward = new ArrayList<>();
            long cursor = Journal.NULL_POSITION;
            JournalPage page;
            do
            {
                page = journal.readForward(cursor, pageSize);
                for (final JournalEntry entry : page.entries())
                {
                    check(entry.view(), forward.size(), batches.get(forward.size()));
                    forward.add(entry.position());
                }
                cursor = page.nextCursor();
            }
            while (!page.end());
            assertEquals(positions, forward);

            final List<Long> backward = new ArrayList<>();
            cursor = Journal.NULL_POSITION;
            do
            {
                page = journal.readBackward(cursor, pageSize);
                for (final JournalEntry entry : page.entries())
                {
                    final int index = batches.size() - 1 - backward.size();
                    check(entry.view(), index, batches.get(index));
                    backward.add(entry.position());
                }
                cursor = page.nextCursor();
            }
            while (!page.end());
            Collections.reverse(backward);
            assertEquals(positions, backward);

            final List<Long> replayed = new ArrayList<>();
            journal.replay(Journal.NULL_POSITION, (position, record) ->
            {
                check(record, replayed.size(), batches.get(replayed.size()));
                replayed.add(position);
            });
            assertEquals(positions, replayed);

            final int start = batches.size() / 2;
            final List<Long> tailed = new ArrayList<>();
            try (JournalTailer tailer = journal.tailer(positions.get(start)))
            {
                while (tailer.poll((position, record) ->
                {
                    check(record, start + tailed.size(), batches.get(start + tailed.size()));
                    tailed.add(position);
                }, pageSize) > 0)
                {
                    assertEquals(tailer.position() > positions.get(start + tailed.size() - 1), true);
                }
            }
            assertEquals(positions.subList(start, positions.size()), tailed);

            checkLookups(journal, batches, positions, pageSize);
        }
        finally
        {
            delete(dir);
        }
    }

    /** Every record by lookup in a random order, and replays and backward pages from positions all over. */
    private static void checkLookups(
        final Journal journal, final List<Batch> batches, final List<Long> positions, final int pageSize)
    {
        final List<Integer> order = new ArrayList<>();
        for (int i = 0; i < positions.size(); i++)
        {
            order.add(i);
        }
        Collections.shuffle(order, new Random(batches.size() * 31L + pageSize));
        try (JournalTailer lookup = journal.tailer(Journal.NULL_POSITION))
        {
            for (final int i : order)
            {
                final long[] seen = {Journal.NULL_POSITION};
                assertEquals(true, lookup.readAt(positions.get(i), (position, record) ->
                {
                    check(record, i, batches.get(i));
                    seen[0] = position;
                }), "a record at " + positions.get(i));
                assertEquals(positions.get(i), seen[0]);
            }
            assertEquals(false, lookup.readAt(positions.get(positions.size() - 1) + 1, (position, record) ->
            {
                throw new AssertionError("no record after the last");
            }));
        }
        for (int from = 0; from < positions.size(); from += 1 + positions.size() / 7)
        {
            final int first = from;
            final List<Long> fromHere = new ArrayList<>();
            journal.replay(positions.get(first), (position, record) ->
            {
                check(record, first + fromHere.size(), batches.get(first + fromHere.size()));
                fromHere.add(position);
            });
            assertEquals(positions.subList(first, positions.size()), fromHere);
            final JournalPage back = journal.readBackward(positions.get(first), pageSize);
            assertEquals(positions.get(first), back.entries().get(0).position());
        }
    }

    private static RecordWriter write(final RecordWriter writer, final int index, final Batch batch)
    {
        writer.begin(index, index * 10L, index, -index).aggregate("a-" + index, index);
        for (final byte[] payload : batch.payloads())
        {
            writer.event(0, payload.length, 1, new UnsafeBuffer(payload), 0, payload.length);
        }
        writer.idempotencyKey(batch.key()).finish();
        return writer;
    }

    private static void check(final RecordView view, final int index, final Batch batch)
    {
        assertEquals(index, view.correlationId());
        assertEquals(-index, view.causationId());
        assertEquals(index, view.epoch());
        assertEquals("a-" + index, view.aggregateId(0));
        assertEquals(null == batch.key() ? "" : batch.key(), view.idempotencyKey());
        assertEquals(batch.payloads().size(), view.eventCount());
        for (int i = 0; i < view.eventCount(); i++)
        {
            final byte[] payload = new byte[view.payloadLength(i)];
            view.buffer().getBytes(view.payloadOffset(i), payload);
            assertArrayEquals(batch.payloads().get(i), payload, "event " + i + " of record " + index);
            assertEquals(payload.length, view.eventTypeId(i));
        }
    }

    private static void delete(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            for (final Path path : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
    }

    static String describe(final List<Batch> batches)
    {
        return Arrays.toString(batches.stream().mapToInt(b -> b.payloads().size()).toArray());
    }
}
