/**
 * The Scribe engine: commands enter a Disruptor ring from any thread ({@link dev.scribe.engine.Engine#send}); one
 * business-logic thread decides each against in-memory {@link dev.scribe.engine.Aggregate}s with its
 * {@link dev.scribe.engine.CommandHandler}, journals the emitted events as one record and applies them; behind it
 * on the ring a responder completes each caller's {@link dev.scribe.engine.Outcome} at the asked
 * {@link dev.scribe.engine.Durability}, and each {@link dev.scribe.engine.Projection} updates on its own thread.
 * On launch, state is rebuilt by replaying the journal through the same {@code apply} methods.
 *
 * <p>The processing core ({@code CommandProcessor}) holds no thread of its own; {@code BusinessLogicHandler}
 * runs it on the ring, and tests step it by hand.
 */
package dev.scribe.engine;
