package dev.scribe.engine;

import dev.scribe.codecs.payload.CodecRegistry;
import dev.scribe.journal.Journal;

import java.util.ArrayList;
import java.util.List;

/**
 * The records of an engine's journal, read back through a read-only journal and decoded with the codecs of the
 * engine's registrations: what is really on disk, independent of the engine's memory.
 */
final class JournalRecords
{
    /**
     * One record, decoded.
     *
     * @param position     its journal position.
     * @param aggregateIds the aggregates it touches, its command's own first.
     * @param versions     each aggregate's version after it.
     * @param events       its events.
     * @param owners       for each event, the index of its aggregate.
     * @param key          its idempotency key, or null.
     */
    record Entry(long position, List<String> aggregateIds, List<Long> versions, List<Object> events,
        List<Integer> owners, String key)
    {
    }

    private JournalRecords()
    {
    }

    /**
     * Read every record of the journal of an engine directory.
     *
     * @param context the engine's context (not launched); its directory and registrations are used.
     */
    static List<Entry> read(final EngineContext context)
    {
        context.conclude();
        final CodecRegistry codecs = context.registry().codecs();
        final List<Entry> entries = new ArrayList<>();
        try (Journal journal = Journal.openReadOnly(context.directory().resolve("journal")))
        {
            journal.replay(Journal.NULL_POSITION, (position, record) ->
            {
                final List<String> ids = new ArrayList<>();
                final List<Long> versions = new ArrayList<>();
                for (int k = 0; k < record.aggregateCount(); k++)
                {
                    ids.add(record.aggregateId(k));
                    versions.add(record.aggregateVersion(k));
                }
                final List<Object> events = new ArrayList<>();
                final List<Integer> owners = new ArrayList<>();
                for (int i = 0; i < record.eventCount(); i++)
                {
                    events.add(record.event(i, codecs));
                    owners.add(record.eventAggregateIndex(i));
                }
                entries.add(new Entry(position, ids, versions, events, owners,
                    record.idempotencyKeyLength() > 0 ? record.idempotencyKey() : null));
            });
        }
        return entries;
    }
}
