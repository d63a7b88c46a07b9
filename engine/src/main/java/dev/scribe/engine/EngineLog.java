package dev.scribe.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * The engine's operator-facing messages: what it did on its own that an operator should know (a snapshot skipped or
 * set aside, a projection rebuilt, journal files released or kept), through SLF4J loggers named after the concern.
 * The engine depends on {@code slf4j-api} only; the application chooses the provider (logback-classic, slf4j-simple,
 * or a bridge to its own logging). Errors the engine survives go to its error handler as well, never only here;
 * nothing on the path of a command logs.
 */
final class EngineLog
{
    /** Projections, subscriptions, live queries and the engine's life. */
    static final Logger ENGINE = LoggerFactory.getLogger("dev.scribe.engine");
    /** Snapshots, recovery from them and the journal retention they allow. */
    static final Logger SNAPSHOT = LoggerFactory.getLogger("dev.scribe.engine.snapshot");
    /** The name of the logger of command handlers that threw ({@link HandlerFailures}). */
    static final String HANDLER_LOGGER_NAME = "dev.scribe.engine.handler";
    /** Command handlers that threw: the first of each kind, then summaries. */
    static final Logger HANDLER = LoggerFactory.getLogger(HANDLER_LOGGER_NAME);

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
        return SNAPSHOT::warn;
    }
}
