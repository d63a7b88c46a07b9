package dev.scribe.replication.node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Two real {@link NodeAgent}s on one thread, with simulated disks ({@link SimLog}), a simulated network
 * ({@link SimNetwork}) and simulated time, driven from one seed: a schedule of commands sent at REPLICATED,
 * process kills, machine crashes that lose unsynced journal tails, pauses longer than the heartbeat timeout,
 * partitions one way and both, delayed, reordered and duplicated messages, promotions by an operator (of stale
 * nodes too), demotions and restarts in the wrong role. After every step {@link SimChecker} checks the
 * invariants; once the faults stop, the pair must settle with one primary, a standby that has caught up and
 * identical journals. The same seed gives the same run, event for event.
 */
final class Simulation
{
    static final long MS = 1_000_000L;
    private static final long HEARTBEAT_INTERVAL_NS = 50 * MS;
    private static final long HEARTBEAT_TIMEOUT_NS = 250 * MS;
    private static final int NODE_A = 1;
    private static final int NODE_B = 2;

    /** A scheduled action. */
    private record Event(long atNs, long sequence, Runnable action)
    {
    }

    private final long seed;
    private final SplittableRandom random;
    private final PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.atNs != b.atNs ?
        Long.compare(a.atNs, b.atNs) : Long.compare(a.sequence, b.sequence));
    private final SimChecker checker = new SimChecker();
    private final SimNetwork network;
    private final SimLog[] logs = new SimLog[2];
    private final NodeAgent[] agents = new NodeAgent[2];
    private final boolean[] asPrimary = new boolean[2];
    private final boolean[] machineDown = new boolean[2];
    private final boolean[] played = new boolean[2];
    private final long[] pausedUntilNs = new long[2];
    private final boolean[] tickScheduled = new boolean[2];
    private final ArrayDeque<String> trace = new ArrayDeque<>();
    private final List<String> schedule = new ArrayList<>();
    private final List<Long> inDoubt = new ArrayList<>();
    private boolean autoPromote;
    private final boolean liars;
    private final boolean diskLoss;
    private boolean operatorFault;
    private final long faultsEndNs;
    private long nowNs;
    private long sequence;
    private long nextPayload = 1;
    private long refusedPromotions;
    private boolean verbose;

    Simulation(final long seed)
    {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.network = new SimNetwork(this, random.split());
        this.autoPromote = random.nextBoolean();
        this.faultsEndNs = (1_000 + random.nextLong(3_000)) * MS;
        this.liars = random.nextInt(4) == 0;
        this.diskLoss = random.nextInt(4) == 0;
        network.faults(random.nextInt(4) == 0 ? 0.002 : 0, random.nextInt(4) == 0 ? 0.002 : 0,
            random.nextLong(random.nextInt(4) == 0 ? 600 : 200) * MS);
        final boolean killsInside = random.nextInt(4) == 0;
        final boolean sparse = random.nextBoolean();
        for (int node = 0; node < 2; node++)
        {
            logs[node] = new SimLog(id(node), checker);
            logs[node].inDoubt(inDoubt);
            logs[node].sparse(sparse);
            if (killsInside)
            {
                logs[node].killInside(() -> nowNs < faultsEndNs && random.nextInt(8) == 0);
            }
        }
        checker.logs(logs);
    }

    /** What a run found. */
    record Result(long seed, String failure, long acknowledged, long events, List<String> schedule,
        List<String> trace)
    {
        boolean passed()
        {
            return null == failure;
        }

        String report()
        {
            return "simulation seed " + seed + " failed: " + failure + "\nschedule:\n  " +
                String.join("\n  ", schedule) + "\nlast steps:\n  " + String.join("\n  ", trace) +
                "\nreplay with -Dscribe.sim.seed=" + seed;
        }
    }

    Simulation verbose(final boolean verbose)
    {
        this.verbose = verbose;
        return this;
    }

    long nowNs()
    {
        return nowNs;
    }

    static int id(final int node)
    {
        return node == 0 ? NODE_A : NODE_B;
    }

    boolean up(final int node)
    {
        return null != agents[node] || played[node];
    }

    /** For a focused test: the test plays a node through its end of the network; nothing runs it. */
    PeerLink play(final int node)
    {
        played[node] = true;
        network.faults(0, 0, 0); // a focused test's network only delays a little, and no process is killed
        for (final SimLog log : logs)
        {
            log.killInside(() -> false);
        }
        return network.endpoint(node);
    }

    /** For a focused test: start a node's agent now. */
    NodeAgent startAgent(final int node, final boolean primary)
    {
        start(node, primary);
        return agents[node];
    }

    /** For a focused test: whether standbys promote themselves (before the agents start). */
    Simulation autoPromote(final boolean autoPromote)
    {
        this.autoPromote = autoPromote;
        return this;
    }

    NodeAgent agent(final int node)
    {
        return agents[node];
    }

    SimLog log(final int node)
    {
        return logs[node];
    }

    SimChecker checker()
    {
        return checker;
    }

    /** For a focused test: run the scheduled events (no faults are scheduled) up to a time from now. */
    void runFor(final long forNs)
    {
        final long untilNs = nowNs + forNs;
        while (!events.isEmpty() && events.peek().atNs <= untilNs)
        {
            final Event event = events.poll();
            nowNs = event.atNs;
            event.action.run();
            checker.afterEvent();
        }
        nowNs = untilNs;
    }

    boolean machineDown(final int node)
    {
        return machineDown[node];
    }

    void schedule(final long atNs, final Runnable action)
    {
        events.add(new Event(atNs, sequence++, action));
    }

    void trace(final int node, final String what)
    {
        note("node " + id(node) + " " + what);
    }

    private void note(final String what)
    {
        trace.addLast(String.format("%9.3f ms %s", nowNs / 1e6, what));
        if (verbose)
        {
            System.out.println(trace.peekLast());
        }
        if (trace.size() > 400)
        {
            trace.removeFirst();
        }
    }

    private void step(final String what)
    {
        schedule.add(String.format("%9.3f ms %s", nowNs / 1e6, what));
        note("STEP " + what);
    }

    /** A node is to run soon: something arrived for it. */
    void wake(final int node)
    {
        if (!tickScheduled[node])
        {
            tickScheduled[node] = true;
            schedule(nowNs + random.nextLong(200_000), () -> tick(node));
        }
    }

    Result run()
    {
        step("automatic promotion " + (autoPromote ? "on" : "off") + (liars ? ", lying peers" : "") +
            (diskLoss ? ", lost disks" : ""));
        start(0, true);
        start(1, false);
        schedule(random.nextLong(5 * MS), this::nextFault);
        schedule(MS, this::command);
        final long endNs = faultsEndNs + 6_000 * MS;
        schedule(faultsEndNs, this::heal);
        long count = 0;
        while (!events.isEmpty() && null == checker.failure())
        {
            final Event event = events.poll();
            if (event.atNs > endNs)
            {
                break;
            }
            nowNs = event.atNs;
            event.action.run();
            checker.afterEvent();
            count++;
        }
        if (null == checker.failure())
        {
            settled();
        }
        return new Result(seed, checker.failure(), checker.acknowledgedCount(), count, schedule,
            new ArrayList<>(trace));
    }

    private void start(final int node, final boolean primary)
    {
        asPrimary[node] = primary;
        machineDown[node] = false;
        final NodeSettings settings = new NodeSettings(id(node), id(1 - node), HEARTBEAT_INTERVAL_NS,
            HEARTBEAT_TIMEOUT_NS, autoPromote, 16);
        agents[node] = new NodeAgent(settings, logs[node], network.endpoint(node), observer(node), primary, nowNs);
        periodic(node, agents[node]);
    }

    /** A node runs every few milliseconds while its process lives, and sooner when something arrives. */
    private void periodic(final int node, final NodeAgent agent)
    {
        schedule(nowNs + MS + random.nextLong(9 * MS), () ->
        {
            if (agents[node] == agent)
            {
                tick(node);
                periodic(node, agent);
            }
        });
    }

    private void tick(final int node)
    {
        tickScheduled[node] = false;
        final NodeAgent agent = agents[node];
        if (null == agent || nowNs < pausedUntilNs[node])
        {
            return;
        }
        try
        {
            agent.doWork(nowNs);
        }
        catch (final SimLog.Killed killed)
        {
            note("node " + id(node) + " " + killed.getMessage());
            // a standby killed while it takes over comes back as a standby: without automatic promotion, an
            // operator must act
            operatorFault |= !autoPromote && !asPrimary[node];
            kill(node, false);
            return;
        }
        catch (final RuntimeException ex)
        {
            checker.fail("node " + id(node) + " threw " + ex);
        }
        if (random.nextInt(50) == 0)
        {
            logs[node].sync(); // a SYNCED command, or the OS writing pages back
        }
    }

    private void command()
    {
        if (nowNs < faultsEndNs + 5_000 * MS)
        {
            for (int node = 0; node < 2; node++)
            {
                if (null != agents[node] && nowNs >= pausedUntilNs[node] && logs[node].leading() &&
                    agents[node].state() == NodeState.LEADING)
                {
                    if (!inDoubt.isEmpty() && random.nextInt(4) == 0)
                    {
                        // a client resends a command whose result was in doubt, with the same idempotency key
                        logs[node].command(inDoubt.remove(inDoubt.size() - 1));
                    }
                    else
                    {
                        logs[node].command(nextPayload++);
                    }
                }
            }
            schedule(nowNs + random.nextLong(4 * MS), this::command);
        }
    }

    private void nextFault()
    {
        if (nowNs >= faultsEndNs)
        {
            return;
        }
        fault(random.nextInt(2), random.nextInt(100));
        schedule(nowNs + random.nextLong(400 * MS), this::nextFault);
    }

    private void fault(final int node, final int dice)
    {
        if (dice < 15)
        {
            kill(node, false);
        }
        else if (dice < 25)
        {
            kill(node, true);
        }
        else if (dice < 40)
        {
            pause(node, random.nextLong(2 * HEARTBEAT_TIMEOUT_NS));
        }
        else if (dice < 60)
        {
            partition(random.nextInt(4), random.nextLong(1_000 * MS));
        }
        else if (dice < 75)
        {
            operatorPromote(node);
        }
        else if (dice < 82)
        {
            operatorDemote(node);
        }
        else if (dice < 84 && diskLoss && !operatorFault)
        {
            loseDisk(node);
        }
        else if (dice < 86 && liars)
        {
            final long forNs = random.nextLong(1_000 * MS);
            step("node " + id(node) + " lies for " + forNs / MS + " ms");
            network.lie(node, nowNs + forNs);
        }
        else
        {
            step("sync node " + id(node));
            logs[node].sync();
        }
    }

    private void kill(final int node, final boolean machine)
    {
        if (null == agents[node])
        {
            return;
        }
        step((machine ? "machine crash of node " : "kill -9 of node ") + id(node));
        // with automatic promotion off, a primary started as a standby comes back as one: an operator must act
        operatorFault |= !autoPromote && !asPrimary[node] && agents[node].state() == NodeState.LEADING;
        agents[node] = null;
        machineDown[node] = machine;
        network.nodeDown(node, !machine);
        if (machine)
        {
            logs[node].machineCrash(random.nextInt(Math.max(1, logs[node].records().size() + 1)));
        }
        else
        {
            logs[node].processCrash();
        }
        final boolean role = random.nextInt(10) == 0 ? !asPrimary[node] : asPrimary[node];
        operatorFault |= role != asPrimary[node];
        schedule(nowNs + random.nextLong(1_000 * MS), () ->
        {
            if (null == agents[node])
            {
                step("restart node " + id(node) + " as " + (role ? "primary" : "standby"));
                start(node, role);
            }
        });
    }

    /** A node's machine dies and it comes back on an empty disk, in its role: an operator replaced the disk. */
    private void loseDisk(final int node)
    {
        step("disk of node " + id(node) + " lost; it restarts on an empty directory");
        operatorFault = true;
        if (null != agents[node])
        {
            agents[node] = null;
            machineDown[node] = true;
            network.nodeDown(node, false);
        }
        logs[node].wipe();
        final long downNs = random.nextLong(1_000 * MS);
        schedule(nowNs + downNs, () ->
        {
            if (null == agents[node])
            {
                step("restart node " + id(node) + " on its new disk as " + (asPrimary[node] ? "primary" : "standby"));
                start(node, asPrimary[node]);
            }
        });
    }

    private void pause(final int node, final long forNs)
    {
        step("pause node " + id(node) + " for " + forNs / MS + " ms");
        pausedUntilNs[node] = nowNs + forNs;
        schedule(nowNs + forNs, () -> wake(node));
    }

    private void partition(final int kind, final long forNs)
    {
        final int from = random.nextInt(2);
        step((kind == 0 ? "partition both ways" : (kind == 3 ? "silent " : "") + "partition from node " + id(from) +
            " to " + id(1 - from)) + " for " + forNs / MS + " ms");
        if (kind == 3)
        {
            network.silentCut(from, 1 - from, true);
            schedule(nowNs + forNs, () ->
            {
                step("silent partition healed");
                network.silentCut(from, 1 - from, false);
            });
            return;
        }
        network.cut(from, 1 - from, true);
        if (kind == 0)
        {
            network.cut(1 - from, from, true);
        }
        schedule(nowNs + forNs, () ->
        {
            step("partition healed");
            network.cut(0, 1, false);
            network.cut(1, 0, false);
        });
    }

    private void operatorPromote(final int node)
    {
        final NodeAgent agent = agents[node];
        if (null == agent)
        {
            return;
        }
        step("operator promotes node " + id(node));
        operatorFault = true;
        try
        {
            agent.promote(false, "operator");
        }
        catch (final SimLog.Killed killed)
        {
            note("node " + id(node) + " " + killed.getMessage());
            kill(node, false);
        }
        catch (final IllegalStateException ex)
        {
            refusedPromotions++;
            note("promotion refused: " + ex.getMessage());
        }
    }

    private void operatorDemote(final int node)
    {
        final NodeAgent agent = agents[node];
        if (null != agent && agent.state() == NodeState.LEADING)
        {
            step("operator demotes node " + id(node));
            operatorFault = true;
            agent.demote("operator");
        }
    }

    /** The faults stop: every node up, running, connected. An operator steps in if no primary emerges. */
    private void heal()
    {
        step("faults stop");
        network.cut(0, 1, false);
        network.cut(1, 0, false);
        network.silentCut(0, 1, false);
        network.silentCut(1, 0, false);
        network.faults(0, 0, 0);
        network.lie(0, 0);
        network.lie(1, 0);
        for (int node = 0; node < 2; node++)
        {
            pausedUntilNs[node] = 0;
            if (null == agents[node])
            {
                start(node, asPrimary[node]);
            }
        }
        schedule(nowNs + 2_000 * MS, this::operatorIfNoPrimary);
    }

    private void operatorIfNoPrimary()
    {
        if (leaders() > 0)
        {
            return;
        }
        if (!operatorFault)
        {
            checker.fail("no primary 2 s after the faults stopped, and no operator did anything that needs one");
            return;
        }
        final RecordId a = logs[0].last();
        final RecordId b = logs[1].last();
        final int best = a.epoch() > b.epoch() || (a.epoch() == b.epoch() && a.position() >= b.position()) ? 0 : 1;
        step("no primary after the faults: operator promotes node " + id(best) + ", the more complete journal");
        try
        {
            agents[best].promote(false, "operator, after the faults");
        }
        catch (final IllegalStateException ex)
        {
            note("promotion refused: " + ex.getMessage());
            if (!agents[1 - best].suspect())
            {
                step("operator promotes node " + id(1 - best) + " instead, which lost nothing");
                agents[1 - best].promote(false, "operator, after the faults");
            }
            else
            {
                step("operator promotes node " + id(best) + " by force: both nodes may have lost records");
                checker.forced(true);
                agents[best].promote(true, "operator, by force");
                checker.forced(false);
            }
        }
    }

    private int leaders()
    {
        int leaders = 0;
        for (final NodeAgent agent : agents)
        {
            leaders += agent.state() == NodeState.LEADING ? 1 : 0;
        }
        return leaders;
    }

    private void settled()
    {
        if (leaders() != 1)
        {
            checker.fail("after the faults stopped, " + leaders() + " nodes lead");
            return;
        }
        final int leader = agents[0].state() == NodeState.LEADING ? 0 : 1;
        if (!agents[1 - leader].connected() || !agents[leader].connected())
        {
            checker.fail("after the faults stopped, the standby is not streaming from the primary");
            return;
        }
        if (!logs[0].records().equals(logs[1].records()))
        {
            checker.fail("after the faults stopped, the journals differ: " + logs[0].last() + " and " +
                logs[1].last());
            return;
        }
        checker.checkAllIn(logs[leader], "the primary's journal after the faults stopped");
        for (int node = 0; node < 2; node++)
        {
            if (!logs[node].pending().isEmpty())
            {
                checker.fail("node " + id(node) + " still holds " + logs[node].pending().size() + " REPLICATED " +
                    "results 1 s after the last command, the first " + logs[node].pending().get(0));
                return;
            }
        }
    }

    private NodeObserver observer(final int node)
    {
        return new NodeObserver()
        {
            @Override
            public void onTransition(final NodeState from, final NodeState to, final long epoch,
                final String reason)
            {
                note("node " + id(node) + " " + from + " -> " + to + " at epoch " + epoch + ": " + reason);
            }

            @Override
            public void onEvent(final String message)
            {
                note("node " + id(node) + ": " + message);
            }

            @Override
            public void onViolation(final String message)
            {
                note("node " + id(node) + " VIOLATION: " + message);
            }

            @Override
            public void onAlarm(final String message)
            {
                note("node " + id(node) + " ALARM: " + message);
            }
        };
    }

    /** A node told a lie. */
    void lied(final int node, final PeerMessage told)
    {
        note("node " + id(node) + " LIES: " + told);
    }

    long refusedPromotions()
    {
        return refusedPromotions;
    }
}
