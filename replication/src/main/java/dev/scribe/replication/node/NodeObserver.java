package dev.scribe.replication.node;

/**
 * Told what a node agent does, for logs and counters. Called on the agent's thread; must not block.
 */
public interface NodeObserver
{
    /**
     * The node's state changed.
     *
     * @param from   the state before.
     * @param to     the state after.
     * @param epoch  the node's epoch afterwards.
     * @param reason why.
     */
    void onTransition(NodeState from, NodeState to, long epoch, String reason);

    /**
     * Something worth a log line happened (a connection, a refusal, a truncation).
     *
     * @param message what happened, in words.
     */
    void onEvent(String message);

    /**
     * An authenticated peer broke the protocol (an acknowledgement beyond what was sent, a record out of order);
     * the connection is closed.
     *
     * @param message what it did.
     */
    void onViolation(String message);

    /**
     * The journals disagree in a way the node cannot settle by itself; an operator must look.
     *
     * @param message what disagrees.
     */
    void onAlarm(String message);
}
