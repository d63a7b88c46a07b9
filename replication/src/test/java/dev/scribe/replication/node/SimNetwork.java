package dev.scribe.replication.node;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongUnaryOperator;

/**
 * The simulated network between two nodes: connections that carry messages with random delays, in order (as TCP
 * does) except for rare reordered or duplicated messages; partitions, one way or both, that silently break every
 * connection crossing them; a dead process's connections reset, a dead machine's go silent. Deliveries are events
 * of the simulation; a node takes them from its inbox when it runs.
 */
final class SimNetwork
{
    /** Something that reaches a node on a connection. */
    record Delivery(long connection, PeerMessage message, RecordId previous, RecordId record, long payload,
        boolean closed)
    {
    }

    /** A connection's two ends: index 0 the dialler, 1 the acceptor. */
    private static final class Connection
    {
        final int[] nodes = new int[2];
        final boolean[] open = {true, true};
        final long[] lastDeliveryNs = new long[2];
        /** Records each side sent that its peer has not taken yet. */
        final int[] unread = new int[2];
        boolean broken;

        int side(final int node)
        {
            return nodes[0] == node ? 0 : 1;
        }
    }

    private final Simulation sim;
    private final SplittableRandom random;
    private final Map<Long, Connection> connections = new HashMap<>();
    private final boolean[][] cut = new boolean[2][2];
    private final boolean[][] silent = new boolean[2][2];
    private final Endpoint[] endpoints = {new Endpoint(0), new Endpoint(1)};
    private long nextConnection;
    private double reorderChance;
    private double duplicateChance;
    private long maxDelayNs;
    private final long[] lyingUntilNs = new long[2];
    /** How many records may be on their way on one connection before its sender's buffer counts as full. */
    static final int WINDOW = 32;

    SimNetwork(final Simulation sim, final SplittableRandom random)
    {
        this.sim = sim;
        this.random = random;
    }

    void faults(final double reorderChance, final double duplicateChance, final long maxDelayNs)
    {
        this.reorderChance = reorderChance;
        this.duplicateChance = duplicateChance;
        this.maxDelayNs = maxDelayNs;
    }

    Endpoint endpoint(final int node)
    {
        return endpoints[node];
    }

    /**
     * A node lies until a time: some of what it says carries an epoch it could not have started, one far above
     * anything it knows, Long.MAX_VALUE, a negative one, or an acknowledgement beyond anything sent.
     */
    void lie(final int node, final long untilNs)
    {
        lyingUntilNs[node] = untilNs;
    }

    private PeerMessage lieIfLying(final int node, final PeerMessage message)
    {
        if (sim.nowNs() >= lyingUntilNs[node] || random.nextInt(3) != 0)
        {
            return message;
        }
        final int liar = Simulation.id(node);
        final int victim = Simulation.id(1 - node);
        final int kind = random.nextInt(4);
        final LongUnaryOperator lie = epoch -> switch (kind)
        {
            case 0 -> Epochs.startedBy(Long.MAX_VALUE, liar, victim) ? Long.MAX_VALUE : Long.MAX_VALUE - 1;
            case 1 -> Epochs.next(liar, victim, epoch + 4 * Epochs.MAX_STEP);
            case 2 -> Epochs.next(victim, liar, epoch + 2 * random.nextInt(3));
            default -> -2 - random.nextInt(3);
        };
        final PeerMessage told;
        if (message instanceof PeerMessage.Hello h)
        {
            told = new PeerMessage.Hello(h.nodeId(), h.role(), lie.applyAsLong(h.epoch()), h.last(),
                h.lastEpochStart());
        }
        else if (message instanceof PeerMessage.Welcome w)
        {
            told = new PeerMessage.Welcome(w.nodeId(), lie.applyAsLong(w.epoch()), w.lastPosition(), w.startAfter(),
                w.truncateFrom(), w.before());
        }
        else if (message instanceof PeerMessage.Refuse r)
        {
            told = new PeerMessage.Refuse(r.code(), lie.applyAsLong(r.epoch()), r.reason());
        }
        else if (message instanceof PeerMessage.Heartbeat b)
        {
            told = new PeerMessage.Heartbeat(lie.applyAsLong(b.epoch()), b.position());
        }
        else if (message instanceof PeerMessage.Ack a)
        {
            told = kind < 2 ? new PeerMessage.Ack(a.epoch(), a.position() + (1L << 40)) :
                new PeerMessage.Ack(lie.applyAsLong(a.epoch()), a.position());
        }
        else
        {
            return message;
        }
        sim.lied(node, told);
        return told;
    }

    /** Cut (or heal) the direction from one node to the other. */
    void cut(final int from, final int to, final boolean isCut)
    {
        cut[from][to] = isCut;
    }

    /**
     * Cut (or heal) one direction silently: what crosses it is lost, but the connection is not broken and what
     * goes the other way still arrives (a one-way loss that TCP has not noticed yet).
     */
    void silentCut(final int from, final int to, final boolean isCut)
    {
        silent[from][to] = isCut;
    }

    boolean partitioned()
    {
        return cut[0][1] || cut[1][0];
    }

    /** A node's process died (reset: the peer hears of it) or its machine did (silence). */
    void nodeDown(final int node, final boolean reset)
    {
        endpoints[node].inbox.clear();
        for (final Map.Entry<Long, Connection> entry : connections.entrySet())
        {
            final Connection c = entry.getValue();
            final int side = c.side(node);
            if (c.nodes[side] == node && c.open[side])
            {
                c.open[side] = false;
                if (reset && !c.broken)
                {
                    deliverLater(c, entry.getKey(), side, new Delivery(entry.getKey(), null, null, null, 0, true));
                }
            }
        }
    }

