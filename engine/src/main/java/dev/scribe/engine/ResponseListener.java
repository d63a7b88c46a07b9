package dev.scribe.engine;

/**
 * Receives the outcomes of commands published through a {@link CommandPublisher}, on the responder thread, with
 * no allocation: the allocation-free counterpart of the futures {@link Engine#send} returns. Must not block.
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
