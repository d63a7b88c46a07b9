package dev.scribe.engine;

import dev.scribe.journal.Journal;

import java.util.List;

/**
 * The launch check of unpinned event type ids. An event type not pinned with {@link EngineContext#event} is
 * journaled under a hash of its simple class name ({@link Registry#defaultTypeId}), so renaming the class silently
 * orphans every event journaled under the old name. A fresh, empty journal launches without a word; once the journal
 * holds records, any unpinned type fails the launch ({@link UnpinnedTypeIds#FAIL}, the default) or is warned about
 * on {@code dev.scribe.engine} ({@link UnpinnedTypeIds#WARN}), with the ids the types have now, ready to pin.
 */
final class TypeIdCheck
{
    private TypeIdCheck()
    {
    }

    /**
     * Check an engine's event types against its opened journal.
     *
     * @param context the concluded context.
     * @param journal the engine's journal, just opened.
     * @return the journal, if the launch may go on.
     * @throws EngineException naming the types and how to pin them, after closing the journal, if the policy is
     *                         {@link UnpinnedTypeIds#FAIL}.
     */
    static Journal checked(final EngineContext context, final Journal journal)
    {
        final List<Class<?>> unpinned = context.registry().unpinnedEvents();
        if (unpinned.isEmpty() || Journal.NULL_POSITION == journal.lastPosition())
        {
            return journal;
        }
        final String problem = problem(unpinned, context);
        if (context.unpinnedTypeIds() == UnpinnedTypeIds.WARN)
        {
            EngineLog.ENGINE.warn(problem);
            return journal;
        }
        journal.close();
        throw new EngineException(problem);
    }

    private static String problem(final List<Class<?>> unpinned, final EngineContext context)
    {
        final StringBuilder names = new StringBuilder();
        final StringBuilder pins = new StringBuilder("context");
        for (final Class<?> type : unpinned)
        {
            names.append(names.length() > 0 ? ", " : "").append(type.getName());
            pins.append(".event(").append(type.getSimpleName()).append(".class, ")
                .append(Registry.defaultTypeId(type)).append(')');
        }
        final boolean fail = context.unpinnedTypeIds() == UnpinnedTypeIds.FAIL;
        return "event type" + (unpinned.size() > 1 ? "s " : " ") + names + (unpinned.size() > 1 ? " have" : " has") +
            " no pinned type id, and the journal in " + context.journalContext().directory() + " already holds " +
            "records: an unpinned id is a hash of the class's simple name, so renaming the class would leave the " +
            "events journaled under it undecodable. Pin the ids the journal uses now, before production: " + pins +
            (fail ? "; or launch anyway with EngineContext.unpinnedTypeIds(UnpinnedTypeIds.WARN) (system property " +
            EngineConfiguration.UNPINNED_TYPE_IDS_PROP_NAME + "=WARN)" : "");
    }
}
