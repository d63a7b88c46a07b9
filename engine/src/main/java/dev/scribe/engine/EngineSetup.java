package dev.scribe.engine;

import java.nio.file.Path;

/**
 * Makes an application's {@link EngineContext} (its aggregates, commands, events and projections) for an engine
 * directory, so that tools such as {@link ReplayTool} can rebuild that application's state. Implementations need a
 * public no-argument constructor.
 */
@FunctionalInterface
public interface EngineSetup
{
    /**
     * The application's context for an engine directory.
     *
     * @param directory the engine directory.
     * @return a new, unconcluded context.
     */
    EngineContext context(Path directory);
}
