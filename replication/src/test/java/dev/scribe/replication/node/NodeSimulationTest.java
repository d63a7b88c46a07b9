package dev.scribe.replication.node;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the replication node's state machine through thousands of seeded fault schedules (see {@link Simulation}).
 * {@code -Dscribe.sim.schedules=N} runs more (the {@code simulation} profile runs a million), {@code
 * -Dscribe.sim.seed=S} replays one schedule with its trace printed.
 */
final class NodeSimulationTest
{
    private static final int DEFAULT_SCHEDULES = 10_000;

    @Test
    void noAcknowledgedCommandIsLostUnderAnySchedule()
    {
        final String one = System.getProperty("scribe.sim.seed");
        if (null != one && !one.isBlank())
        {
            final Simulation.Result result = new Simulation(Long.parseLong(one.trim())).verbose(true).run();
            if (!result.passed())
            {
                fail(result.report());
            }
            return;
        }
        final int schedules = Integer.getInteger("scribe.sim.schedules", DEFAULT_SCHEDULES);
        final long firstSeed = Long.getLong("scribe.sim.firstSeed", 1);
        final long startNs = System.nanoTime();
        long acknowledged = 0;
        long events = 0;
        for (long seed = firstSeed; seed < firstSeed + schedules; seed++)
        {
            final Simulation.Result result = new Simulation(seed).run();
            if (!result.passed())
            {
                fail(result.report());
            }
            acknowledged += result.acknowledged();
            events += result.events();
        }
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        System.out.printf("replication simulation: %d schedules (seeds %d..%d), %d events, %d commands " +
            "acknowledged at REPLICATED, %.1f s, %.0f schedules/s%n", schedules, firstSeed,
            firstSeed + schedules - 1, events, acknowledged, seconds, schedules / seconds);
        assertTrue(acknowledged > schedules, "the schedules acknowledged too few commands to mean anything: " +
            acknowledged);
    }
}
