package dev.scribe.engine;

/**
 * Receives every accepted event on its own thread behind the business logic, to bridge to another system (a
 * message broker, a search index). A tap is a {@link Projection} with nothing to query; one that throws is reported
 * and counted, and never slows or stops the business logic beyond the ring's back pressure.
 */
@FunctionalInterface
public interface EventTap extends Projection
{
}
