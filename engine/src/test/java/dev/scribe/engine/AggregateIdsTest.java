package dev.scribe.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The ids a reader is handed equal the bytes they were read from, whatever their length, characters or number, and
 * one met again is the same {@code String}.
 */
class AggregateIdsTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final AggregateIds ids = new AggregateIds();

    private String read(final String id, final int offset)
    {
        final byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        buffer.putBytes(offset, bytes);
        return ids.id(buffer, offset, bytes.length);
    }

    @Test
    void everyIdReadsBackAsItsBytesAndOneMetAgainIsTheSameString()
    {
        final List<String> all = new ArrayList<>();
        final Random random = new Random(7);
        for (int i = 0; i < 5_000; i++)
        {
            final StringBuilder id = new StringBuilder();
            final int length = random.nextInt(80);
            for (int c = 0; c < length; c++)
            {
                id.append(random.nextInt(10) == 0 ? 'é' : (char)('a' + random.nextInt(3))); // few letters: near misses
            }
            all.add(id.toString());
        }
        all.add("acc-0001");
        all.add("acc-0002");
        all.add("acc-00001");
        all.add("a-sixteen-bytes!");
        all.add("a-seventeen-bytes");
        final List<String> first = new ArrayList<>();
        for (final String id : all)
        {
            final String read = read(id, 3);
            assertEquals(id, read);
            first.add(read);
        }
        for (int i = 0; i < all.size(); i++)
        {
            final String again = read(all.get(i), 17);
            assertEquals(all.get(i), again);
            if (all.get(i).getBytes(StandardCharsets.UTF_8).length <= 64 && !all.get(i).isEmpty() &&
                all.indexOf(all.get(i)) == i)
            {
                assertSame(first.get(i), again, "the id " + all.get(i) + " met again");
            }
        }
    }

    @Test
    void moreIdsThanTheTableHoldsStillReadBackRight()
    {
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < AggregateIds.MAX_SLOTS + 1_000; i += 7)
            {
                final String id = "account-" + i;
                assertEquals(id, read(id, 0));
            }
        }
    }
}
