package dev.scribe.engine;

/**
 * What an engine does at launch when some event types have no pinned type id ({@link EngineContext#event}) and its
 * journal already holds records. An unpinned type id is a hash of the event class's simple name, so renaming the
 * class changes its id and leaves the events journaled under the old one undecodable; pin the ids before production.
 */
public enum UnpinnedTypeIds
{
    /** Refuse to launch, naming the types and the ids to pin them at. The default. */
    FAIL,
    /** Launch, and log the same message as a warning on {@code dev.scribe.engine}. */
    WARN
}
