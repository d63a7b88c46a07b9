package dev.scribe.engine;

import dev.scribe.codecs.journal.RecordView;
import dev.scribe.codecs.payload.CodecRegistry;

import java.util.List;

/**
 * Decodes the events of a journal record into {@link JournalEvent}s, each with its aggregate's version after it,
 * choosing which by a {@link Choice} before decoding. One instance per thread: it keeps a scratch array.
 */
final class RecordDecoder
{
    private final EventDecoding decoding;
    private final AggregateIds ids = new AggregateIds();
    private int[] eventsLeft = new int[4];

    /** Which events of a record to decode. */
    @FunctionalInterface
    interface Choice
    {
        /**
         * Whether to decode an event.
         *
         * @param record         the record.
         * @param index          the event's index.
         * @param aggregateIndex the index of its aggregate in the record.
         * @return true to decode it.
         */
        boolean wants(RecordView record, int index, int aggregateIndex);
    }

    /** An event that could not be decoded. */
    @FunctionalInterface
    interface Failures
    {
        /**
         * Told of one.
         *
         * @param position    the record's position.
         * @param index       the event's index.
         * @param aggregateId its aggregate's id.
         * @param eventType   its type id and version, as text.
         * @param failure     why.
         */
        void undecodable(long position, int index, String aggregateId, String eventType, EngineException failure);
    }

    RecordDecoder(final CodecRegistry codecs)
    {
        this.decoding = new EventDecoding(codecs);
    }

    /**
     * Decode the chosen events of a record, in order, into a list.
     *
     * @param failures told of an event that cannot be decoded; null to throw instead.
     * @throws EngineException naming the position and event if one cannot be decoded and {@code failures} is null.
     */
    void decode(final long position, final RecordView record, final Choice choice, final List<JournalEvent> into,
        final Failures failures)
    {
        final int count = record.eventCount();
        final boolean oneAggregate = 1 == record.aggregateCount(); // the usual record: versions count up to its own
        if (!oneAggregate)
        {
            eventsLeft = RecordEvents.eventsPerAggregate(record, eventsLeft);
        }
        final long timestampNs = record.timestampNs();
        final long correlationId = record.correlationId();
        for (int i = 0; i < count; i++)
        {
            final int k = oneAggregate ? 0 : record.eventAggregateIndex(i);
            final long version = oneAggregate ? record.aggregateVersion(0) - (count - 1 - i) :
                record.aggregateVersion(k) - --eventsLeft[k];
            if (!choice.wants(record, i, k))
            {
                continue;
            }
            final String aggregateId = ids.id(record.buffer(), record.aggregateIdOffset(k),
                record.aggregateIdLength(k));
            try
            {
                into.add(new JournalEvent(position, i, aggregateId, version, timestampNs, correlationId,
                    decoding.event(record, i)));
            }
            catch (final RuntimeException ex)
            {
                final EngineException failure = RecordEvents.undecodable(position, record, i, ex);
                if (null == failures)
                {
                    throw failure;
                }
                failures.undecodable(position, i, aggregateId, "type id " + record.eventTypeId(i) + " version " +
                    record.eventVersion(i), failure);
            }
        }
    }
}
