package dev.scribe.replication.node;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.scribe.replication.node.Simulation.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two real agents, both standbys with level journals and no primary, with automatic promotion set per node (the
 * simulation sets it for both). Node 1 runs in the simulation; node 2 is an agent this test drives by hand.
 */
final class NodeAgentMixedPromotionTest
{
    private final List<String> trace = new ArrayList<>();
    private NodeObserver observer(final String who)
    {
        return new NodeObserver()
        {
            @Override
            public void onTransition(final NodeState from, final NodeState to, final long epoch, final String why)
            {
                trace.add(who + " " + from + " -> " + to + " @" + epoch + ": " + why);
            }

            @Override
            public void onEvent(final String message)
            {
            }

            @Override
            public void onViolation(final String message)
            {
                trace.add(who + " VIOLATION " + message);
            }

            @Override
            public void onAlarm(final String message)
            {
                trace.add(who + " ALARM " + message);
            }
        };
    }

    private NodeAgent[] run(final boolean auto1, final boolean suspect1, final boolean auto2, final boolean suspect2)
    {
        final Simulation sim = new Simulation(1).autoPromote(auto1);
        final PeerLink link2 = sim.play(1);
        sim.log(0).journalFiveRecords();
        sim.log(1).journalFiveRecords();
        for (int node = 0; node < 2; node++)
        {
            sim.log(node).sync();
            if (node == 0 ? suspect1 : suspect2)
            {
                sim.log(node).machineCrash(0);
            }
        }
        final NodeAgent one = sim.startAgent(0, false);
        final NodeAgent two = new NodeAgent(new NodeSettings(2, 1, 50 * MS, 250 * MS, auto2, 16), sim.log(1), link2,
            observer("node 2"), false, sim.nowNs());
        for (int i = 0; i < 5_000; i++)
        {
            sim.runFor(MS);
            two.doWork(sim.nowNs());
        }
        return new NodeAgent[] {one, two};
    }

    @Test
    void aLowerIdThatMayHaveLostRecordsLetsTheLevelHigherIdLead()
    {
        final NodeAgent[] agents = run(true, true, true, false);
        assertEquals(NodeState.LEADING, agents[1].state(), String.join("\n", trace));
        assertEquals(NodeState.FOLLOWING, agents[0].state(), String.join("\n", trace));
    }

    @Test
    void lowerIdWithoutAutomaticPromotionLostNothingHigherIdWithItLostNothing()
    {
        final NodeAgent[] agents = run(false, false, true, false);
        assertEquals(NodeState.LEADING, agents[1].state(), "node 2 lost nothing and is level; node 1 does not " +
            "promote itself. " + agents[0].state() + "\n" + String.join("\n", trace));
    }

    @Test
    void lowerIdSuspectWithoutAutomaticPromotionHigherIdWithIt()
    {
        final NodeAgent[] agents = run(false, true, true, false);
        assertEquals(NodeState.LEADING, agents[1].state(), String.join("\n", trace));
    }

    @Test
    void higherIdSuspectLowerIdLostNothing()
    {
        final NodeAgent[] agents = run(true, false, true, true);
        assertEquals(NodeState.LEADING, agents[0].state(), String.join("\n", trace));
        assertEquals(NodeState.FOLLOWING, agents[1].state(), String.join("\n", trace));
    }

    @Test
    void bothSuspectNeitherLeads()
    {
        final NodeAgent[] agents = run(true, true, true, true);
        assertEquals(NodeState.FOLLOWING, agents[0].state(), String.join("\n", trace));
        assertEquals(NodeState.FOLLOWING, agents[1].state(), String.join("\n", trace));
    }
}
