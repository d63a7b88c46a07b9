package dev.scribe.engine;

import dev.scribe.codecs.journal.RecordWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class IdTableFuzzTest
{
    private static final String[] PIECES = {"a", "b", "\u0000", "é", "\u07ff", "\u0800", "€", "\uffff", "😀",
        "\u007f", "\u0080", "z", "0", "1"};

    private final AggregateType type = new AggregateType(Bank.Account.class, Bank.Account::new);

    private static String randomId(final SplittableRandom random)
    {
        final int n = random.nextInt(0, 22);
        final StringBuilder sb = new StringBuilder();
        final boolean ascii = random.nextBoolean();
        for (int i = 0; i < n; i++)
        {
            sb.append(ascii ? PIECES[random.nextInt(3) == 0 ? 2 : random.nextInt(2)] :
                PIECES[random.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    /** Ids of 0 to 21 characters, ASCII or not, found alike from a String and from bytes, and written alike. */
    @Test
    void randomIdsFoundByStringAndBytesAndWrittenAlike()
    {
        final SplittableRandom random = new SplittableRandom(7);
        final IdTable table = new IdTable();
        final Map<String, AggregateEntry> reference = new HashMap<>();
        final RecordWriter a = new RecordWriter(64);
        final RecordWriter b = new RecordWriter(64);
        for (int round = 0; round < 200_000; round++)
        {
            final String id = randomId(random);
            final byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
            final int off = random.nextInt(0, 9);
            final byte[] padded = new byte[off + utf8.length + 20];
            random.nextBytes(padded);
            System.arraycopy(utf8, 0, padded, off, utf8.length);
            final AggregateEntry expected = reference.get(id);
            assertSame(expected, table.find(id), id);
            assertSame(expected, table.find(new UnsafeBuffer(padded), off, utf8.length), id);
            if (null == expected)
            {
                final AggregateEntry entry = new AggregateEntry(id, type, type.create());
                assertSame(entry, table.add(entry));
                reference.put(id, entry);
                a.begin(1, 2, 3, 4).aggregate(id, 9);
                final int la = a.finish();
                b.begin(1, 2, 3, 4).aggregate(entry.key, entry.keyLength, entry.key0, entry.key1, 9);
                final int lb = b.finish();
                assertEquals(la, lb, id);
                for (int i = 0; i < la; i++)
                {
                    assertEquals(a.buffer().getByte(i), b.buffer().getByte(i), id + " byte " + i);
                }
            }
        }
        for (final Map.Entry<String, AggregateEntry> e : reference.entrySet())
        {
            assertSame(e.getValue(), table.find(e.getKey()));
        }
        table.clear();
        for (final String id : reference.keySet())
        {
            assertNull(table.find(id));
        }
    }

    @Test
    void loneSurrogateIdsAreLookedUpWithoutThrowing()
    {
        final IdTable table = new IdTable();
        for (final String id : List.of("acc\uD800", "\uD800x", "\uDC00", "x\uDBFF\uDBFF"))
        {
            assertNull(table.find(id), id);
        }
    }
}
