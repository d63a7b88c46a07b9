package dev.scribe.engine;

import java.util.function.Consumer;

/**
 * The engine's operator-facing messages: what it did on its own that an operator should know (a snapshot skipped or
 * set aside, a projection rebuilt, journal files released or kept), through {@link System.Logger}s named after the
 * concern. Errors the engine survives go to its error handler instead, never only here; nothing on the path of a
 * command logs.
 */
final class EngineLog
{
    /** Projections and the engine's life. */
    static final System.Logger ENGINE = System.getLogger("dev.scribe.engine");
    /** Snapshots, recovery from them and the journal retention they allow. */
    static final System.Logger SNAPSHOT = System.getLogger("dev.scribe.engine.snapshot");

    private EngineLog()
    {
    }

    /**
     * The line sink a {@link dev.scribe.engine.snapshot.SnapshotStore} reports to (a snapshot set aside, a temporary
     * file left by a writer that did not finish), as warnings of the snapshot logger.
     *
     * @return the sink.
     */
    static Consumer<String> snapshotWarnings()
    {
        return line -> SNAPSHOT.log(System.Logger.Level.WARNING, line);
    }
}
