package dev.scribe.codecs.payload;

import dev.scribe.codecs.CodecException;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodecRegistryTest
{
    record Opened(long account, String owner)
    {
    }

    record Closed(long account)
    {
    }

    @Test
    void findsCodecsByClassAndTypeId()
    {
        final CodecRegistry registry = new CodecRegistry().record(Opened.class, 1).record(Closed.class, 2);

        final PayloadCodec<Opened> opened = registry.codecFor(Opened.class);
        assertEquals(1, opened.typeId());
        assertEquals(1, opened.version());
        assertSame(opened, registry.codecFor(1, 0));
        assertSame(registry.codecFor(Closed.class), registry.codecFor(2, 0));
        assertTrue(registry.contains(2));
        assertFalse(registry.contains(3));
        assertEquals(List.of(opened, registry.codecFor(Closed.class)), registry.codecs());

        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(8);
        final int length = opened.encode(new Opened(5, "ann"), buffer, 0);
        assertEquals(new Opened(5, "ann"), registry.codecFor(1, 0).decode(buffer, 0, length));
    }

    @Test
    void rejectsDuplicateTypeIds()
    {
        final CodecRegistry registry = new CodecRegistry().record(Opened.class, 1);
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> registry.record(Closed.class, 1));
        assertTrue(ex.getMessage().contains("type id 1"), ex.getMessage());
    }

    @Test
    void rejectsDuplicateClasses()
    {
        final CodecRegistry registry = new CodecRegistry().record(Opened.class, 1);
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> registry.register(RecordCodec.of(Opened.class, 2, 3)));
        assertTrue(ex.getMessage().contains(Opened.class.getName()), ex.getMessage());
    }

    @Test
    void unknownTypeIdIsACodecException()
    {
        final CodecRegistry registry = new CodecRegistry().record(Opened.class, 1);
        final CodecException ex = assertThrows(CodecException.class, () -> registry.codecFor(99, 40));
        assertEquals("eventTypeId", ex.field());
        assertEquals(40, ex.offset());
    }

    @Test
    void unknownClassIsRejected()
    {
        final CodecRegistry registry = new CodecRegistry().record(Opened.class, 1);
        assertThrows(IllegalArgumentException.class, () -> registry.codecFor(Closed.class));
    }
}
