package dev.scribe.engine;

/**
 * Receives the outcomes of commands published through a {@link CommandPublisher}, with no allocation: the
 * allocation-free counterpart of the futures {@link Engine#send} returns. Called on the responder thread, and for
 * {@link Durability#REPLICATED} results that waited for a standby on the engine's completer thread
 * ({@code scribe-replicated}); the two threads may call it at the same time, each in position order. Must not block.
 * An exception it throws is reported to the engine's error handler and the engine goes on.
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
