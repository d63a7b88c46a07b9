package dev.scribe.codecs.payload;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordCodecResolutionTest
{
    private record WithObject(long id, Object payload)
    {
    }

    @SuppressWarnings("rawtypes")
    private record WithRawList(List items)
    {
    }

    private record WithWildcard(List<? extends Number> numbers)
    {
    }

    private record WithSet(Set<String> tags)
    {
    }

    private record WithIntArray(int[] values)
    {
    }

    private record WithBoxedBytes(Byte[] values)
    {
    }

    private record WithListOfArrays(List<long[]> values)
    {
    }

    private record WithDeepSet(Map<String, List<Optional<Set<Integer>>>> index)
    {
    }

    private record Recursive(String name, Recursive next)
    {
    }

    private record Tree(String name, List<Tree> children)
    {
    }

    private record Ping(Pong pong)
    {
    }

    private record Pong(Optional<Ping> ping)
    {
    }

    private record Box<T>(T value)
    {
    }

    private record WithBox(Box<String> box)
    {
    }

    private record Leaf(String name)
    {
    }

    private record Twice(Leaf left, Leaf right, List<Leaf> more)
    {
    }

    @Test
    void rejectsObject()
    {
        assertRejected(WithObject.class, "payload", WithObject.class, "java.lang.Object");
    }

    @Test
    void rejectsRawTypes()
    {
        assertRejected(WithRawList.class, "items", WithRawList.class, "raw type");
    }

    @Test
    void rejectsWildcards()
    {
        assertRejected(WithWildcard.class, "numbers", WithWildcard.class, "wildcard");
    }

    @Test
    void rejectsOtherCollections()
    {
        assertRejected(WithSet.class, "tags", WithSet.class, "java.util.Set<java.lang.String>");
        assertRejected(WithDeepSet.class, "index", WithDeepSet.class, "WithDeepSet.index[].value[]");
    }

    @Test
    void rejectsArraysOtherThanBytes()
    {
        assertRejected(WithIntArray.class, "values", WithIntArray.class, "int[]");
        assertRejected(WithBoxedBytes.class, "values", WithBoxedBytes.class, "java.lang.Byte[]");
        assertRejected(WithListOfArrays.class, "values", WithListOfArrays.class, "long[]");
    }

    @Test
    void rejectsRecordsThatContainThemselves()
    {
        assertRejected(Recursive.class, "next", Recursive.class, "contains itself");
        assertRejected(Tree.class, "children", Tree.class, "contains itself");
        assertRejected(Ping.class, "ping", Pong.class, "Ping.pong.ping");
    }

    @Test
    void rejectsTypeVariables()
    {
        assertRejected(WithBox.class, "box", WithBox.class, "type variables");
    }

    @Test
    void acceptsTheSameRecordTwiceWithoutRecursion()
    {
        final RecordCodec<Twice> codec = RecordCodec.of(Twice.class, 1, 1);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(8);
        final Twice value = new Twice(new Leaf("l"), new Leaf("r"), List.of(new Leaf("m")));
        assertEquals(value, codec.decode(buffer, 0, codec.encode(value, buffer, 0)));
    }

    @Test
    void rejectsVersionsOutOfRange()
    {
        assertThrows(IllegalArgumentException.class, () -> RecordCodec.of(Leaf.class, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> RecordCodec.of(Leaf.class, 1, 0x10000));
        assertEquals(0xFFFF, RecordCodec.of(Leaf.class, 1, 0xFFFF).version());
    }

    private static void assertRejected(
        final Class<? extends Record> type, final String component, final Class<?> owner, final String detail)
    {
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> RecordCodec.of(type, 1, 1));
        final String message = ex.getMessage();
        assertTrue(message.contains("component " + component + " "), message);
        assertTrue(message.contains("record " + owner.getName()), message);
        assertTrue(message.contains(detail), message);
    }
}
