package dev.scribe.engine;

import dev.scribe.codecs.journal.RecordView;
import dev.scribe.codecs.payload.CodecRegistry;

import dev.scribe.journal.PositionFormat;
import java.util.Arrays;

/**
 * The events of a journal record as a projection is handed them: each decoded (upcasters included), with the id of
 * its aggregate and that aggregate's version after the event. Used by replay and by {@link ProjectionFixture}. Keeps
 * one scratch array, so one instance serves one thread.
 */
final class RecordEvents
{
    private int[] eventsLeft = new int[4];

    /**
     * Hand each event of a record to a sink, in order.
     *
     * @param position the record's journal position.
     * @param record   the record.
     * @param codecs   the codecs its events were written with.
     * @param sink     receives each event as a projection would.
     * @throws EngineException naming the position if an event cannot be decoded.
     */
    void forEach(final long position, final RecordView record, final CodecRegistry codecs, final Projection sink)
    {
        eventsLeft = eventsPerAggregate(record, eventsLeft);
        final int count = record.eventCount();
        for (int i = 0; i < count; i++)
        {
            final int k = record.eventAggregateIndex(i);
            final long version = record.aggregateVersion(k) - --eventsLeft[k];
            sink.onEvent(position, record.aggregateId(k), version, decode(position, record, i, codecs));
        }
    }

    /**
     * Count a record's events per aggregate (its aggregate's index in the record): counting down from these as the
     * events are walked gives each event's aggregate version, {@code aggregateVersion(k) - --left[k]}.
     *
     * @param record  the record.
     * @param scratch an array to reuse if it is large enough.
     * @return the counts, in {@code scratch} or a larger array.
     */
    static int[] eventsPerAggregate(final RecordView record, final int[] scratch)
    {
        final int aggregates = record.aggregateCount();
        final int[] left = scratch.length < aggregates ? new int[aggregates] : scratch;
        Arrays.fill(left, 0, aggregates, 0);
        for (int i = 0, count = record.eventCount(); i < count; i++)
        {
            left[record.eventAggregateIndex(i)]++;
        }
        return left;
    }

    /**
     * Decode one event of a record.
     *
     * @throws EngineException naming the journal position, the event's index, type id and version if the payload
     *                         cannot be decoded (an unknown type id, a version without its codec, bad bytes).
     */
    static Object decode(final long position, final RecordView record, final int index, final CodecRegistry codecs)
    {
        try
        {
            return record.event(index, codecs);
        }
        catch (final RuntimeException ex)
        {
            throw undecodable(position, record, index, ex);
        }
    }

    /**
     * Why an event of a record could not be decoded, naming the journal position, the event's index, type id and
     * version.
     */
    static EngineException undecodable(final long position, final RecordView record, final int index,
        final RuntimeException cause)
    {
        return new EngineException("cannot decode event " + index + " (type id " + record.eventTypeId(index) +
            ", version " + record.eventVersion(index) + ") of the record at journal position " +
            PositionFormat.position(position) + ": " +
            cause.getMessage(), cause);
    }
}
