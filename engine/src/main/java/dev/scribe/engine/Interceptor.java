package dev.scribe.engine;

/**
 * Runs before a command's handler on the business-logic thread, e.g. for validation or authorisation; rejecting
 * through the decision stops the command. One that throws rejects the command with the exception's message.
 */
@FunctionalInterface
public interface Interceptor
{
    /**
     * Look at a command.
     *
     * @param command     the command.
     * @param aggregateId its aggregate's id.
     * @param decision    reject through it to stop the command.
     */
    void intercept(Object command, String aggregateId, Decision decision);
}
