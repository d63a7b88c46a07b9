package dev.scribe.replication;

import dev.scribe.engine.replica.ReplicaPort;
import dev.scribe.replication.node.NodeAgent;
import dev.scribe.replication.node.NodeState;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.IdleStrategy;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The node's one thread of decisions, as an Agrona {@link Agent}: each duty cycle runs the requests made from other
 * threads (promote, demote, close), the control file now and then, and one {@link NodeAgent#doWork} with the time
 * now; then it publishes what {@link ReplicationNode#status()} reads. Its {@link #idleStrategy() idle strategy}
 * parks the thread until the engine journals a batch, the peer link delivers something, a request arrives or a
 * tick passes, so an idle node costs no CPU and a busy one no system call per batch.
 */
final class NodeDuty implements Agent
{
    private static final long CONTROL_INTERVAL_NS = 200_000_000L;

    private final NodeAgent agent;
    private final EngineReplicaLog journal;
    private final NodeLink link;
    private final DivergenceCheck divergence;
    private final ControlFile control;
    private final Consumer<String> controlHandler;
    private final Runnable flush;
    private final Queue<Runnable> requests = new ConcurrentLinkedQueue<>();
    private final long tickNs;
    private volatile Thread thread;
    private volatile NodeState state;
    private volatile boolean connected;
    private long nextControlNs;
    private long signalsSeen;
    private ReplicaPort engine;
    private NodeCounters counters;
    private long truncations;

    NodeDuty(
        final NodeAgent agent,
        final EngineReplicaLog journal,
        final NodeLink link,
        final DivergenceCheck divergence,
        final ControlFile control,
        final Consumer<String> controlHandler,
        final Runnable flush,
        final long tickNs)
    {
        this.agent = agent;
        this.journal = journal;
        this.link = link;
        this.divergence = divergence;
        this.control = control;
        this.controlHandler = controlHandler;
        this.flush = flush;
        this.tickNs = tickNs;
        this.state = agent.state();
        watchEngine();
    }

    @Override
    public void onStart()
    {
        thread = Thread.currentThread();
        link.waiter(thread);
    }

    @Override
    public int doWork()
    {
        signalsSeen = link.signals();
        int work = 0;
        try
        {
            for (Runnable request = requests.poll(); null != request; request = requests.poll())
            {
                request.run();
                work++;
            }
            final long nowNs = System.nanoTime();
            if (nowNs - nextControlNs >= 0)
            {
                nextControlNs = nowNs + CONTROL_INTERVAL_NS;
                final String request = control.take();
                if (null != request)
                {
                    controlHandler.accept(request);
                    work++;
                }
            }
            work += agent.doWork(nowNs);
        }
        finally
        {
            flush.run(); // what the cycle sent leaves in one write per connection, even if the cycle failed
        }
        publish();
        return work;
    }

    @Override
    public void onClose()
    {
        link.waiter(null);
        for (Runnable request = requests.poll(); null != request; request = requests.poll())
        {
            request.run();
        }
        try
        {
            agent.close();
        }
        finally
        {
            flush.run();
        }
        state = agent.state();
        connected = false;
    }

    @Override
    public String roleName()
    {
        return "scribe-node";
    }

    /** Run an action on the duty thread at the start of its next cycle. */
    void request(final Runnable action)
    {
        requests.add(action);
        wake();
    }

    /** Wake the duty thread if it is parked: the peer link delivered something, or a request is waiting. */
    void wake()
    {
        final Thread t = thread;
        if (null != t)
        {
            LockSupport.unpark(t);
        }
    }

    ControlFile control()
    {
        return control;
    }

    NodeState state()
    {
        return state;
    }

    boolean connected()
    {
        return connected;
    }

    /** Parks until a batch is journaled after the last cycle began, a wake-up, or the tick. */
    IdleStrategy idleStrategy()
    {
        return new IdleStrategy()
        {
            @Override
            public void idle(final int workCount)
            {
                if (workCount <= 0)
                {
                    idle();
                }
            }

            @Override
            public void idle()
            {
                link.await(signalsSeen, tickNs);
            }

            @Override
            public void reset()
            {
            }

            @Override
            public String alias()
            {
                return "scribe-node-park";
            }
        };
    }

    private void publish()
    {
        state = agent.state();
        connected = agent.connected();
        watchEngine();
        counters.connected(connected);
        counters.update(engine, divergence.diverged(), truncations);
        if (state == NodeState.LEADING)
        {
            counters.sentPosition(agent.sentPosition());
        }
        else
        {
            counters.acknowledgedPosition(agent.acknowledgedPosition());
        }
    }

    /** A relaunched engine (stepped down, truncated) gets the node's counters and a fresh divergence check. */
    private void watchEngine()
    {
        final ReplicaPort current = journal.port();
        if (current != engine)
        {
            engine = current;
            divergence.reset();
            divergence.errorHandler(current.errorHandler());
            counters = new NodeCounters(current);
        }
        truncations = journal.truncations();
    }
}
