package dev.scribe.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The aggregate store's id table: every id added is found again, from a {@code String} and from its UTF-8 bytes in
 * place, through growth; ids not added are not found; the hash of an id is the same whichever way it is read.
 */
class IdTableTest
{
    private final AggregateType type = new AggregateType(Bank.Account.class, Bank.Account::new);

    private AggregateEntry entry(final String id)
    {
        return new AggregateEntry(id, type, type.create());
    }

    private static UnsafeBuffer bytesAt(final String id, final int offset)
    {
        final byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
        final byte[] padded = new byte[offset + utf8.length + 3];
        System.arraycopy(utf8, 0, padded, offset, utf8.length);
        return new UnsafeBuffer(padded);
    }

    @Test
    void everyIdAddedIsFoundByStringAndByBytesThroughGrowth()
    {
        final IdTable table = new IdTable();
        final List<AggregateEntry> added = new ArrayList<>();
        for (int i = 0; i < 50_000; i++)
        {
            final String id = i % 7 == 0 ? "compte-é-" + i : i % 5 == 0 ? "a-rather-long-account-id-" + i :
                String.format("acc-%06d", i);
            final AggregateEntry entry = entry(id);
            assertSame(entry, table.add(entry));
            assertSame(entry, table.add(new AggregateEntry(id, type, type.create())), "an id is added once");
            added.add(entry);
        }
        assertEquals(50_000, table.size());
        for (int i = 0; i < added.size(); i++)
        {
            final AggregateEntry entry = added.get(i);
            assertSame(entry, table.find(new String(entry.id)), entry.id + " by an equal String");
            final int offset = i % 11;
            assertSame(entry, table.find(bytesAt(entry.id, offset), offset, entry.key.length), entry.id + " by bytes");
            assertSame(entry, table.entry(i));
        }
        assertNull(table.find("acc-050000"));
        assertNull(table.find("a-rather-long-account-id-11"), "equal to an id in its first sixteen bytes and length");
        assertNull(table.find(bytesAt("a-rather-long-account-id-11", 2), 2, 27));
        assertNull(table.find("acc-00000"));
        assertNull(table.find("acc-0000000"));
        assertNull(table.find(""));
        assertNull(table.find(bytesAt("compte-é-7x", 0), 0, "compte-é-7x".getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void theHashIsTheSameFromCharactersAndFromBytes()
    {
        final IdTable table = new IdTable();
        final SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 2_000; n++)
        {
            final char[] chars = new char[random.nextInt(40)];
            for (int i = 0; i < chars.length; i++)
            {
                chars[i] = (char)(' ' + random.nextInt(95));
            }
            final String id = new String(chars);
            final UnsafeBuffer bytes = bytesAt(id, 5);
            assertEquals(table.hash(bytes, 5, id.length()), table.hashAscii(id), id);
        }
    }

    @Test
    void clearForgetsEveryIdAndTheTableFillsAgain()
    {
        final IdTable table = new IdTable();
        for (int i = 0; i < 3_000; i++)
        {
            table.add(entry("id-" + i));
        }
        table.clear();
        assertEquals(0, table.size());
        assertNull(table.find("id-1"));
        final AggregateEntry again = entry("id-1");
        assertSame(again, table.add(again));
        assertSame(again, table.entry(0), "handles start again from 0");
        assertSame(again, table.find("id-1"));
    }
}
