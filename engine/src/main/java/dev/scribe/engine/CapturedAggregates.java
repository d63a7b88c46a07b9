package dev.scribe.engine;

import org.agrona.ExpandableArrayBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The aggregates of a {@link StateCapture}, indexed and sorted by id on the snapshot thread: the order of the state
 * hash, and of the snapshot's aggregates section, so that recovery hashes as it loads without sorting.
 */
final class CapturedAggregates
{
    private final ExpandableArrayBuffer buffer;
    private final Item[] items;

    private record Item(String id, int typeIndex, int offset, int length, long version, int stateOffset,
        int stateLength)
    {
    }

    private CapturedAggregates(final ExpandableArrayBuffer buffer, final Item[] items)
    {
        this.buffer = buffer;
        this.items = items;
    }

    static CapturedAggregates sort(final StateCapture capture, final AggregateCodecs codecs)
    {
        final ExpandableArrayBuffer buffer = capture.aggregates;
        final Item[] items = new Item[Math.toIntExact(capture.aggregateCount)];
        int offset = 0;
        for (int i = 0; i < items.length; i++)
        {
            final int typeIndex = buffer.getInt(offset, SectionCursor.ORDER);
            final int idLength = buffer.getInt(offset + 4, SectionCursor.ORDER);
            final String id = buffer.getStringWithoutLengthUtf8(offset + 8, idLength);
            final int versionOffset = offset + 8 + idLength;
            final long version = buffer.getLong(versionOffset, SectionCursor.ORDER);
            final int stateLength = buffer.getInt(versionOffset + 8, SectionCursor.ORDER);
            final int stateOffset = versionOffset + 12;
            final int end = stateOffset + stateLength;
            items[i] = new Item(id, typeIndex, offset, end - offset, version, stateOffset, stateLength);
            offset = end;
        }
        if (offset != capture.aggregatesLength)
        {
            throw new IllegalStateException("the captured aggregates are " + capture.aggregatesLength +
                " bytes but " + offset + " were indexed");
        }
        Arrays.sort(items, Comparator.comparing(Item::id));
        return new CapturedAggregates(buffer, items);
    }

    /** The state hash of the copy: each aggregate decoded back through its codec and hashed, in id order. */
    long stateHash(final AggregateCodecs codecs)
    {
        final StateHasher hasher = new StateHasher();
        hasher.putLong(items.length);
        for (final Item item : items)
        {
            final Aggregate state = codecs.decode(item.typeIndex(), buffer, item.stateOffset(), item.stateLength());
            AggregateStore.hashEntry(hasher, codecs.type(item.typeIndex()), item.id(), item.version(), state);
        }
        return hasher.hash();
    }

    void writeSorted(final OutputStream out) throws IOException
    {
        final byte[] bytes = buffer.byteArray();
        for (final Item item : items)
        {
            out.write(bytes, item.offset(), item.length());
        }
    }
}
