package dev.scribe.replication;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * Two nodes of a pair started on ports picked as they bind, so that no test races another process for a port: the
 * first node starts with its peer's port not yet known (it dials nothing), the second dials the first's bound
 * address, and the first is then told the second's. {@link #startPeer} starts a node beside one already running
 * (a restart, or a node that joins late) the same way.
 */
final class NodePair implements AutoCloseable
{
    /** Any free port on 127.0.0.1, picked when the node binds. */
    static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);
    /** A peer whose port is not known yet: a node given it dials nothing until told the peer's address. */
    static final InetSocketAddress UNKNOWN_PEER = new InetSocketAddress("127.0.0.1", 0);

    final ReplicationNode one;
    final ReplicationNode two;

    private NodePair(final ReplicationNode one, final ReplicationNode two)
    {
        this.one = one;
        this.two = two;
    }

    /**
     * Start both nodes: the first on its own, then the second beside it.
     *
     * @param first     the first node's settings; its addresses are set here.
     * @param firstLog  the first node's log.
     * @param second    the second node's settings; its addresses are set here.
     * @param secondLog the second node's log.
     * @return the running pair.
     * @throws IOException if a node cannot start.
     */
    static NodePair start(final ReplicationContext first, final Consumer<String> firstLog,
        final ReplicationContext second, final Consumer<String> secondLog) throws IOException
    {
        final ReplicationNode one = startAlone(first, firstLog);
        ReplicationNode two = null;
        try
        {
            two = startPeer(second, one, secondLog);
        }
        finally
        {
            if (null == two)
            {
                one.close();
            }
        }
        return new NodePair(one, two);
    }

    /**
     * Start a node whose peer is not running: it listens on a free port and dials nothing until it is told its
     * peer's address ({@link ReplicationNode#peer}).
     *
     * @param context the node's settings; its addresses are set here.
     * @param log     the node's log.
     * @return the running node.
     * @throws IOException if it cannot start.
     */
    static ReplicationNode startAlone(final ReplicationContext context, final Consumer<String> log)
        throws IOException
    {
        return ReplicationNode.start(context.listen(ANY_PORT).peer(UNKNOWN_PEER), log);
    }

    /**
     * Start a node beside a running one: it dials the running node's bound address, and the running node is then
     * told where the new one listens.
     *
     * @param context the new node's settings; its addresses are set here.
     * @param running the node already running.
     * @param log     the new node's log.
     * @return the new node, running.
     * @throws IOException if it cannot start.
     */
    static ReplicationNode startPeer(final ReplicationContext context, final ReplicationNode running,
        final Consumer<String> log) throws IOException
    {
        final ReplicationNode node = ReplicationNode.start(
            context.listen(ANY_PORT).peer(running.listenAddress()), log);
        running.peer(node.listenAddress());
        return node;
    }

    /** Close the second node, then the first. */
    @Override
    public void close()
    {
        try
        {
            two.close();
        }
        finally
        {
            one.close();
        }
    }
}
