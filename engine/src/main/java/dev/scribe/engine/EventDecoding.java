package dev.scribe.engine;

import dev.scribe.codecs.journal.RecordView;
import dev.scribe.codecs.payload.CodecRegistry;
import dev.scribe.codecs.payload.PayloadCodec;

/**
 * Decodes the events of journal records with the codecs of a registry, each codec found once per type id and then
 * held in a small direct-mapped table of its own, so a reader walking many records does not look each one up in the
 * registry's map. Codecs are never replaced in a registry, so what is held stays right. Single-threaded.
 */
final class EventDecoding
{
    private static final int SLOTS = 64;
    private static final int MULTIPLIER = 0x9E3779B9;

    private final CodecRegistry codecs;
    private final int[] typeIds = new int[SLOTS];
    private final PayloadCodec<?>[] held = new PayloadCodec<?>[SLOTS];

    EventDecoding(final CodecRegistry codecs)
    {
        this.codecs = codecs;
    }

    /**
     * Decode one event of a record, as {@link RecordView#event} does.
     *
     * @param record the record.
     * @param index  the event's index.
     * @return the event.
     * @throws RuntimeException as {@link RecordView#event} does, if it cannot be decoded.
     */
    Object event(final RecordView record, final int index)
    {
        final int typeId = record.eventTypeId(index);
        final int slot = (typeId * MULTIPLIER) >>> 26;
        final PayloadCodec<?> codec = held[slot];
        if (null == codec || typeIds[slot] != typeId || codec.version() != record.eventVersion(index))
        {
            return miss(record, index, typeId, slot);
        }
        return codec.decode(record.buffer(), record.payloadOffset(index), record.payloadLength(index));
    }

    private Object miss(final RecordView record, final int index, final int typeId, final int slot)
    {
        final Object event = record.event(index, codecs); // the registry's way, upcasting included; throws if unknown
        final PayloadCodec<?> codec = codecs.contains(typeId) ? codecs.codecFor(typeId, 0) : null;
        if (null != codec)
        {
            typeIds[slot] = typeId;
            held[slot] = codec;
        }
        return event;
    }
}
