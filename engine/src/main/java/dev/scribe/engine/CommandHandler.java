package dev.scribe.engine;

/**
 * Decides one command against the current state of its aggregate: reject it, or emit events. Runs on the
 * business-logic thread; must not block. A handler that throws rejects the command with the exception's message.
 *
 * @param <C> the command type.
 * @param <A> the aggregate type.
 */
@FunctionalInterface
public interface CommandHandler<C, A extends Aggregate>
{
    /**
     * Decide a command.
     *
     * @param command   the command.
     * @param aggregate the aggregate's current state (new, at version 0, if it has never had an event).
     * @param decision  where to reject or emit; valid only during this call.
     */
    void handle(C command, A aggregate, Decision decision);
}
