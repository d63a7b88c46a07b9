package dev.scribe.engine;

/**
 * Receives the outcomes of commands published through a {@link CommandPublisher}, with no allocation: the
 * allocation-free counterpart of the futures {@link Engine#send} returns. Each publisher has one: its own
 * ({@link Engine#publisher(ResponseListener)}) or the engine's ({@link EngineContext#responseListener}).
 *
 * <p>Called on the business-logic thread, at the end of the batch of commands the command was decided in, in ring
 * order, so it holds up every command behind it while it runs: it must be quick and must not block (hand heavy work
 * to a thread of your own). {@link Durability#REPLICATED} results are the exception: on an engine that replicates
 * they come on its responder thread, or, if they waited for a standby, on its completer thread
 * ({@code scribe-replicated}), in position order; so a listener that takes REPLICATED and other results may be
 * called on two or three threads at once. An exception it throws is reported to the engine's error handler and the
 * engine goes on, with the other results.
 */
@FunctionalInterface
public interface ResponseListener
{
    /**
     * A command's outcome, at the durability it asked for.
     *
     * @param correlationId the id the publisher gave the command.
     * @param status        accepted or rejected.
     * @param position      journal position of its record, or -1.
     * @param version       its aggregate's version after it, or -1 if rejected.
     * @param reason        why it was rejected, or null; valid only during this call.
     */
    void onResponse(long correlationId, Outcome.Status status, long position, long version, CharSequence reason);
}