    private long delay()
    {
        final long base = 50_000 + random.nextLong(500_000);
        return random.nextInt(20) == 0 ? base + random.nextLong(Math.max(1, maxDelayNs)) : base;
    }

    /** Send from one side of a connection to the other. */
    private void send(final long id, final int fromNode, final Delivery delivery)
    {
        final Connection c = connections.get(id);
        if (null == c)
        {
            return;
        }
        final int side = c.side(fromNode);
        if (!c.open[side] || c.broken)
        {
            return;
        }
        final int to = c.nodes[1 - side];
        if (cut[fromNode][to])
        {
            c.broken = true; // TCP over a partition: nothing more gets through this connection, either way
            return;
        }
        if (silent[fromNode][to])
        {
            return;
        }
        deliverLater(c, id, side, delivery);
        if (random.nextDouble() < duplicateChance)
        {
            deliverLater(c, id, side, delivery);
        }
    }

    private void deliverLater(final Connection c, final long id, final int fromSide, final Delivery delivery)
    {
        long at = sim.nowNs() + delay();
        if (random.nextDouble() >= reorderChance)
        {
            at = Math.max(at, c.lastDeliveryNs[fromSide]);
            c.lastDeliveryNs[fromSide] = at;
        }
        final int to = c.nodes[1 - fromSide];
        if (null != delivery.record())
        {
            c.unread[fromSide]++;
        }
        sim.schedule(at, () -> arrive(id, to, delivery));
    }

    private void arrive(final long id, final int to, final Delivery delivery)
    {
        final Connection c = connections.get(id);
        final int side = c.side(to);
        if (!c.open[side] || (c.broken && !delivery.closed()) || !sim.up(to))
        {
            taken(c, 1 - side, delivery);
            return;
        }
        endpoints[to].inbox.add(delivery);
        sim.wake(to);
    }

    private void taken(final Connection c, final int fromSide, final Delivery delivery)
    {
        if (null != delivery.record())
        {
            c.unread[fromSide]--;
            sim.wake(c.nodes[fromSide]); // its sender may read records again
        }
    }

    /** One node's side of the network, as its agent sees it. */
    final class Endpoint implements PeerLink
    {
        private final int node;
        private final ArrayDeque<Delivery> inbox = new ArrayDeque<>();
        private final UnsafeBuffer payload =
            new UnsafeBuffer(new byte[Long.BYTES]);

        Endpoint(final int node)
        {
            this.node = node;
        }

        @Override
        public long dial(final PeerMessage.Hello hello)
        {
            final long id = ++nextConnection;
            final Connection c = new Connection();
            c.nodes[0] = node;
            c.nodes[1] = 1 - node;
            connections.put(id, c);
            if (!sim.up(1 - node) || cut[node][1 - node] || cut[1 - node][node])
            {
                c.open[1] = false;
                c.broken = !sim.up(1 - node) && sim.machineDown(1 - node) || cut[node][1 - node];
                if (!c.broken)
                {
                    deliverLater(c, id, 1, new Delivery(id, null, null, null, 0, true)); // refused
                }
                return id;
            }
            SimNetwork.this.send(id, node, new Delivery(id, lieIfLying(node, hello), null, null, 0, false));
            return id;
        }

        @Override
        public void send(final long connection, final PeerMessage message)
        {
            final PeerMessage told = lieIfLying(node, message);
            sim.trace(node, "sends " + told + " on " + connection);
            SimNetwork.this.send(connection, node, new Delivery(connection, told, null, null, 0, false));
        }

        @Override
        public void sendRecord(final long connection, final RecordId previous, final RecordId record,
            final DirectBuffer buffer, final int offset, final int length)
        {
            SimNetwork.this.send(connection, node, new Delivery(connection, null, previous, record,
                buffer.getLong(offset), false));
        }

        @Override
        public boolean writable(final long connection)
        {
            final Connection c = connections.get(connection);
            return null != c && c.open[c.side(node)] && c.unread[c.side(node)] < WINDOW;
        }

        @Override
        public void close(final long connection)
        {
            final Connection c = connections.get(connection);
            if (null == c)
            {
                return;
            }
            final int side = c.side(node);
            if (c.open[side])
            {
                c.open[side] = false;
                if (!c.broken && c.open[1 - side])
                {
                    deliverLater(c, connection, side, new Delivery(connection, null, null, null, 0, true));
                }
            }
        }

        @Override
        public int poll(final Handler handler, final int limit)
        {
            int delivered = 0;
            while (delivered < limit && !inbox.isEmpty())
            {
                final Delivery d = inbox.poll();
                final Connection c = connections.get(d.connection());
                taken(c, 1 - c.side(node), d);
                if (!c.open[c.side(node)])
                {
                    continue;
                }
                delivered++;
                if (d.closed())
                {
                    c.open[c.side(node)] = false;
                    handler.onClosed(d.connection());
                }
                else if (null != d.message())
                {
                    sim.trace(node, "receives " + d.message() + " on " + d.connection());
                    handler.onMessage(d.connection(), d.message());
                }
                else
                {
                    payload.putLong(0, d.payload());
                    handler.onRecord(d.connection(), d.previous(), d.record(), payload, 0, Long.BYTES);
                }
            }
            return delivered;
        }
    }
}
