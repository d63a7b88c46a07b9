package dev.scribe.replication.node;

import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A node a focused test plays by hand through its end of the simulated network: it collects what the agent on
 * the other end says and sends whatever the test wants, lies included.
 */
final class PlayedPeer implements PeerLink.Handler
{
    /** One message that arrived. */
    record Heard(long connection, PeerMessage message)
    {
    }

    final Simulation sim;
    final PeerLink link;
    final List<Heard> heard = new ArrayList<>();
    final List<Long> closed = new ArrayList<>();
    final List<RecordId> records = new ArrayList<>();

    /** Answers each Hello on a connection the agent dialled, if set. */
    Function<PeerMessage.Hello, PeerMessage> answer;
    private long beatConnection;
    private long beatEpoch;
    private long nextBeatNs;

    PlayedPeer(final Simulation sim, final int node)
    {
        this.sim = sim;
        this.link = sim.play(node);
    }

    /** Run the simulation for a while, collecting what arrives. */
    PlayedPeer run(final long forNs)
    {
        final long step = Simulation.MS;
        for (long t = 0; t < forNs; t += step)
        {
            sim.runFor(step);
            link.poll(this, Integer.MAX_VALUE);
            if (0 != beatConnection && sim.nowNs() >= nextBeatNs)
            {
                link.send(beatConnection, new PeerMessage.Heartbeat(beatEpoch, 0));
                nextBeatNs = sim.nowNs() + 50 * Simulation.MS;
            }
        }
        return this;
    }

    /** The last message of a type that arrived. */
    <T extends PeerMessage> Heard last(final Class<T> type)
    {
        for (int i = heard.size() - 1; i >= 0; i--)
        {
            if (type.isInstance(heard.get(i).message()))
            {
                return heard.get(i);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " arrived; heard " + heard);
    }

    /** Send a heartbeat on a connection every 50 ms while the test runs (0: stop). */
    void beat(final long connection, final long epoch)
    {
        beatConnection = connection;
        beatEpoch = epoch;
    }

    void send(final long connection, final PeerMessage message)
    {
        link.send(connection, message);
    }

    @Override
    public void onMessage(final long connection, final PeerMessage message)
    {
        heard.add(new Heard(connection, message));
        if (null != answer && message instanceof PeerMessage.Hello hello)
        {
            link.send(connection, answer.apply(hello));
        }
    }

    @Override
    public void onRecord(final long connection, final RecordId previous, final RecordId record,
        final DirectBuffer buffer, final int offset, final int length)
    {
        records.add(record);
    }

    @Override
    public void onClosed(final long connection)
    {
        closed.add(connection);
    }
}
