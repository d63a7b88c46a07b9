package dev.scribe.codecs.payload;

import dev.scribe.codecs.CodecException;
import dev.scribe.codecs.journal.RecordView;
import dev.scribe.codecs.journal.RecordWriter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Payloads journaled at an older version are decoded with that version's codec and upcast to the current class.
 */
class UpcasterTest
{
    private static final int TYPE_ID = 7;

    record DepositedV1(long amount) {}
    record DepositedV2(long amount, String memo) {}
    record Deposited(long cents, String memo) {}

    private final RecordWriter writer = new RecordWriter();
    private final RecordView view = new RecordView();

    private static CodecRegistry registry(final boolean withSecondStep)
    {
        final CodecRegistry registry = new CodecRegistry()
            .register(RecordCodec.of(Deposited.class, TYPE_ID, 3))
            .registerPrevious(RecordCodec.of(DepositedV1.class, TYPE_ID, 1))
            .registerPrevious(RecordCodec.of(DepositedV2.class, TYPE_ID, 2))
            .upcaster(TYPE_ID, 1, DepositedV1.class, v1 -> new DepositedV2(v1.amount(), ""));
        if (withSecondStep)
        {
            registry.upcaster(TYPE_ID, 2, DepositedV2.class, v2 -> new Deposited(v2.amount() * 100, v2.memo()));
        }
        return registry;
    }

    /** Journal one event; the view is over the writer's buffer, so valid until the next call. */
    private <T> RecordView journaled(final PayloadCodec<T> codec, final T value)
    {
        final int length = writer.begin(1, 2, 3, 0).aggregate("acc-1", 1).event(0, codec, value).finish();
        return view.wrap(writer.buffer(), 0, length);
    }

    @Test
    void everyOlderVersionIsUpcastStepByStepToTheCurrentClass()
    {
        final CodecRegistry registry = registry(true).checkUpcasters();
        assertEquals(new Deposited(500, ""),
            journaled(RecordCodec.of(DepositedV1.class, TYPE_ID, 1), new DepositedV1(5)).event(0, registry));
        assertEquals(new Deposited(700, "rent"),
            journaled(RecordCodec.of(DepositedV2.class, TYPE_ID, 2), new DepositedV2(7, "rent")).event(0, registry));
        assertEquals(new Deposited(9, "now"),
            journaled(RecordCodec.of(Deposited.class, TYPE_ID, 3), new Deposited(9, "now")).event(0, registry));
    }

    @Test
    void aMissingUpcasterIsFoundWhenTheRegistryIsCheckedNotOnlyWhenAPayloadNeedsIt()
    {
        final CodecRegistry registry = registry(false);
        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            registry::checkUpcasters);
        assertTrue(missing.getMessage().contains("no upcaster from version 2 to 3 of type id 7"), missing.getMessage());

        final RecordView old = journaled(RecordCodec.of(DepositedV1.class, TYPE_ID, 1), new DepositedV1(5));
        final CodecException decoding = assertThrows(CodecException.class, () -> old.event(0, registry));
        assertEquals("events[0].eventVersion", decoding.field());
        assertTrue(decoding.getMessage().contains("no upcaster from version 2"), decoding.getMessage());
    }

    @Test
    void unknownNewerAndMistypedVersionsAreClearErrors()
    {
        final CodecRegistry onlyCurrent = new CodecRegistry().register(RecordCodec.of(Deposited.class, TYPE_ID, 3));
        final RecordView v1 = journaled(RecordCodec.of(DepositedV1.class, TYPE_ID, 1), new DepositedV1(5));
        assertTrue(assertThrows(CodecException.class, () -> v1.event(0, onlyCurrent)).getMessage()
            .contains("no codec for version 1 is registered"));

        final RecordView v4 = journaled(RecordCodec.of(Deposited.class, TYPE_ID, 4), new Deposited(1, ""));
        assertTrue(assertThrows(CodecException.class, () -> v4.event(0, onlyCurrent)).getMessage()
            .contains("newer than this code"));

        final RecordView again = journaled(RecordCodec.of(DepositedV1.class, TYPE_ID, 1), new DepositedV1(5));
        final CodecRegistry failing = new CodecRegistry().register(RecordCodec.of(Deposited.class, TYPE_ID, 2))
            .registerPrevious(RecordCodec.of(DepositedV1.class, TYPE_ID, 1))
            .upcaster(TYPE_ID, 1, DepositedV1.class, v ->
            {
                throw new IllegalStateException("cannot");
            });
        assertTrue(assertThrows(CodecException.class, () -> again.event(0, failing)).getMessage()
            .contains("the upcaster from version 1 of " + Deposited.class.getName() + " failed"));

        final CodecRegistry wrongType = new CodecRegistry().register(RecordCodec.of(Deposited.class, TYPE_ID, 2))
            .registerPrevious(RecordCodec.of(DepositedV1.class, TYPE_ID, 1))
            .upcaster(TYPE_ID, 1, DepositedV1.class, v -> new DepositedV2(v.amount(), ""));
        assertTrue(assertThrows(CodecException.class, () -> again.event(0, wrongType)).getMessage()
            .contains("not a " + Deposited.class.getName()));

        final CodecRegistry mismatched = new CodecRegistry().register(RecordCodec.of(Deposited.class, TYPE_ID, 2))
            .registerPrevious(RecordCodec.of(DepositedV1.class, TYPE_ID, 1))
            .upcaster(TYPE_ID, 1, DepositedV2.class, v -> new Deposited(v.amount(), v.memo()));
        assertTrue(assertThrows(IllegalArgumentException.class, mismatched::checkUpcasters).getMessage()
            .contains("takes " + DepositedV2.class.getName()));
    }
}
